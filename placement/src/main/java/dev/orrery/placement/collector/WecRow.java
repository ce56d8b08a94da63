package dev.orrery.placement.collector;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one WEC returned for the object: the input row of a StatusCollector.
 *
 * @param cluster the WEC (inventory) name, seen by CEL as {@code inventory.name}
 * @param returnedStatus the {@code .status} the WEC returned, seen as {@code returned.status};
 *     {@code null} when it has not returned one
 * @param lastReturnedUpdate when that status last changed, seen as {@code
 *     propagation.lastReturnedUpdateTimestamp}; {@code null} when unknown
 */
public record WecRow(
    String cluster, Map<String, Object> returnedStatus, Instant lastReturnedUpdate) {

  /** Rejects a null cluster name. */
  public WecRow {
    Objects.requireNonNull(cluster, "cluster");
  }
}
