package dev.orrery.app.demo;

import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingEntry;
import dev.orrery.placement.binding.BindingSpecReader;
import dev.orrery.placement.controller.Apis;
import dev.orrery.spaces.LocalSpaces;
import dev.orrery.spaces.Wec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the demo shows and waits for: GitSources, BindingPolicies and, per cluster, the placed
 * Deployments with available/desired replicas. Ready when every source is Ready and every placed
 * Deployment is available everywhere it was placed.
 */
final class DemoReadiness {
  private static final io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext GIT_SOURCES =
      new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
          .withGroup("gitops.orrery.dev").withVersion("v1alpha1").withKind("GitSource").withPlural("gitsources")
          .withNamespaced(true).build();

  /** One look at the system: the table to print and whether everything is ready. */
  record Snapshot(String table, boolean ready) {}

  private DemoReadiness() {}

  static Snapshot look(LocalSpaces spaces) {
    StringBuilder out = new StringBuilder();
    boolean ready = true;
    out.append(String.format("%-24s %-7s %-14s %s%n", "GITSOURCE", "READY", "REVISION", "MESSAGE"));
    List<GenericKubernetesResource> sources = spaces.wds().client().genericKubernetesResources(GIT_SOURCES)
        .inAnyNamespace().list().getItems();
    for (GenericKubernetesResource s : sources) {
      Map<String, Object> status = map(s.getAdditionalProperties().get("status"));
      Map<String, Object> cond = condition(status.get("conditions"), "Ready");
      String rev = String.valueOf(status.getOrDefault("lastAppliedRevision", ""));
      ready &= "True".equals(cond.get("status"));
      out.append(String.format("%-24s %-7s %-14s %s%n", s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(),
          cond.getOrDefault("status", "-"), rev.substring(0, Math.min(12, rev.length())), cond.getOrDefault("message", "")));
    }
    ready &= !sources.isEmpty();
    out.append(String.format("%n%-24s %-9s %-8s %s%n", "BINDINGPOLICY", "CLUSTERS", "OBJECTS", "READY"));
    for (GenericKubernetesResource p : spaces.wds().client().genericKubernetesResources(Apis.BINDING_POLICIES).list().getItems()) {
      Map<String, Object> status = map(p.getAdditionalProperties().get("status"));
      out.append(String.format("%-24s %-9s %-8s %s%n", p.getMetadata().getName(), status.getOrDefault("selectedClusterCount", "-"),
          status.getOrDefault("selectedObjectCount", "-"), condition(status.get("conditions"), "Ready").getOrDefault("status", "-")));
    }
    Map<String, List<String>> deploymentsByCluster = new TreeMap<>();
    List<GenericKubernetesResource> bindings = spaces.wds().client().genericKubernetesResources(Apis.BINDINGS).list().getItems();
    for (GenericKubernetesResource b : bindings) {
      BindingContent content = BindingSpecReader.read(map(b.getAdditionalProperties().get("spec")));
      for (String cluster : content.destinations()) {
        for (BindingEntry e : content.entries()) {
          if ("apps".equals(e.ref().group()) && "deployments".equals(e.ref().resource())) {
            deploymentsByCluster.computeIfAbsent(cluster, c -> new ArrayList<>())
                .add(e.ref().namespace() + "/" + e.ref().name());
          }
        }
      }
    }
    ready &= !bindings.isEmpty() && !deploymentsByCluster.isEmpty();
    out.append(String.format("%n%-10s %-30s %s%n", "CLUSTER", "LABELS", "DEPLOYMENTS (available/desired)"));
    for (Wec wec : spaces.wecs()) {
      List<String> cells = new ArrayList<>();
      for (String d : deploymentsByCluster.getOrDefault(wec.name(), List.of())) {
        String[] nn = d.split("/", 2);
        Deployment live = wec.space().client().apps().deployments().inNamespace(nn[0]).withName(nn[1]).get();
        int desired = live == null || live.getSpec().getReplicas() == null ? -1 : live.getSpec().getReplicas();
        int available = live == null || live.getStatus() == null || live.getStatus().getAvailableReplicas() == null
            ? 0 : live.getStatus().getAvailableReplicas();
        ready &= live != null && available == desired;
        cells.add(d + " " + available + "/" + (desired < 0 ? "?" : desired));
      }
      out.append(String.format("%-10s %-30s %s%n", wec.name(), wec.labels().getOrDefault("location-group", ""),
          cells.isEmpty() ? "-" : String.join(", ", cells)));
    }
    return new Snapshot(out.toString(), ready);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static Map<String, Object> condition(Object conditions, String type) {
    if (conditions instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> c = map(o);
        if (type.equals(c.get("type"))) {
          return c;
        }
      }
    }
    return Map.of();
  }
}
