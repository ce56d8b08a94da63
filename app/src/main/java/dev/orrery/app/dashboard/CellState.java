package dev.orrery.app.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orrery.placement.controller.PlacedObject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One cell of the fleet map: what a cluster runs of one GitSource or BindingPolicy, summed over its
 * placed objects.
 *
 * @param revision the Git revision the objects come from: a GitSource only re-applies the objects a
 *     commit changes, so when one of them carries a source's applied revision the cluster has that
 *     revision (whatever other objects still carry); else their one revision, or {@value #MIXED}
 *     when they carry several, or null when none carries one (objects that did not come from Git)
 * @param health the objects' readiness on the WEC ({@link Readiness#of(Collection)}): {@code
 *     Healthy}, {@code Progressing}, {@code Degraded} or {@code Unknown}
 * @param objects how many objects are placed there
 * @param available how many of them the WEC's work agent reports available (OCM: they exist there)
 * @param ready how many of them are ready by their status ({@link Readiness#of(PlacedObject)})
 * @param reason why the cell is not healthy, naming the first object that decided it (null when
 *     healthy)
 * @param wave the cluster's wave in the BindingPolicy's rollout in flight, or null (no rollout in
 *     flight, or a GitSource's cell)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CellState(
    String revision,
    String health,
    int objects,
    int available,
    int ready,
    String reason,
    Integer wave) {
  public static final String MIXED = "mixed";
  public static final String HEALTHY = Readiness.HEALTHY;
  public static final String DEGRADED = Readiness.DEGRADED;
  public static final String PROGRESSING = Readiness.PROGRESSING;
  public static final String UNKNOWN = Readiness.UNKNOWN;

  /** The cell for these objects when no revision is known to be current. */
  public static CellState of(Collection<PlacedObject> placed) {
    return of(placed, Set.of());
  }

  /**
   * The cell for these objects, or null when there is none (nothing placed there); {@code current}
   * are the revisions GitSources have applied last.
   */
  public static CellState of(Collection<PlacedObject> placed, Set<String> current) {
    if (placed.isEmpty()) {
      return null;
    }
    Map<String, Integer> revisions = new LinkedHashMap<>();
    int available = 0;
    int ready = 0;
    for (PlacedObject o : placed) {
      if (o.revision() != null) {
        revisions.merge(o.revision(), 1, Integer::sum);
      }
      if (Boolean.TRUE.equals(o.available())) {
        available++;
      }
      if (Readiness.of(o).healthy()) {
        ready++;
      }
    }
    String revision =
        revisions.keySet().stream()
            .filter(current::contains)
            .findFirst()
            .orElse(
                revisions.isEmpty()
                    ? null
                    : revisions.size() == 1 ? revisions.keySet().iterator().next() : MIXED);
    Readiness health = Readiness.of(placed);
    return new CellState(
        revision,
        health.state(),
        placed.size(),
        available,
        ready,
        health.healthy() ? null : health.reason(),
        null);
  }

  /** This cell with another revision. */
  public CellState withRevision(String other) {
    return new CellState(other, health, objects, available, ready, reason, wave);
  }

  /** This cell in wave {@code number} of a rollout in flight (null: none). */
  public CellState withWave(Integer number) {
    return new CellState(revision, health, objects, available, ready, reason, number);
  }

  /** Rejects a null health. */
  public CellState {
    Objects.requireNonNull(health, "health");
  }
}
