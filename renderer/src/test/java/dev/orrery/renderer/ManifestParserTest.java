package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

  private final ManifestParser parser = new ManifestParser();

  private ParsedFile parse(String text) {
    return parser.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> names(ParsedFile file) {
    return file.manifests().stream()
        .map(m -> (String) ((Map<?, ?>) m.content().get("metadata")).get("name"))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static List<Integer> lines(ParsedFile file) {
    return file.manifests().stream().map(ParsedManifest::line).toList();
  }

  @Test
  void readsEveryDocumentInOrderWithTheLineOfItsFirstContent() {
    ParsedFile file =
        parse(
            """
        # leading comment
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: first
        ---
        ---
        # only a comment
        ---
        ~
        ---

        # comment before content
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: second
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: third}
        """);

    assertThat(file.problems()).isEmpty();
    assertThat(names(file)).containsExactly("first", "second", "third");
    assertThat(lines(file)).containsExactly(2, 14, 19);
  }

  @Test
  void readsJsonWithLines() {
    ParsedFile file =
        parse(
            """


        {
        \t"apiVersion": "v1",
        \t"kind": "Secret",
        \t"metadata": {"name": "s", "namespace": "ns"},
        \t"data": {"a": "YQ=="}
        }
        """);

    assertThat(file.problems()).isEmpty();
    assertThat(lines(file)).containsExactly(3);
    assertThat(file.manifests().get(0).content()).containsEntry("kind", "Secret");
  }

  @Test
  void expandsListsRecursivelyWithTheLineOfEachItem() {
    ParsedFile file =
        parse(
            """
        apiVersion: v1
        kind: List
        metadata: {}
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: a
        - apiVersion: v1
          kind: List
          items:
            - apiVersion: v1
              kind: ConfigMap
              metadata:
                name: b
        - null
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: c
        """);

    assertThat(file.problems()).isEmpty();
    assertThat(names(file)).containsExactly("a", "b", "c");
    assertThat(lines(file)).containsExactly(5, 12, 17);
  }

  @Test
  void reportsAListWhoseItemsAreNotASequence() {
    ParsedFile file = parse("apiVersion: v1\nkind: List\nitems: {a: b}\n");

    assertThat(file.problems())
        .containsExactly(new LineProblem(1, "items of a List must be a sequence"));
  }

  @Test
  void reportsEveryObjectWithMissingOrMistypedFields() {
    ParsedFile file =
        parse(
            """
        kind: ConfigMap
        metadata:
          name: no-api-version
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          namespace: x
        ---
        apiVersion: v1
        metadata: []
        ---
        apiVersion: 1
        kind: ConfigMap
        metadata: {name: ok, namespace: 3}
        ---
        - a
        - b
        ---
        just a string
        """);

    assertThat(file.manifests()).isEmpty();
    assertThat(file.problems())
        .containsExactly(
            new LineProblem(1, "object is missing apiVersion"),
            new LineProblem(5, "object is missing metadata.name"),
            new LineProblem(10, "object is missing kind; metadata must be a mapping"),
            new LineProblem(13, "apiVersion must be a string; metadata.namespace must be a string"),
            new LineProblem(
                17, "document is not a Kubernetes object: expected a mapping, found a sequence"),
            new LineProblem(
                20,
                "document is not a Kubernetes object: expected a mapping, found a scalar (just a string)"));
  }

  @Test
  void reportsASyntaxErrorAtTheLineOfTheProblem() {
    ParsedFile file =
        parse(
            """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: fine
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: broken
            labels: x
        """);

    assertThat(file.problems()).hasSize(1);
    assertThat(file.problems().get(0).line()).isEqualTo(10);
    assertThat(file.problems().get(0).message())
        .startsWith("invalid YAML: ")
        .contains("mapping values are not allowed");
  }

  @Test
  void reportsADuplicateKeyAtItsLine() {
    ParsedFile file =
        parse(
            """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
          name: b
        """);

    assertThat(file.problems()).hasSize(1);
    assertThat(file.problems().get(0).line()).isEqualTo(5);
    assertThat(file.problems().get(0).message()).contains("duplicate key name");
  }

  @Test
  void reportsAnUnterminatedJsonObjectAtTheEnd() {
    ParsedFile file = parse("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"ConfigMap\"\n");

    assertThat(file.problems()).hasSize(1);
    assertThat(file.problems().get(0).line()).isEqualTo(4);
  }

  @Test
  void reportsAForbiddenControlCharacterAtItsLine() {
    ParsedFile file = parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \u0001bad\n");

    assertThat(file.problems()).hasSize(1);
    assertThat(file.problems().get(0).line()).isEqualTo(4);
  }

  @Test
  void readsScalarsWithTheCoreSchemaAndNormalizesLikeKubernetes() {
    ParsedFile file =
        parse(
            """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: types
        data:
          yes: no
          on: off
          1: one
          null: nothing
          tilde: ~
          bool: True
          number: 0x10
          anchors: &a {x: 1}
          merged:
            <<: *a
            y: 2
        binaryData:
          blob: !!binary aGk=
        """);

    assertThat(file.problems()).isEmpty();
    Map<String, Object> content = file.manifests().get(0).content();
    assertThat(map(content.get("data")))
        .containsEntry("yes", "no")
        .containsEntry("on", "off")
        .containsEntry("1", "one")
        .containsEntry("null", "nothing")
        .containsEntry("tilde", null)
        .containsEntry("bool", true)
        .containsEntry("number", 16)
        .containsEntry("merged", Map.of("x", 1, "y", 2));
    assertThat(map(content.get("binaryData"))).containsEntry("blob", "aGk=");
  }

  @Test
  void doesNotSubstituteEnvironmentVariables() {
    ParsedFile file =
        parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: env}\ndata:\n  home: ${HOME}\n");

    assertThat(file.problems()).isEmpty();

    assertThat(map(file.manifests().get(0).content().get("data"))).containsEntry("home", "${HOME}");
  }

  @Test
  void producesDeeplyImmutableContent() {
    ParsedFile file =
        parse(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {a: b}}\nlist: [1, 2]\n");
    Map<String, Object> content = file.manifests().get(0).content();

    assertThatThrownBy(() -> content.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) content.get("metadata");
    assertThatThrownBy(() -> metadata.remove("name"))
        .isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) content.get("list");
    assertThatThrownBy(() -> list.add(3)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void readsUtf16WithAByteOrderMark() {
    String text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wide\n";
    byte[] bom = {(byte) 0xFE, (byte) 0xFF};
    byte[] body = text.getBytes(StandardCharsets.UTF_16BE);
    byte[] bytes = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, bytes, 0, 2);
    System.arraycopy(body, 0, bytes, 2, body.length);

    ParsedFile file = parser.parse(bytes);

    assertThat(file.problems()).isEmpty();
    assertThat(names(file)).containsExactly("wide");
  }
}
