package dev.orrery.placement.status;

import dev.orrery.placement.match.ObjectKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The BindingPolicy {@code status.errors} message for objects whose singleton reported state cannot
 * be returned because their qualified WEC set is not exactly one cluster.
 */
public final class SingletonStatusErrors {

  /** How many objects the message names before summarising the rest. */
  public static final int MAX_NAMED = 4;

  private SingletonStatusErrors() {}

  /**
   * The message for the policy, or empty when every object qualifies.
   *
   * @param qualifiedCountByObject for each object of the policy that asks for singleton reported
   *     state, the size of its singleton qualified WEC set
   */
  public static Optional<String> message(Map<ObjectKey, Integer> qualifiedCountByObject) {
    TreeMap<ObjectKey, Integer> offending = new TreeMap<>();
    qualifiedCountByObject.forEach(
        (key, count) -> {
          if (count != 1) {
            offending.put(key, count);
          }
        });
    if (offending.isEmpty()) {
      return Optional.empty();
    }
    List<String> named = new ArrayList<>();
    offending.entrySet().stream()
        .limit(MAX_NAMED)
        .forEach(e -> named.add(e.getKey().describe() + " (" + e.getValue() + " WECs)"));
    StringBuilder message =
        new StringBuilder("wantSingletonReportedState needs exactly 1 qualified WEC, but ")
            .append(offending.size())
            .append(offending.size() == 1 ? " object has" : " objects have")
            .append(" a different number: ")
            .append(String.join(", ", named));
    if (offending.size() > MAX_NAMED) {
      message.append(" and ").append(offending.size() - MAX_NAMED).append(" more");
    }
    return Optional.of(message.toString());
  }
}
