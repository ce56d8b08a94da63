package dev.orrery.renderer;

import static dev.orrery.renderer.HostileInput.assertRejected;
import static dev.orrery.renderer.HostileInput.configMaps;
import static dev.orrery.renderer.HostileInput.measured;
import static dev.orrery.renderer.HostileInput.onlyError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile files: huge, many, binary, not UTF-8, escaping paths and symbolic links. */
class HostileFilesTest {

  private static final int FIFTY_MB = 50 << 20;

  private final Renderer renderer = new Renderer();

  private static RenderRequest whole(SourceTree tree) {
    return RenderRequest.wholeTree(tree, "ns");
  }

  /** One ConfigMap whose single value fills the file up to {@code size} bytes. */
  private static byte[] bigConfigMap(int size) {
    byte[] head =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: "
            .getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[size];
    System.arraycopy(head, 0, bytes, 0, head.length);
    Arrays.fill(bytes, head.length, size - 1, (byte) 'x');
    bytes[size - 1] = '\n';
    return bytes;
  }

  @Test
  void aFiftyMegabyteFileIsRefusedBeforeItIsRead() {
    SourceTree tree =
        new CountingTree(
            MapSourceTree.ofBytes(
                Map.of(
                    "big.yaml",
                    bigConfigMap(FIFTY_MB),
                    "ok.yaml",
                    configMaps("ok", 1).getBytes(StandardCharsets.UTF_8))));
    RenderError error =
        onlyError(measured("50 MB file, default limits", () -> renderer.render(whole(tree))));

    assertThat(error.path()).isEqualTo("big.yaml");
    assertThat(error.message())
        .contains("52428800 bytes, more than the limit of 16777216 (maxFileBytes)");
    assertThat(((CountingTree) tree).reads).doesNotContain("big.yaml");
  }

  @Test
  void aFiftyMegabyteFileWithinARaisedLimitRendersInBoundedTime() {
    Renderer generous = new Renderer(RenderLimits.DEFAULTS.withMaxFileBytes(64 << 20));
    RenderResult result =
        measured(
            "50 MB file, maxFileBytes 64 MiB",
            () ->
                generous.render(
                    whole(MapSourceTree.ofBytes(Map.of("big.yaml", bigConfigMap(FIFTY_MB))))));

    assertThat(result.errors()).isEmpty();
    assertThat(result.objects()).singleElement().extracting(DesiredObject::name).isEqualTo("big");
  }

  @Test
  void theBytesOfOneRenderAreBounded() {
    Map<String, String> files = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      files.put(
          String.format("f%02d.yaml", i),
          configMaps("f" + i, 1) + "# " + "x".repeat(1 << 20) + "\n");
    }
    Renderer bounded = new Renderer(RenderLimits.DEFAULTS.withMaxTotalBytes(8L << 20));
    RenderResult result =
        measured(
            "20 x 1 MiB, maxTotalBytes 8 MiB",
            () -> bounded.render(whole(MapSourceTree.of(files))));

