package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample repository {@code examples/repo-layout} renders to exactly the objects its README
 * lists.
 */
class ExampleRepositoryTest {

  private static final Path REPO =
      Path.of("..", "examples", "repo-layout").toAbsolutePath().normalize();

  private static RenderResult result;

  @BeforeAll
  static void render() throws IOException {
    result =
        new Renderer()
            .render(new RenderRequest(new DirectorySourceTree(REPO), List.of(), "default"));
  }

  private static ObjectKey key(String group, String kind, String namespace, String name) {
    return new ObjectKey(group, kind, namespace, name);
  }

  private static DesiredObject object(ObjectKey key) {
    return result.objects().stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Object at(DesiredObject object, String... fields) {
    Object value = object.content();
    for (String field : fields) {
      value = ((Map<String, Object>) value).get(field);
    }
    return value;
  }

  @Test
  void rendersWithoutErrors() {
    assertThat(result.errors()).isEmpty();
    assertThat(result.ok()).isTrue();
  }

  @Test
  void rendersExactlyTheWorkloadsPoliciesCrdAndChartObjects() {
    assertThat(result.objects())
        .extracting(DesiredObject::key)
        .containsExactlyInAnyOrder(
            key("", "Namespace", "", "web"),
            key("", "ConfigMap", "web", "frontend-config"),
            key("apps", "Deployment", "web", "frontend"),
            key("", "Service", "web", "frontend"),
            key("", "Namespace", "", "api"),
            key("apps", "Deployment", "api", "backend"),
            key("", "Service", "api", "backend"),
            key("batch", "Job", "api", "migrate-schema-v3"),
            key("", "Namespace", "", "greeter"),
            key("", "ConfigMap", "greeter", "greeter-config"),
            key("apps", "Deployment", "greeter", "greeter"),
            key(
                "apiextensions.k8s.io",
                "CustomResourceDefinition",
                "",
                "widgets.example.orrery.dev"),
            key("example.orrery.dev", "Widget", "web", "storefront-banner"),
            key("control.kubestellar.io", "BindingPolicy", "", "edge-web"),
            key("control.kubestellar.io", "BindingPolicy", "", "everywhere-api"),
            key("control.kubestellar.io", "BindingPolicy", "", "core-greeter"),
            key("control.kubestellar.io", "BindingPolicy", "", "widgets"),
            key("control.kubestellar.io", "StatusCollector", "", "available-replicas"),
            key("gitops.orrery.dev", "RolloutPolicy", "", "waves"));
  }

  @Test
  void everyObjectPointsAtAnExistingLineOfAFileInTheRepository() throws IOException {
    assertThat(result.objects()).isNotEmpty();
    for (DesiredObject object : result.objects()) {
      Path file = REPO.resolve(object.path()).normalize();
      assertThat(file).as(object.location()).startsWith(REPO).isRegularFile();
      long lines = Files.readAllLines(file, StandardCharsets.UTF_8).size();
      assertThat(object.line()).as(object.location()).isBetween(1, (int) lines);
    }
  }

  @Test
  void bootstrapFolderAndChartValuesFilesAreNotRendered() {
    assertThat(result.objects())
        .extracting(DesiredObject::path)
        .noneMatch(path -> path.startsWith("bootstrap/"))
        .noneMatch(path -> path.endsWith("values-core.yaml") || path.endsWith("orrery.yaml"));
  }

  @Test
  void chartTakesItsValuesFileAndThenItsInlineValues() {
    DesiredObject deployment = object(key("apps", "Deployment", "greeter", "greeter"));
    DesiredObject config = object(key("", "ConfigMap", "greeter", "greeter-config"));

    assertThat(deployment.path()).isEqualTo("charts/greeter/templates/deployment.yaml");
    assertThat(at(deployment, "spec", "replicas")).isEqualTo(2);
    assertThat(at(config, "data", "GREETING"))
        .isEqualTo("Hello from the core clusters, delivered by Orrery");
  }

  @Test
  void everyObjectOfTheGreeterReleaseCarriesTheLabelCoreGreeterSelects() {
    List<DesiredObject> release =
        result.objects().stream().filter(o -> o.path().startsWith("charts/greeter/")).toList();

    assertThat(release)
        .hasSize(3)
        .allSatisfy(
            o ->
                assertThat(at(o, "metadata", "labels"))
                    .as(o.key().toString())
                    .isInstanceOfSatisfying(
                        Map.class,
                        labels ->
                            assertThat(labels)
                                .containsEntry("app.kubernetes.io/instance", "greeter")));
  }

  @Test
  void edgeWebSelectsTheWebAppByLabelButNotTheWidget() {
    List<DesiredObject> inWeb =
        result.objects().stream().filter(o -> o.namespace().equals("web")).toList();

    assertThat(inWeb)
        .filteredOn(ExampleRepositoryTest::shopLabelled)
        .extracting(o -> o.key().toString())
        .containsExactlyInAnyOrder(
            "ConfigMap web/frontend-config",
            "apps/Deployment web/frontend",
            "Service web/frontend");
    assertThat(at(object(key("apps", "Deployment", "web", "frontend")), "spec", "replicas"))
        .isEqualTo(2);
    assertThat(at(object(key("apps", "Deployment", "api", "backend")), "spec", "replicas"))
        .isEqualTo(3);
  }

  private static boolean shopLabelled(DesiredObject object) {
    return at(object, "metadata", "labels") instanceof Map<?, ?> labels
        && "shop".equals(labels.get("app.kubernetes.io/part-of"));
  }
}
