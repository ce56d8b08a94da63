package dev.orrery.placement.status;

import dev.orrery.placement.match.Unstructured;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Git revision of the newest object among those placed: objects applied from Git carry the
 * annotation {@value #ANNOTATION}; an object unchanged by a later revision keeps its older value,
 * so the newest is the object whose fields the given field manager applied last (its {@code
 * metadata.managedFields[].time}; ties go to the greater revision so the answer is stable).
 */
public final class PlacedRevision {
  /** Written by Orrery's GitSource sync on every object it applies. */
  public static final String ANNOTATION = "gitops.orrery.dev/revision";

  private PlacedRevision() {}

  /** The newest revision among JSON-decoded objects, or empty when none carries the annotation. */
  public static Optional<String> newest(
      Collection<Map<String, Object>> objects, String fieldManager) {
    String best = null;
    Instant bestTime = Instant.MIN;
    for (Map<String, Object> object : objects) {
      Map<String, Object> metadata = Unstructured.asMap(object.get("metadata"));
      if (!(Unstructured.asMap(metadata.get("annotations")).get(ANNOTATION)
              instanceof String revision)
          || revision.isEmpty()) {
        continue;
      }
      Instant time = appliedAt(metadata, fieldManager);
      int order = time.compareTo(bestTime);
      if (best == null || order > 0 || (order == 0 && revision.compareTo(best) > 0)) {
        best = revision;
        bestTime = time;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The latest time {@code fieldManager} wrote the object, or {@link Instant#MIN} when unknown. */
  static Instant appliedAt(Map<String, Object> metadata, String fieldManager) {
    Instant latest = Instant.MIN;
    Object raw = metadata.get("managedFields");
    for (Object o : raw instanceof List<?> l ? l : List.of()) {
      Map<String, Object> entry = Unstructured.asMap(o);
      if (fieldManager.equals(entry.get("manager")) && entry.get("time") instanceof String t) {
        try {
          Instant time = Instant.parse(t);
          latest = time.isAfter(latest) ? time : latest;
        } catch (DateTimeParseException ignored) {
          // An unparsable time says nothing about order.
        }
      }
    }
    return latest;
  }
}
