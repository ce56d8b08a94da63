package dev.orrery.app.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.binding.PlacementDecisionBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The manifests in {@code argocd/} fit together and fit Orrery: the plugin ConfigMap names the
 * Secret and key that hold the token, the ApplicationSets name ConfigMaps that exist, the plugin
 * input is one Orrery accepts, and the cluster decision ConfigMap describes exactly the
 * PlacementDecisions Orrery writes.
 */
class ArgoCdManifestsTest {
  static final Path DIR = Path.of("..", "argocd");
  static List<Map<String, Object>> objects = new ArrayList<>();

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object doc :
            new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
          assertThat(doc).as(file.toString()).isInstanceOf(Map.class);
          objects.add((Map<String, Object>) doc);
        }
      }
    }
  }

  @Test
  void everyDocumentIsAKubernetesObjectWithANameAndEveryFileIsExplainedInTheReadme()
      throws IOException {
    assertThat(objects)
        .allSatisfy(
            o -> {
              assertThat(o).containsKeys("apiVersion", "kind", "metadata");
              assertThat(map(o, "metadata")).containsKey("name");
            });
    String readme = Files.readString(DIR.resolve("README.md"));
    try (Stream<Path> files = Files.list(DIR)) {
      files
          .filter(f -> f.toString().endsWith(".yaml"))
          .forEach(
              f ->
                  assertThat(readme)
                      .as(f.getFileName().toString())
                      .contains(f.getFileName().toString()));
    }
  }

  @Test
  void thePluginConfigMapPointsAtTheTokenSecretAndOrrerysPort() {
    Map<String, Object> data = map(object("ConfigMap", "orrery-plugin"), "data");
    assertThat(data.get("token")).isEqualTo("$orrery-plugin-token:token");
    Map<String, Object> secret = object("Secret", "orrery-plugin-token");
    assertThat(map(secret, "metadata").get("namespace")).isEqualTo("argocd");
    assertThat(map(map(secret, "metadata"), "labels"))
        .containsEntry("app.kubernetes.io/part-of", "argocd");
    assertThat(map(secret, "stringData")).containsKey("token");
    assertThat((String) data.get("baseUrl")).startsWith("http").endsWith(":8080");
  }

  @Test
  void orrerysTokenSecretIsWhereOrreryLooksByDefault() {
    Map<String, Object> secret = object("Secret", "orrery-argocd-plugin");
    assertThat(map(secret, "metadata").get("namespace")).isEqualTo("orrery-system");
    assertThat(map(secret, "stringData")).containsKey(SecretPluginTokenStore.KEY);
  }

  @Test
  void thePluginApplicationSetSendsAnInputOrreryAccepts() {
    Map<String, Object> plugin = firstGenerator("guestbook-orrery-plugin", "plugin");
    assertThat(map(plugin, "configMapRef").get("name")).isEqualTo("orrery-plugin");
    Map<String, Object> parameters = map(map(plugin, "input"), "parameters");
    String json =
        "{"
            + parameters.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .reduce((a, b) -> a + "," + b)
                .orElse("")
            + "}";
    GeneratorRequest request =
        GeneratorRequest.parse(
            ApplicationSetControllerClient.body("guestbook-orrery-plugin", json));
    assertThat(request.input()).isEqualTo(new GeneratorInput.Policy("guestbook"));
  }

  @Test
  void theClusterDecisionConfigMapDescribesOrrerysPlacementDecisions() {
    Map<String, Object> data = map(object("ConfigMap", "ocm-placement"), "data");
    assertThat(data)
        .containsEntry("apiVersion", PlacementDecisionBuilder.API_VERSION)
        .containsEntry("kind", "placementdecisions")
        .containsEntry("statusListKey", "decisions")
        .containsEntry("matchKey", "clusterName");
    Map<String, Object> generator =
        firstGenerator("guestbook-orrery-decisions", "clusterDecisionResource");
    assertThat(generator.get("configMapRef")).isEqualTo("ocm-placement");
    assertThat(map(map(generator, "labelSelector"), "matchLabels"))
        .containsOnlyKeys(PlacementDecisionBuilder.PLACEMENT_LABEL);
    Map<String, Object> role = object("Role", "orrery-placement-decisions-reader");
    assertThat(role.get("rules").toString()).contains("placementdecisions").contains("list");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theApplicationSyncsIntoTheWdsWithServerSideApply() {
    Map<String, Object> spec = map(object("Application", "fleet-into-wds"), "spec");
    assertThat(map(spec, "destination")).containsEntry("name", "wds1");
    assertThat((List<Object>) map(spec, "syncPolicy").get("syncOptions"))
        .contains("ServerSideApply=true");
  }

  private static Map<String, Object> firstGenerator(String applicationSet, String type) {
    List<?> generators =
        (List<?>) map(object("ApplicationSet", applicationSet), "spec").get("generators");
    return map(generators.get(0), type);
  }

  private static Map<String, Object> object(String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.get("kind")) && name.equals(map(o, "metadata").get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in argocd/"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object parent, String key) {
    Object value = ((Map<String, Object>) parent).get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
