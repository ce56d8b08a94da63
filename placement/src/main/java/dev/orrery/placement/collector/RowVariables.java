package dev.orrery.placement.collector;

import dev.cel.common.values.NullValue;
import java.util.Map;

/**
 * The CEL variables of one WEC's row: {@code obj}, {@code returned.status}, {@code inventory.name}
 * and {@code propagation.lastReturnedUpdateTimestamp} (a CEL timestamp, or null when unknown).
 *
 * @param cluster the WEC name
 * @param variables the activation passed to every program
 */
record RowVariables(String cluster, Map<String, Object> variables) {

  /** Builds the variables of {@code row}; {@code celObject} is the object already in CEL form. */
  static RowVariables of(Object celObject, WecRow row) {
    Object status =
        row.returnedStatus() == null
            ? NullValue.NULL_VALUE
            : JsonValues.toCel(row.returnedStatus());
    Object timestamp =
        row.lastReturnedUpdate() == null ? NullValue.NULL_VALUE : row.lastReturnedUpdate();
    return new RowVariables(
        row.cluster(),
        Map.of(
            CollectorCel.OBJ, celObject,
            CollectorCel.RETURNED, Map.of("status", status),
            CollectorCel.INVENTORY, Map.of("name", row.cluster()),
            CollectorCel.PROPAGATION, Map.of("lastReturnedUpdateTimestamp", timestamp)));
  }
}
