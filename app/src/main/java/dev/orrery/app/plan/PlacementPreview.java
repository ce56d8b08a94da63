package dev.orrery.app.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orrery.placement.match.BindingPolicySpec;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.DownsyncFilter;
import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.PolicyMatch;
import dev.orrery.placement.match.PolicyMatcher;
import dev.orrery.placement.match.SelectedObject;
import dev.orrery.placement.match.WorkloadObject;
import dev.orrery.placement.match.WorkloadRef;
import dev.orrery.renderer.DesiredObject;
import dev.orrery.renderer.RenderError;
import dev.orrery.renderer.RenderResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a revision would place where, offline and purely: the BindingPolicies found in a render are
 * evaluated against a cluster inventory, and (with a base render) each placement is marked added,
 * changed, removed or unchanged. The same contract as {@code orrery plan --output json}.
 */
public final class PlacementPreview {
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** One object on one cluster. */
  public record Entry(
      String group, String version, String kind, String namespace, String name, String change) {}

  /** An error with its file and line. */
  public record Problem(String path, int line, String message) {}

  /**
   * Per cluster (every cluster of the inventory, sorted), what goes there; and why the revision
   * would be rejected.
   */
  public record Result(
      Map<String, List<Entry>> clusters, List<Problem> errors, RolloutWaves.Result rollouts) {
    /** A result without rollouts. */
    public Result(Map<String, List<Entry>> clusters, List<Problem> errors) {
      this(clusters, errors, RolloutWaves.Result.NONE);
    }

    public boolean valid() {
      return errors.isEmpty();
    }
  }

  private record Placed(Entry identity, String hash) {}

  private PlacementPreview() {}

  /**
   * Evaluates {@code head} (and compares with {@code base}, which may be null) against {@code
   * clusters}.
   */
  public static Result preview(
      RenderResult head, RenderResult base, List<Cluster> clusters, String defaultNamespace) {
    return preview(head, base, clusters, defaultNamespace, List.of());
  }

  /**
   * As above, with the wave each cluster would be in for BindingPolicies that a RolloutPolicy of
   * the head, or one of {@code wdsRolloutPolicies} (whole objects from the WDS), governs.
   */
  public static Result preview(
      RenderResult head,
      RenderResult base,
      List<Cluster> clusters,
      String defaultNamespace,
      List<Map<String, Object>> wdsRolloutPolicies) {
    List<Problem> errors = new ArrayList<>();
    head.errors().forEach(e -> errors.add(problem(e)));
    Map<String, Map<String, Placed>> now =
        place(head.objects(), clusters, defaultNamespace, errors);
    Map<String, Map<String, Placed>> before =
        base == null
            ? Map.of()
            : place(base.objects(), clusters, defaultNamespace, new ArrayList<>());
    Map<String, List<Entry>> out = new TreeMap<>();
    for (Cluster cluster : clusters) {
      Map<String, Placed> after = now.getOrDefault(cluster.name(), Map.of());
      Map<String, Placed> was = before.getOrDefault(cluster.name(), Map.of());
      Set<String> keys = new TreeSet<>(after.keySet());
      if (base != null) {
        keys.addAll(was.keySet());
      }
      List<Entry> entries = new ArrayList<>();
      for (String key : keys) {
        Placed a = after.get(key);
        Placed b = was.get(key);
        String change =
            base == null
                ? "added"
                : a == null
                    ? "removed"
                    : b == null ? "added" : a.hash().equals(b.hash()) ? "unchanged" : "changed";
        Entry id = (a != null ? a : b).identity();
        entries.add(
            new Entry(id.group(), id.version(), id.kind(), id.namespace(), id.name(), change));
      }
      out.put(cluster.name(), entries);
    }
    return new Result(out, errors, RolloutWaves.of(head.objects(), clusters, wdsRolloutPolicies));
  }

