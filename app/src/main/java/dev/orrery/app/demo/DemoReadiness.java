package dev.orrery.app.demo;

import dev.orrery.app.cli.status.PolicyState;
import dev.orrery.app.cli.status.SourceState;
import dev.orrery.app.cli.status.StatusReader;
import dev.orrery.app.cli.status.StatusTable;
import dev.orrery.app.cli.status.TextTable;
import dev.orrery.app.rollout.RolloutTable;
import dev.orrery.app.rollout.RolloutView;
import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingEntry;
import dev.orrery.placement.binding.BindingSpecReader;
import dev.orrery.placement.controller.Apis;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.Wec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the demo shows and waits for: GitSources and BindingPolicies (the tables of {@code orrery
 * status}) and, per cluster, the placed Deployments with available/desired replicas read from the
 * WECs themselves. Ready when every source is Ready and every placed Deployment is available
 * everywhere it was placed, and no rollout is still walking its waves. Governed BindingPolicies add
 * the rollout tables of {@code orrery rollout status}, so the demo shows a rollout move through its
 * waves.
 */
final class DemoReadiness {
  /** One look at the system: the table to print and whether everything is ready. */
  record Snapshot(String table, boolean ready) {}

  private DemoReadiness() {}

  static Snapshot look(LocalSpaces spaces) {
    List<SourceState> sources = StatusReader.sources(spaces.wds().client());
    List<PolicyState> policies = StatusReader.policies(spaces.wds().client());
    boolean ready = !sources.isEmpty() && sources.stream().allMatch(s -> "True".equals(s.ready()));
    Map<String, List<String>> deploymentsByCluster = new TreeMap<>();
    List<GenericKubernetesResource> bindings =
        spaces.wds().client().genericKubernetesResources(Apis.BINDINGS).list().getItems();
    for (GenericKubernetesResource b : bindings) {
      BindingContent content =
          BindingSpecReader.read(Unstructured.asMap(b.getAdditionalProperties().get("spec")));
      for (String cluster : content.destinations()) {
        for (BindingEntry e : content.entries()) {
          if ("apps".equals(e.ref().group()) && "deployments".equals(e.ref().resource())) {
            deploymentsByCluster
                .computeIfAbsent(cluster, c -> new ArrayList<>())
                .add(e.ref().namespace() + "/" + e.ref().name());
          }
        }
      }
    }
    ready &= !bindings.isEmpty() && !deploymentsByCluster.isEmpty();
    TextTable clusters =
        new TextTable(List.of("CLUSTER", "LABELS", "DEPLOYMENTS (available/desired)"), 10, 30);
    for (Wec wec : spaces.wecs()) {
      List<String> cells = new ArrayList<>();
      for (String d : deploymentsByCluster.getOrDefault(wec.name(), List.of())) {
        String[] nn = d.split("/", 2);
        Deployment live =
            wec.space().client().apps().deployments().inNamespace(nn[0]).withName(nn[1]).get();
        int desired =
            live == null || live.getSpec().getReplicas() == null
                ? -1
                : live.getSpec().getReplicas();
        int available =
            live == null
                    || live.getStatus() == null
                    || live.getStatus().getAvailableReplicas() == null
                ? 0
                : live.getStatus().getAvailableReplicas();
        ready &= live != null && available == desired;
        cells.add(d + " " + available + "/" + (desired < 0 ? "?" : desired));
      }
      clusters.row(
          wec.name(),
          wec.labels().getOrDefault("location-group", ""),
          cells.isEmpty() ? "-" : String.join(", ", cells));
    }
    List<RolloutView> rollouts = StatusReader.rolloutsIfServed(spaces.wds().client());
    // a rollout still walking its waves is not ready, even while its soak shows the same table
    ready &= rollouts.stream().noneMatch(RolloutView::inFlight);
    String table =
        StatusTable.sources(sources)
            + "\n"
            + StatusTable.policies(policies)
            + "\n"
            + clusters.render()
            + (rollouts.isEmpty() ? "" : "\n" + RolloutTable.render(rollouts));
    return new Snapshot(table, ready);
  }
}
