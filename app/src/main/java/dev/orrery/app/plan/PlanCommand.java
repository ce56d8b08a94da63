package dev.orrery.app.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orrery.app.cli.status.TextTable;
import dev.orrery.app.config.KubernetesClients;
import dev.orrery.gitsource.CommitTree;
import dev.orrery.placement.controller.Apis;
import dev.orrery.placement.match.Cluster;
import dev.orrery.renderer.DesiredObject;
import dev.orrery.renderer.DirectorySourceTree;
import dev.orrery.renderer.MapSourceTree;
import dev.orrery.renderer.RenderRequest;
import dev.orrery.renderer.RenderResult;
import dev.orrery.renderer.Renderer;
import dev.orrery.renderer.SourceTree;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code orrery plan}: renders a repository folder, evaluates the BindingPolicies found there
 * against a cluster inventory (a file of ManagedClusters, or a live ITS) and prints what would go
 * where; with {@code --base}, compared with a Git revision. No WDS needed. Exit 0 when the revision
 * is valid, 1 when Orrery would reject it, 2 on usage errors.
 */
@Command(
    name = "plan",
    description = "Preview where a repository's objects would be placed, offline.")
public final class PlanCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repo",
      required = true,
      description = "Repository folder to render (its working tree).")
  Path repo;

  @Option(
      names = "--paths",
      split = ",",
      description = "Paths in the repository to render (default: all).")
  List<String> paths = List.of();

  @Option(
      names = "--base",
      description = "A Git revision of --repo to compare with (e.g. main, HEAD~1).")
  String base;

  @Option(
      names = "--clusters",
      description = "File of ManagedCluster objects (multi-document YAML).")
  Path clustersFile;

  @Option(names = "--its", description = "Kubeconfig of a live ITS to read ManagedClusters from.")
  Path itsKubeconfig;

  @Option(
      names = "--wds",
      description =
          "Kubeconfig of a live WDS whose RolloutPolicies count too (those of --repo win by name).")
  Path wdsKubeconfig;

  @Option(
      names = "--namespace",
      defaultValue = "default",
      description = "Namespace for namespaced objects that name none (default ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--output",
      defaultValue = "table",
      description = "table or json (default ${DEFAULT-VALUE}).")
  String output;

  @Override
  public Integer call() throws Exception {
    if ((clustersFile == null) == (itsKubeconfig == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give exactly one of --clusters FILE or --its KUBECONFIG");
    }
    if (!output.equals("table") && !output.equals("json")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--output must be table or json");
    }
    if (!Files.isDirectory(repo)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--repo " + repo + " is not a folder");
    }
    List<Cluster> clusters =
        clustersFile != null ? clustersFromFile(clustersFile) : clustersFromIts(itsKubeconfig);
    Renderer renderer = new Renderer();
    RenderResult head =
        renderer.render(new RenderRequest(new DirectorySourceTree(repo), paths, namespace));
    RenderResult baseResult = base == null ? null : renderBase(renderer);
    List<Map<String, Object>> rolloutPolicies =
        wdsKubeconfig == null ? List.of() : rolloutPoliciesFromWds(wdsKubeconfig);
    PlacementPreview.Result result =
        PlacementPreview.preview(head, baseResult, clusters, namespace, rolloutPolicies);
    PrintWriter out = spec.commandLine().getOut();
    if (output.equals("json")) {
      out.println(json(result));
    } else {
      table(out, result);
    }
    out.flush();
    return result.valid() ? 0 : 1;
  }

  private RenderResult renderBase(Renderer renderer) throws IOException {
    try (Repository repository =
        new FileRepositoryBuilder().findGitDir(repo.toFile()).setMustExist(true).build()) {
      ObjectId commit = repository.resolve(base + "^{commit}");
      if (commit == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--base " + base + " is not a revision of " + repo);
      }
      SourceTree tree = CommitTree.of(repository, commit.name());
      return renderer.render(new RenderRequest(tree, paths, namespace));
    } catch (IllegalArgumentException | org.eclipse.jgit.errors.RepositoryNotFoundException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--base needs --repo to be a Git repository: " + e.getMessage());
    }
  }

  private List<Cluster> clustersFromFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--clusters " + file + " does not exist");
    }
    RenderResult parsed =
        new Renderer()
            .render(
                new RenderRequest(
                    MapSourceTree.of(Map.of("clusters.yaml", Files.readString(file))),
                    List.of(),
                    ""));
    if (!parsed.ok()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--clusters "
              + file
              + ": "
              + parsed.errors().get(0).message()
              + " (line "
              + parsed.errors().get(0).line()
              + ")");
    }
    List<Cluster> clusters = new ArrayList<>();
    for (DesiredObject o : parsed.objects()) {
      if ("ManagedCluster".equals(o.kind())) {
        clusters.add(Cluster.fromManagedCluster(o.content()));
      }
    }
    return clusters;
  }

  private List<Cluster> clustersFromIts(Path kubeconfig) {
    if (!Files.isRegularFile(kubeconfig)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--its " + kubeconfig + " does not exist");
    }
    try (KubernetesClient its = KubernetesClients.connect("ITS", kubeconfig.toString(), null)) {
      List<Cluster> clusters = new ArrayList<>();
      for (GenericKubernetesResource mc :
          its.genericKubernetesResources("cluster.open-cluster-management.io/v1", "ManagedCluster")
              .list()
              .getItems()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Serialization.unmarshal(Serialization.asJson(mc), Map.class);
        clusters.add(Cluster.fromManagedCluster(map));
      }
      return clusters;
    }
  }

  private List<Map<String, Object>> rolloutPoliciesFromWds(Path kubeconfig) {
    if (!Files.isRegularFile(kubeconfig)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--wds " + kubeconfig + " does not exist");
    }
    try (KubernetesClient wds = KubernetesClients.connect("WDS", kubeconfig.toString(), null)) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (GenericKubernetesResource p :
          wds.genericKubernetesResources(Apis.ROLLOUT_POLICIES).list().getItems()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Serialization.unmarshal(Serialization.asJson(p), Map.class);
        out.add(map);
      }
      return out;
    }
  }

  static String json(PlacementPreview.Result result) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<String, Object> clusters = new LinkedHashMap<>();
    result
        .clusters()
        .forEach(
            (cluster, entries) -> {
              List<Map<String, Object>> list = new ArrayList<>();
              for (PlacementPreview.Entry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("group", e.group());
                m.put("version", e.version());
                m.put("kind", e.kind());
                m.put("namespace", e.namespace());
                m.put("name", e.name());
                m.put("change", e.change());
                list.add(m);
              }
              clusters.put(cluster, list);
            });
    doc.put("clusters", clusters);
    List<Map<String, Object>> errors = new ArrayList<>();
    for (PlacementPreview.Problem p : result.errors()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", p.path());
      m.put("line", p.line());
      m.put("message", p.message());
      errors.add(m);
    }
    doc.put("errors", errors);
    List<Map<String, Object>> rollouts = new ArrayList<>();
    for (RolloutWaves.PolicyWaves p : result.rollouts().policies()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bindingPolicy", p.bindingPolicy());
      m.put("rolloutPolicy", p.rolloutPolicy());
      m.put("from", p.from());
      List<Map<String, Object>> waves = new ArrayList<>();
      for (int i = 0; i < p.waves().size(); i++) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("wave", i + 1);
        w.put("name", p.waves().get(i).name());
        w.put("clusters", p.waves().get(i).clusters());
        waves.add(w);
      }
      m.put("waves", waves);
      rollouts.add(m);
    }
    doc.put("rollouts", rollouts);
    doc.put("notes", result.rollouts().notes());
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
  }

  /** Per governed BindingPolicy, each wave and its clusters; then notes on invalid policies. */
  static void rollouts(PrintWriter out, RolloutWaves.Result rollouts) {
    if (!rollouts.policies().isEmpty()) {
      out.println();
      TextTable table =
          new TextTable(List.of("BINDINGPOLICY", "ROLLOUTPOLICY", "WAVE", "CLUSTERS"), 12, 13, 4);
      for (RolloutWaves.PolicyWaves p : rollouts.policies()) {
        for (int i = 0; i < p.waves().size(); i++) {
          table.row(
              p.bindingPolicy(),
              p.rolloutPolicy() + ("WDS".equals(p.from()) ? " (WDS)" : ""),
              (i + 1) + " (" + p.waves().get(i).name() + ")",
              String.join(",", p.waves().get(i).clusters()));
        }
        if (p.waves().isEmpty()) {
          table.row(p.bindingPolicy(), p.rolloutPolicy(), "-", "(no clusters)");
        }
      }
      out.print(table.render());
    }
    rollouts.notes().forEach(n -> out.println("Note: " + n));
  }

  static void table(PrintWriter out, PlacementPreview.Result result) {
    out.printf("%-12s %-10s %-28s %-16s %s%n", "CLUSTER", "CHANGE", "KIND", "NAMESPACE", "NAME");
    result
        .clusters()
        .forEach(
            (cluster, entries) -> {
              if (entries.isEmpty()) {
                out.printf("%-12s %-10s %-28s %-16s %s%n", cluster, "-", "(nothing)", "", "");
              }
              for (PlacementPreview.Entry e : entries) {
                String kind = e.group().isEmpty() ? e.kind() : e.kind() + "." + e.group();
                out.printf(
                    "%-12s %-10s %-28s %-16s %s%n",
                    cluster, e.change(), kind, e.namespace(), e.name());
              }
            });
    rollouts(out, result.rollouts());
    if (!result.errors().isEmpty()) {
      out.println();
      out.println("This revision would be rejected:");
      result
          .errors()
          .forEach(p -> out.println("  " + p.path() + ":" + p.line() + ": " + p.message()));
    }
  }
}