  /** One object on one cluster. */
  public record Placement(String cluster, Entry object) {
    /** {@code Kind namespace/name on cluster} for messages. */
    public String describe() {
      return object.kind()
          + " "
          + (object.namespace().isEmpty()
              ? object.name()
              : object.namespace() + "/" + object.name())
          + " on "
          + cluster;
    }
  }

  /**
   * Every object on every cluster that the BindingPolicies among {@code objects} place, keyed and
   * sorted by cluster and object; invalid policies place nothing.
   */
  public static Map<String, Placement> placements(
      List<DesiredObject> objects, List<Cluster> clusters, String defaultNamespace) {
    Map<String, Placement> out = new TreeMap<>();
    place(objects, clusters, defaultNamespace, new ArrayList<>())
        .forEach(
            (cluster, placed) ->
                placed.forEach(
                    (key, p) ->
                        out.put(cluster + "|" + key, new Placement(cluster, p.identity()))));
    return out;
  }

  private static Map<String, Map<String, Placed>> place(
      List<DesiredObject> objects,
      List<Cluster> clusters,
      String defaultNamespace,
      List<Problem> errors) {
    KindCatalog kinds = new KindCatalog(objects);
    Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
    for (DesiredObject o : objects) {
      if ("v1".equals(o.apiVersion()) && "Namespace".equals(o.kind())) {
        namespaceLabels.put(o.name(), labels(o.content()));
      }
    }
    List<WorkloadObject> workload = new ArrayList<>();
    Map<WorkloadRef, Placed> byRef = new HashMap<>();
    for (DesiredObject o : objects) {
      KindCatalog.Kind kind = kinds.lookup(o.apiVersion(), o.kind());
      if (!DownsyncFilter.isDownsyncable(o.group(), kind.resource())) {
        continue;
      }
      String ns =
          kind.namespaced() ? (o.namespace().isEmpty() ? defaultNamespace : o.namespace()) : "";
      WorkloadRef ref = new WorkloadRef(o.group(), o.version(), kind.resource(), ns, o.name());
      workload.add(
          new WorkloadObject(
              ref,
              "",
              labels(o.content()),
              ns.isEmpty() ? null : namespaceLabels.getOrDefault(ns, Map.of())));
      byRef.put(
          ref,
          new Placed(
              new Entry(o.group(), o.version(), o.kind(), ns, o.name(), ""), hash(o.content())));
    }
    Map<String, Map<String, Placed>> perCluster = new HashMap<>();
    for (DesiredObject o : objects) {
      if (!"control.kubestellar.io/v1alpha1".equals(o.apiVersion())
          || !"BindingPolicy".equals(o.kind())) {
        continue;
      }
      Map<String, Object> spec =
          o.content().get("spec") instanceof Map<?, ?> m ? cast(m) : Map.of();
      Parsed<BindingPolicySpec> parsed = BindingPolicySpec.parse(spec);
      if (!parsed.isValid()) {
        parsed
            .errors()
            .forEach(
                e ->
                    errors.add(
                        new Problem(o.path(), o.line(), "BindingPolicy " + o.name() + ": " + e)));
        continue;
      }
      PolicyMatch match = new PolicyMatcher(parsed.value()).match(clusters, workload);
      for (String cluster : match.clusters()) {
        for (SelectedObject s : match.objects()) {
          Placed p = byRef.get(s.object().ref());
          perCluster.computeIfAbsent(cluster, c -> new LinkedHashMap<>()).put(key(p.identity()), p);
        }
      }
    }
    return perCluster;
  }

  private static String key(Entry e) {
    return e.group() + "|" + e.kind() + "|" + e.namespace() + "|" + e.name();
  }

  private static Problem problem(RenderError e) {
    return new Problem(e.path(), e.line(), e.message());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static Map<String, String> labels(Map<String, Object> content) {
    Map<String, String> out = new TreeMap<>();
    if (content.get("metadata") instanceof Map<?, ?> metadata
        && metadata.get("labels") instanceof Map<?, ?> labels) {
      labels.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }

  private static String hash(Map<String, Object> content) {
    try {
      byte[] json =
          CANONICAL.writeValueAsString(content).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
