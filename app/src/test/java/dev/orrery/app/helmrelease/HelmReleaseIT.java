package dev.orrery.app.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import dev.orrery.app.demo.LocalGitServer;
import dev.orrery.app.demo.LocalOrrery;
import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.spaces.Directories;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.junit.WithSpaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Helm release information on a real WEC, read by the real Helm (helm-java's native Helm 3 library:
 * {@code helm list -A}, {@code helm status}, {@code helm history}, {@code helm get values} against
 * the WEC's kubeconfig): a chart rendered from Git by Orrery and placed through the OCM work agent,
 * whose revision advances when its values change and not when other files do; and a release made
 * with {@code helm install} straight into the WDS whose release Secret a BindingPolicy places
 * beside its objects.
 */
@WithSpaces(
    wecs =
        @WithSpaces.Wec(
            name = "cluster1",
            labels = {"name=cluster1"}))
class HelmReleaseIT {
  static final Duration WAIT = Duration.ofSeconds(120);
  static LocalGitServer git;
  static EmbeddedServer server;
  static KubernetesClient wds;
  static Path wec;
  static Path wdsKubeconfig;
  static KubernetesClient wecClient;
  static Path dir;

  @BeforeAll
  static void start(LocalSpaces spaces) throws Exception {
    dir = Path.of("target", "helm-release-it").toAbsolutePath();
    Directories.deleteRecursively(dir);
    git = LocalGitServer.start(dir.resolve("git"));
    server = LocalOrrery.start(spaces, dir.resolve("cache"), Map.of());
    wds = spaces.wds().client();
    wdsKubeconfig = spaces.wds().kubeconfig();
    wec = spaces.wec("cluster1").space().kubeconfig();
    wecClient = spaces.wec("cluster1").space().client();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (git != null) {
      git.close();
    }
  }

  @Test
  void aChartFromGitIsAHelmReleaseOnTheWecWhoseRevisionAdvancesWhenItsValuesChange()
      throws Exception {
    LocalGitServer.WorkClone repo = git.create("shop");
    repo.write(
            "apps/namespace.yaml",
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {app: shop}}\n")
        .write(
            "apps/policy.yaml",
            """
            apiVersion: control.kubestellar.io/v1alpha1
            kind: BindingPolicy
            metadata: {name: shop}
            spec:
              clusterSelectors: [{matchLabels: {name: cluster1}}]
              downsync: [{objectSelectors: [{matchLabels: {app: shop}}]}]
            """)
        .write(
            "charts/web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 1.2.3\nappVersion: \"4.5.6\"\n")
        .write("charts/web/values.yaml", "greeting: hello\n")
        .write(
            "charts/web/orrery.yaml",
            "releaseName: front\nnamespace: shop\nvalues: {greeting: bonjour}\n")
        .write(
            "charts/web/templates/cm.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-greeting
              labels: {app: shop, part: greeting}
            data:
              greeting: {{ .Values.greeting | quote }}
            """);
    repo.commitAndPush("shop with chart web");
    wds.resource(
            Serialization.unmarshal(
                """
                apiVersion: gitops.orrery.dev/v1alpha1
                kind: GitSource
                metadata: {name: shop, namespace: default}
                spec: {url: %s, ref: {branch: main}, interval: 2s, prune: true}
                """
                    .formatted(repo.url()),
                GenericKubernetesResource.class))
        .create();

    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Release front = listed("front");
              assertThat(front.getNamespace()).isEqualTo("shop");
              assertThat(front.getStatus()).isEqualTo("deployed");
              assertThat(front.getRevision()).isEqualTo("1");
              assertThat(front.getChart()).isEqualTo("web-1.2.3");
              assertThat(front.getAppVersion()).isEqualTo("4.5.6");
            });
    Release status = Helm.status("front").withNamespace("shop").withKubeConfig(wec).call();
    assertThat(status.getStatus()).isEqualTo("deployed");
    assertThat(status.getRevision()).isEqualTo("1");
    assertThat(values("front", "shop")).contains("greeting: bonjour");
    assertThat(history("front", "shop"))
        .extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
        .containsExactly(tuple(1, "deployed"));

    // A commit that changes no chart file and no value leaves the release at revision 1.
    repo.write(
        "apps/other.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, namespace: shop,"
            + " labels: {app: shop}}\ndata: {a: b}\n");
    String unrelated = repo.commitAndPush("an unrelated ConfigMap");
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(lastAppliedRevision("shop")).isEqualTo(unrelated);
              assertThat(wecConfigMap("shop", "other")).isPresent();
            });
    assertThat(recordsInWds("shop", "front")).containsExactly("sh.helm.release.v1.front.v1");
    assertThat(history("front", "shop")).hasSize(1);

    // A values change is revision 2; revision 1 is superseded.
    repo.write(
        "charts/web/orrery.yaml",
        "releaseName: front\nnamespace: shop\nvalues: {greeting: salut}\n");
    repo.commitAndPush("greeting salut");
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(history("front", "shop"))
                  .extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
                  .containsExactly(tuple(1, "superseded"), tuple(2, "deployed"));
              assertThat(listed("front").getRevision()).isEqualTo("2");
              assertThat(wecConfigMap("shop", "front-greeting").orElseThrow())
                  .containsEntry("greeting", "salut");
            });
    assertThat(history("front", "shop").get(1).getDescription())
        .startsWith("Upgrade complete: Git revision ");
    assertThat(values("front", "shop")).contains("greeting: salut");
  }

  @Test
  void aReleaseInstalledWithHelmIntoTheWdsIsListedOnTheWecWhenAPolicyPlacesItsSecret()
      throws Exception {
    wds.resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("direct")
                .withLabels(Map.of("app", "direct"))
                .endMetadata()
                .build())
        .serverSideApply();
    Path chart = Files.createDirectories(dir.resolve("shelf"));
    Files.writeString(
        chart.resolve("Chart.yaml"),
        "apiVersion: v2\nname: shelf\nversion: 0.3.0\nappVersion: \"7.0\"\n");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(
        chart.resolve("templates/cm.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-shelf
          labels: {app: direct}
        data: {size: {{ .Values.size | default "3" | quote }}}
        """);
    Release installed =
        new Helm(chart)
            .install()
            .withName("books")
            .withNamespace("direct")
            .withKubeConfig(wdsKubeconfig)
            .call();
    assertThat(installed.getStatus()).isEqualTo("deployed");
    assertThat(recordsInWds("direct", "books")).containsExactly("sh.helm.release.v1.books.v1");

    // The policy selects the release's objects by their label and its record by Helm's labels.
    wds.resource(
            Serialization.unmarshal(
                """
                apiVersion: control.kubestellar.io/v1alpha1
                kind: BindingPolicy
                metadata: {name: books}
                spec:
                  clusterSelectors: [{matchLabels: {name: cluster1}}]
                  downsync:
                  - objectSelectors:
                    - matchLabels: {app: direct}
                    - matchLabels: {owner: helm, name: books}
                """,
                GenericKubernetesResource.class))
        .create();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Release books = listed("books");
              assertThat(books.getNamespace()).isEqualTo("direct");
              assertThat(books.getStatus()).isEqualTo("deployed");
              assertThat(books.getRevision()).isEqualTo("1");
              assertThat(books.getChart()).isEqualTo("shelf-0.3.0");
              assertThat(books.getAppVersion()).isEqualTo("7.0");
              assertThat(wecConfigMap("direct", "books-shelf")).isPresent();
            });
    assertThat(Helm.status("books").withNamespace("direct").withKubeConfig(wec).call().getStatus())
        .isEqualTo("deployed");

    // helm upgrade in the WDS: its new record and the superseded one follow to the WEC.
    new Helm(chart)
        .upgrade()
        .withName("books")
        .withNamespace("direct")
        .set("size", "4")
        .withKubeConfig(wdsKubeconfig)
        .call();
    await()
        .ignoreExceptions()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(history("books", "direct"))
                  .extracting(ReleaseHistory::getRevision, ReleaseHistory::getStatus)
                  .containsExactly(tuple(1, "superseded"), tuple(2, "deployed"));
              assertThat(wecConfigMap("direct", "books-shelf").orElseThrow())
                  .containsEntry("size", "4");
            });
  }

  private static Release listed(String name) {
    List<Release> releases = Helm.list().allNamespaces().withKubeConfig(wec).call();
    return releases.stream()
        .filter(r -> r.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in helm list -A: " + releases));
  }

  private static List<ReleaseHistory> history(String name, String namespace) {
    return Helm.history(name).withNamespace(namespace).withKubeConfig(wec).call();
  }

  private static String values(String name, String namespace) {
    return Helm.get(name).values().withNamespace(namespace).withKubeConfig(wec).call();
  }

  private static List<String> recordsInWds(String namespace, String release) {
    return wds
        .secrets()
        .inNamespace(namespace)
        .withLabel("owner", "helm")
        .withLabel("name", release)
        .list()
        .getItems()
        .stream()
        .map(Secret::getMetadata)
        .map(m -> m.getName())
        .sorted()
        .toList();
  }

  private static Optional<Map<String, String>> wecConfigMap(String namespace, String name) {
    return Optional.ofNullable(wecClient.configMaps().inNamespace(namespace).withName(name).get())
        .map(ConfigMap::getData);
  }

  @SuppressWarnings("unchecked")
  private static String lastAppliedRevision(String name) {
    GenericKubernetesResource source =
        wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
            .inNamespace("default")
            .withName(name)
            .get();
    Object status = source.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m ? String.valueOf(m.get("lastAppliedRevision")) : null;
  }
}
