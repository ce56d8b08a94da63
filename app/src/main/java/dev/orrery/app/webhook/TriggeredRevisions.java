package dev.orrery.app.webhook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The last revision a push triggered per GitSource, so that the same revision announced again (by
 * another delivery id, another forge's hook, or a flood) does not trigger again. Only the last one
 * is kept: a push back to an older revision triggers. Bounded: beyond {@code capacity} sources the
 * least recently triggered is forgotten (its next push triggers). Thread-safe.
 */
final class TriggeredRevisions {
  private final Map<String, String> last;

  TriggeredRevisions(int capacity) {
    this.last =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * True, and remembered, unless {@code revision} is the one last triggered for {@code source}. A
   * push without a revision always triggers.
   */
  synchronized boolean firstTime(String source, String revision) {
    if (revision == null || revision.isBlank()) {
      return true;
    }
    return !Objects.equals(last.put(source, revision), revision);
  }
}