    assertRejected(result);
    assertThat(result.errors())
        .first()
        .satisfies(
            error -> {
              assertThat(error.path()).isEqualTo("f07.yaml");
              assertThat(error.message())
                  .contains("more than the limit of 8388608 (maxTotalBytes)");
            });
  }

  @Test
  void aHundredThousandTinyFilesRenderInBoundedTime() {
    Map<String, String> files = new HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      files.put(
          "apps/d" + (i % 100) + "/f" + i + ".yaml",
          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c" + i + "}\n");
    }
    MapSourceTree tree = MapSourceTree.of(files);
    RenderResult result =
        measured(
            "100,000 tiny files",
            HostileInput.LARGE_TREE_HANG_GUARD,
            () -> renderer.render(whole(tree)));

    assertThat(result.errors()).isEmpty();
    assertThat(result.objects()).hasSize(100_000);
  }

  @Test
  void moreFilesThanTheLimitAreRefusedAsAWhole() {
    Map<String, String> files = new HashMap<>();
    for (int i = 0; i < 1_001; i++) {
      files.put("f" + i + ".yaml", configMaps("c" + i, 1));
    }
    RenderResult result =
        measured(
            "1,001 files, maxFiles 1,000",
            () ->
                new Renderer(RenderLimits.DEFAULTS.withMaxFiles(1_000))
                    .render(whole(MapSourceTree.of(files))));

    RenderError error = onlyError(result);
    assertThat(error.path()).isEqualTo(".");
    assertThat(error.message()).contains("1001 files, more than the limit of 1000 (maxFiles)");
  }

  @Test
  void binaryContentNamedYamlIsReportedAsNotText() {
    byte[] png = new byte[4096];
    new Random(16).nextBytes(png);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
    RenderError error =
        onlyError(
            measured(
                "binary named .yaml",
                () -> renderer.render(whole(MapSourceTree.ofBytes(Map.of("logo.yaml", png))))));

    assertThat(error.path()).isEqualTo("logo.yaml");
    assertThat(error.line()).isEqualTo(1);
    assertThat(error.message()).contains("not valid UTF-8 text: malformed byte 0x89 at offset 0");
  }

  @Test
  void invalidUtf8IsReportedAtTheLineOfTheBadByte() {
    byte[] text =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\u00e9\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    RenderError error =
        onlyError(
            measured(
                "Latin-1 byte",
                () -> renderer.render(whole(MapSourceTree.ofBytes(Map.of("l1.yaml", text))))));

    assertThat(error)
        .isEqualTo(
            new RenderError(
                "l1.yaml",
                4,
                "not valid UTF-8 text: malformed byte 0xe9 at offset 52 (a binary file?)"));
  }

  @Test
  void controlCharactersAreReportedAtTheirLine() {
    RenderError error =
        onlyError(
            measured(
                "NUL byte",
                () ->
                    renderer.render(
                        whole(
                            MapSourceTree.of(
                                Map.of(
                                    "nul.yaml",
                                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\u0000b\n"))))));

    assertThat(error.path()).isEqualTo("nul.yaml");
    assertThat(error.line()).isEqualTo(4);
    assertThat(error.message()).contains("special characters are not allowed");
  }

  @Test
  void aRequestedPathWithDotDotIsRejectedWithTheOffendingPath() {
    assertThatThrownBy(
            () -> new RenderRequest(MapSourceTree.empty(), List.of("apps/../../etc"), "ns"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'apps/../../etc'");
  }

  private static Map<String, String> chartWithSettings(String settings) {
    return Map.of(
        "c/Chart.yaml",
        "apiVersion: v2\nname: c\nversion: 1.0.0\n",
        "c/orrery.yaml",
        settings,
        "c/templates/a.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
        "secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n");
  }

  @Test
  void aValuesFileReferenceLeavingTheRepositoryIsAnErrorAtItsLine() {
    RenderError error =
        onlyError(
            measured(
                "values file ../../..",
                () ->
                    renderer.render(
                        whole(
                            MapSourceTree.of(
                                chartWithSettings(
                                    "releaseName: c\nvaluesFiles:\n  - ../../../etc/passwd\n"))))));

    assertThat(error)
        .isEqualTo(
            new RenderError(
                "c/orrery.yaml",
                3,
                "values file '../../../etc/passwd' not found in the repository"));
  }

  @Test
  void anAbsoluteValuesFileReferenceIsAnErrorAtItsLine() {
    RenderError error =
        onlyError(
            measured(
                "values file /etc/passwd",
                () ->
                    renderer.render(
                        whole(
                            MapSourceTree.of(chartWithSettings("valuesFiles: [/etc/passwd]\n"))))));

    assertThat(error.path()).isEqualTo("c/orrery.yaml");
    assertThat(error.line()).isEqualTo(1);
  }

  @Test
  void aValuesFileReferenceToAnotherPartOfTheRepositoryWithDotDotStaysInside() {
    Map<String, String> files =
        new HashMap<>(chartWithSettings("valuesFiles: [../shared/values.yaml]\n"));
    files.put("shared/values.yaml", "x: 1\n");
    RenderResult result =
        measured("values file ../shared", () -> renderer.render(whole(MapSourceTree.of(files))));

    assertThat(result.errors()).isEmpty();
  }

  @Test
  void aFileDependencyLeavingTheRepositoryIsAnError() {
    RenderError error =
        onlyError(
            measured(
                "file:// dependency outside",
                () ->
                    renderer.render(
                        whole(
                            MapSourceTree.of(
                                Map.of(
                                    "c/Chart.yaml",
                                    "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: x\n  version: 1.0.0\n"
                                        + "  repository: file://../../../tmp/x\n",
                                    "c/templates/a.yaml",
                                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"))))));

    assertThat(error.path()).isEqualTo("c/Chart.yaml");
    assertThat(error.message()).contains("points outside the repository");
  }

  @Test
  void anOversizedValuesFileIsReportedAtTheValuesFile() {
    Map<String, byte[]> files = new HashMap<>();
    chartWithSettings("valuesFiles: [big-values.yaml]\n")
        .forEach((k, v) -> files.put(k, v.getBytes(StandardCharsets.UTF_8)));
    files.put(
        "c/big-values.yaml", ("x: " + "y".repeat(2 << 20) + "\n").getBytes(StandardCharsets.UTF_8));
    RenderResult result =
        measured(
            "2 MiB values file, maxFileBytes 1 MiB",
            () ->
                new Renderer(RenderLimits.DEFAULTS.withMaxFileBytes(1 << 20))
                    .render(whole(MapSourceTree.ofBytes(files))));

    assertRejected(result);
    assertThat(result.errors()).extracting(RenderError::path).containsOnly("c/big-values.yaml");
    assertThat(result.errors().get(0).message()).contains("(maxFileBytes)");
  }

  @Test
  void aSymbolicLinkOutOfTheDirectoryIsReportedWithItsPath(
      @TempDir Path root, @TempDir Path outside) throws Exception {
    Files.writeString(
        outside.resolve("secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: stolen}\n");
    Files.createDirectories(root.resolve("apps"));
    Files.writeString(root.resolve("apps/ok.yaml"), configMaps("ok", 1));
    Files.createSymbolicLink(root.resolve("apps/secret.yaml"), outside.resolve("secret.yaml"));
    Files.createSymbolicLink(
        root.resolve("apps/relative.yaml"),
        Path.of("../../" + outside.getFileName() + "/secret.yaml"));
    RenderResult result = measured("symlinks out of a directory", () -> render(root));

    assertRejected(result);
    assertThat(result.errors())
        .extracting(RenderError::path)
        .containsExactly("apps/relative.yaml", "apps/secret.yaml");
    assertThat(result.errors())
        .allSatisfy(
            error ->
                assertThat(error.message())
                    .contains("points outside the repository")
                    .contains(".orreryignore"));
  }

  @Test
  void aSymbolicLinkLoopIsReportedWithItsPath(@TempDir Path root) throws Exception {
    Files.createSymbolicLink(root.resolve("a.yaml"), Path.of("b.yaml"));
    Files.createSymbolicLink(root.resolve("b.yaml"), Path.of("a.yaml"));
    Files.createSymbolicLink(root.resolve("self.yaml"), Path.of("self.yaml"));
    RenderResult result = measured("symlink loops in a directory", () -> render(root));

    assertRejected(result);
    assertThat(result.errors())
        .extracting(RenderError::path)
        .containsExactly("a.yaml", "b.yaml", "self.yaml");
    assertThat(result.errors())
        .allSatisfy(error -> assertThat(error.message()).contains("a loop?"));
  }

  @Test
  void aSymbolicLinkToAFileInsideTheDirectoryIsReadLikeThatFile(@TempDir Path root)
      throws Exception {
    Files.createDirectories(root.resolve("base"));
    Files.createDirectories(root.resolve("apps"));
    Files.writeString(root.resolve("base/cm.yaml"), configMaps("shared", 1));
    Files.createSymbolicLink(root.resolve("apps/cm.yaml"), Path.of("../base/cm.yaml"));
    RenderResult result = render(root, "apps");

    assertThat(result.errors()).isEmpty();
    assertThat(result.objects())
        .singleElement()
        .extracting(DesiredObject::path)
        .isEqualTo("apps/cm.yaml");
  }

  @Test
  void anIgnoredOrUnselectedSymbolicLinkOutOfTheDirectoryIsNotAnError(@TempDir Path root)
      throws Exception {
    Files.createDirectories(root.resolve("apps"));
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("apps/ok.yaml"), configMaps("ok", 1));
    Files.writeString(root.resolve(".orreryignore"), "apps/etc.yaml\n");
    Files.createSymbolicLink(root.resolve("apps/etc.yaml"), Path.of("/etc/hostname"));
    Files.createSymbolicLink(root.resolve("docs/passwd"), Path.of("/etc/passwd"));

    assertThat(render(root, "apps").errors()).isEmpty();
    assertThat(render(root).errors()).extracting(RenderError::path).containsExactly("docs/passwd");
  }

  private RenderResult render(Path root, String... paths) {
    try {
      return renderer.render(
          new RenderRequest(new DirectorySourceTree(root), List.of(paths), "ns"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A tree that remembers which files were read. */
  private static final class CountingTree implements SourceTree {
    private final SourceTree tree;
    final List<String> reads = new java.util.ArrayList<>();

    CountingTree(SourceTree tree) {
      this.tree = tree;
    }

    @Override
    public List<String> paths() {
      return tree.paths();
    }

    @Override
    public byte[] read(String path) throws java.io.IOException {
      reads.add(path);
      return tree.read(path);
    }

    @Override
    public long size(String path) throws java.io.IOException {
      return tree.size(path);
    }

    @Override
    public String contentId(String path) {
      return tree.contentId(path);
    }
  }
}
