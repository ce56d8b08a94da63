package dev.orrery.placement.collector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of all of an object's StatusCollectors, sorted by collector name: the CombinedStatus
 * {@code results[]} plus the errors for the controller to report.
 *
 * @param collectors one result per collector, sorted by name
 */
public record CombinedStatusResults(List<CollectorResult> collectors) {

  /** Copies the list. */
  public CombinedStatusResults {
    collectors = List.copyOf(collectors);
  }

  /** The CombinedStatus {@code results} list. */
  public List<Map<String, Object>> results() {
    return collectors.stream().map(CollectorResult::toJson).toList();
  }

  /** The error messages of each collector that had any, by collector name (sorted). */
  public Map<String, List<String>> errorsByCollector() {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    for (CollectorResult result : collectors) {
      if (result.hasErrors()) {
        errors.put(result.name(), result.errorMessages());
      }
    }
    return Collections.unmodifiableMap(errors);
  }
}
