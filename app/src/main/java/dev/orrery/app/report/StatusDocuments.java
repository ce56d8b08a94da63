package dev.orrery.app.report;

import dev.orrery.app.gitsource.Revisions;
import dev.orrery.app.rollout.RolloutView;
import dev.orrery.placement.controller.PlacedObject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status files Orrery writes to Git for one GitSource, purely: one YAML file per BindingPolicy
 * (per selected cluster, the objects placed there, whether they are applied and available, the
 * revision they came from, and their reported status) and one summary. Deterministic output, so
 * unchanged state means unchanged bytes and no commit.
 */
public final class StatusDocuments {
  private StatusDocuments() {}

  /**
   * Repository path → file content, under {@code directory} (e.g. {@code <namespace>/<name>}).
   * {@code rollouts} are those of the BindingPolicies a RolloutPolicy governs: each such policy
   * file gets a {@code rollout} section and the summary one line per rollout. {@code unavailable}
   * are the clusters OCM reports unavailable (name → why): their entries in the policy files and
   * the summary say {@code clusterAvailable: false} and why, since what they last reported may be
   * stale.
   */
  public static Map<String, byte[]> build(
      String directory,
      String namespace,
      String name,
      String revision,
      Map<String, List<PlacedObject>> byPolicy,
      Map<String, RolloutView> rollouts,
      Map<String, String> unavailable) {
    Map<String, byte[]> files = new TreeMap<>();
    String dir = directory + "/";
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("gitSource", namespace + "/" + name);
    summary.put("revision", revision);
    Map<String, Object> policies = new LinkedHashMap<>();
    new TreeMap<>(byPolicy)
        .forEach(
            (policy, placed) -> {
              Map<String, Object> doc = policyDocument(policy, revision, placed, unavailable);
              if (rollouts.containsKey(policy)) {
                doc.put("rollout", RolloutReport.document(rollouts.get(policy)));
              }
              files.put(dir + "policies/" + policy + ".yaml", yaml(doc));
              Map<String, Object> perCluster = new LinkedHashMap<>();
              clusters(placed)
                  .forEach(
                      (cluster, objects) -> {
                        Map<String, Object> counts = new LinkedHashMap<>();
                        if (unavailable.containsKey(cluster)) {
                          counts.put("clusterAvailable", false);
                        }
                        counts.put("placed", objects.size());
                        counts.put(
                            "applied",
                            objects.stream().filter(o -> Boolean.TRUE.equals(o.applied())).count());
                        counts.put(
                            "available",
                            objects.stream()
                                .filter(o -> Boolean.TRUE.equals(o.available()))
                                .count());
                        counts.put(
                            "atRevision",
                            objects.stream().filter(o -> revision.equals(o.revision())).count());
                        perCluster.put(cluster, counts);
                      });
              policies.put(policy, perCluster);
            });
    summary.put("policies", policies);
    if (!rollouts.isEmpty()) {
      Map<String, Object> lines = new TreeMap<>();
      rollouts.forEach((policy, r) -> lines.put(policy, RolloutReport.summary(r)));
      summary.put("rollouts", lines);
    }
    files.put(dir + "summary.yaml", yaml(summary));
    return files;
  }

  /** One line per cluster for a Git note on the applied commit. */
  public static String note(String revision, Map<String, List<PlacedObject>> byPolicy) {
    Map<String, int[]> perCluster = new TreeMap<>();
    byPolicy
        .values()
        .forEach(
            list ->
                list.forEach(
                    o -> {
                      int[] c = perCluster.computeIfAbsent(o.cluster(), k -> new int[2]);
                      c[0]++;
                      if (Boolean.TRUE.equals(o.available())) {
                        c[1]++;
                      }
                    }));
    StringBuilder b =
        new StringBuilder("Orrery: where " + Revisions.shortForm(revision) + " runs\n");
    perCluster.forEach(
        (cluster, c) ->
            b.append(cluster)
                .append(": ")
                .append(c[1])
                .append('/')
                .append(c[0])
                .append(" objects available\n"));
    return b.toString();
  }

  /**
   * What one BindingPolicy places where, with each object's state: the content of its status file.
   */
  public static Map<String, Object> policyDocument(
      String policy, String revision, List<PlacedObject> placed) {
    return policyDocument(policy, revision, placed, Map.of());
  }

  /**
   * As above; a cluster OCM reports unavailable gets {@code clusterAvailable: false} and {@code
   * unavailableReason} before its objects.
   */
  public static Map<String, Object> policyDocument(
      String policy, String revision, List<PlacedObject> placed, Map<String, String> unavailable) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("bindingPolicy", policy);
    doc.put("sourceRevision", revision);
    Map<String, Object> clusters = new LinkedHashMap<>();
    clusters(placed)
        .forEach(
            (cluster, objects) -> {
              List<Map<String, Object>> list = new ArrayList<>();
              for (PlacedObject o : objects) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(
                    "apiVersion",
                    o.ref().group().isEmpty()
                        ? o.ref().version()
                        : o.ref().group() + "/" + o.ref().version());
                m.put("kind", o.kind());
                if (!o.ref().namespace().isEmpty()) {
                  m.put("namespace", o.ref().namespace());
                }
                m.put("name", o.ref().name());
                m.put("applied", o.applied() == null ? "Unknown" : o.applied());
                m.put("available", o.available() == null ? "Unknown" : o.available());
                if (o.revision() != null) {
                  m.put("revision", o.revision());
                }
                if (o.reportedStatus() != null && !o.reportedStatus().isEmpty()) {
                  m.put("status", o.reportedStatus());
                }
                list.add(m);
              }
              Map<String, Object> entry = new LinkedHashMap<>();
              if (unavailable.containsKey(cluster)) {
                entry.put("clusterAvailable", false);
                entry.put("unavailableReason", unavailable.get(cluster));
              }
              entry.put("objects", list);
              clusters.put(cluster, entry);
            });
    doc.put("clusters", clusters);
    return doc;
  }

  private static Map<String, List<PlacedObject>> clusters(List<PlacedObject> placed) {
    Map<String, List<PlacedObject>> out = new TreeMap<>();
    placed.stream()
        .sorted(Comparator.comparing(PlacedObject::cluster).thenComparing(o -> o.ref()))
        .forEach(o -> out.computeIfAbsent(o.cluster(), k -> new ArrayList<>()).add(o));
    return out;
  }

  private static byte[] yaml(Map<String, Object> doc) {
    return Serialization.asYaml(doc).getBytes(StandardCharsets.UTF_8);
  }
}
