package dev.orrery.app.dashboard;

import dev.orrery.app.sync.InventoryEntry;
import dev.orrery.placement.controller.InventoryCluster;
import dev.orrery.placement.controller.PlacedObject;
import dev.orrery.placement.match.ObjectKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet map: one row per cluster, one column per GitSource and per BindingPolicy, each cell
 * what that cluster runs of it ({@link CellState}, null where nothing of it is placed). Built from
 * cached facts only; pure.
 *
 * @param columns the GitSources (sorted by key) then the BindingPolicies (sorted by name)
 * @param clusters the clusters, sorted by name
 */
public record FleetMap(List<Column> columns, List<Row> clusters) {

  /**
   * A column.
   *
   * @param kind {@code GitSource} or {@code BindingPolicy}
   * @param name {@code namespace/name} of a GitSource, the name of a policy
   * @param revision a GitSource's applied revision (null for a policy or before one is applied)
   * @param state a GitSource's Ready reason ({@code Applied}, {@code DeletionHeld}, ...); a
   *     policy's {@code Placed} or {@code Invalid}
   * @param errors how many errors the GitSource or policy reports
   * @param clusters on how many clusters something of it is placed
   */
  public record Column(
      String kind, String name, String revision, String state, int errors, int clusters) {}

  /**
   * A cluster's row.
   *
   * @param name the cluster
   * @param labels its labels
   * @param cells one per column, null where nothing of that column is placed
   */
  public record Row(String name, Map<String, String> labels, List<CellState> cells) {}

  /**
   * A BindingPolicy as placement holds it.
   *
   * @param name the policy
   * @param errors its spec's validation errors
   * @param placed every object it places, per cluster
   * @param waves cluster → its wave in the policy's rollout in flight (empty when none)
   */
  public record PolicyFacts(
      String name, List<String> errors, List<PlacedObject> placed, Map<String, Integer> waves) {

    /** A policy with no rollout in flight. */
    public PolicyFacts(String name, List<String> errors, List<PlacedObject> placed) {
      this(name, errors, placed, Map.of());
    }
  }

  /** Builds the map. */
  public static FleetMap build(
      List<InventoryCluster> clusters, List<SourceFacts> sources, List<PolicyFacts> policies) {
    Map<String, PolicyFacts> byName = new HashMap<>();
    policies.forEach(p -> byName.put(p.name(), p));
    List<Column> columns = new ArrayList<>();
    List<Map<String, List<PlacedObject>>> perColumn = new ArrayList<>();
    List<Map<String, Integer>> wavesPerColumn = new ArrayList<>();
    for (SourceFacts source : sources.stream().sorted(FleetMap::bySourceKey).toList()) {
      Map<String, List<PlacedObject>> byCluster = sourceObjects(source, byName);
      perColumn.add(byCluster);
      wavesPerColumn.add(Map.of());
      columns.add(
          new Column(
              "GitSource",
              source.key(),
              source.status().lastAppliedRevision(),
              source.state(),
              source.status().errorsOrEmpty().size(),
              byCluster.size()));
    }
    for (PolicyFacts policy :
        policies.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      Map<String, List<PlacedObject>> byCluster = byCluster(policy.placed());
      perColumn.add(byCluster);
      wavesPerColumn.add(policy.waves());
      columns.add(
          new Column(
              "BindingPolicy",
              policy.name(),
              null,
              policy.errors().isEmpty() ? "Placed" : "Invalid",
              policy.errors().size(),
              byCluster.size()));
    }
    Set<String> current = new HashSet<>();
    for (SourceFacts source : sources) {
      if (source.status().lastAppliedRevision() != null) {
        current.add(source.status().lastAppliedRevision());
      }
    }
    List<Row> rows = new ArrayList<>(clusters.size());
    for (InventoryCluster cluster :
        clusters.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      List<CellState> cells = new ArrayList<>(columns.size());
      for (int c = 0; c < perColumn.size(); c++) {
        CellState cell =
            CellState.of(perColumn.get(c).getOrDefault(cluster.name(), List.of()), current);
        String applied = columns.get(c).revision();
        // A GitSource's objects in the WDS are its applied revision (each carries the commit that
        // last changed it): its cells say so; their health says whether the WEC has them.
        if (cell != null && applied != null) {
          cell = cell.withRevision(applied);
        }
        Integer wave = wavesPerColumn.get(c).get(cluster.name());
        cells.add(cell == null || wave == null ? cell : cell.withWave(wave));
      }
      rows.add(new Row(cluster.name(), cluster.labels(), cells));
    }
    return new FleetMap(List.copyOf(columns), List.copyOf(rows));
  }

  /**
   * The objects of the source's own inventory that its BindingPolicies place, per cluster (a policy
   * of the source may also select objects from elsewhere; those are the policy's, not the
   * source's).
   */
  static Map<String, List<PlacedObject>> sourceObjects(
      SourceFacts source, Map<String, PolicyFacts> policies) {
    Set<ObjectKey> own = new HashSet<>();
    for (InventoryEntry e : source.status().inventoryOrEmpty().entries().values()) {
      own.add(new ObjectKey(e.group(), e.resource(), e.namespace(), e.name()));
    }
    List<PlacedObject> placed = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String policy : source.status().inventoryOrEmpty().bindingPolicies()) {
      PolicyFacts facts = policies.get(policy);
      if (facts == null) {
        continue;
      }
      for (PlacedObject o : facts.placed()) {
        if (own.contains(o.ref().key()) && seen.add(o.cluster() + " " + o.ref().key())) {
          placed.add(o);
        }
      }
    }
    return byCluster(placed);
  }

  private static Map<String, List<PlacedObject>> byCluster(List<PlacedObject> placed) {
    Map<String, List<PlacedObject>> out = new HashMap<>();
    for (PlacedObject o : placed) {
      out.computeIfAbsent(o.cluster(), c -> new ArrayList<>()).add(o);
    }
    return out;
  }

  private static int bySourceKey(SourceFacts a, SourceFacts b) {
    return a.key().compareTo(b.key());
  }
}
