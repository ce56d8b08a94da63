package dev.orrery.placement.status;

import dev.orrery.placement.match.Unstructured;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the OCM work agent of a cluster has stopped answering, seen from its ManifestWorks: a
 * work is pending while the agent has not acknowledged its current generation (its {@code Applied}
 * condition is missing or has an older {@code observedGeneration}), and stale once it has been
 * pending for longer than a grace period.
 *
 * <p>Pending since: the time the first unacknowledged generation was written, as far as it is
 * known. A work's {@code managedFields} only keep the newest write to the work itself (the agent's
 * status writes, on the {@code status} subresource, do not count), so the first time a work is seen
 * pending that time is remembered, and later writes while it stays pending do not move it; an
 * acknowledgement forgets it. The agent may have stopped earlier than "since", never later.
 *
 * <p>Thread-safe; remembers at most {@link #MAX_REMEMBERED} pending works (beyond that the oldest
 * entries are forgotten and their works are judged from their newest write again).
 */
public final class WorkStaleness {
  /** How long a live agent may take to acknowledge a written generation. */
  public static final Duration GRACE = Duration.ofSeconds(30);

  static final int MAX_REMEMBERED = 100_000;

  private final Duration grace;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /** When a work was first seen pending, and what the agent had acknowledged then. */
  private record Pending(Instant since, long observed) {}

  public WorkStaleness(Duration grace) {
    this.grace = grace;
  }

  /** The earliest time since which one of the JSON-decoded works has been stale, if any is. */
  public Optional<Instant> since(Collection<Map<String, Object>> works, Instant now) {
    return works.stream().map(w -> since(w, now)).flatMap(Optional::stream).min(Instant::compareTo);
  }

  /** The time since which this JSON-decoded work has been stale, if it is. */
  public Optional<Instant> since(Map<String, Object> work, Instant now) {
    Map<String, Object> metadata = Unstructured.asMap(work.get("metadata"));
    String key = metadata.get("namespace") + "/" + metadata.get("name");
    long generation = metadata.get("generation") instanceof Number n ? n.longValue() : 0L;
    long observed = observedGeneration(work);
    Optional<Instant> written = lastWrite(metadata);
    if (observed >= generation || written.isEmpty()) {
      pending.remove(key);
      return Optional.empty();
    }
    if (pending.size() >= MAX_REMEMBERED && !pending.containsKey(key)) {
      pending.entrySet().stream()
          .min(Map.Entry.comparingByValue(Comparator.comparing(Pending::since)))
          .ifPresent(oldest -> pending.remove(oldest.getKey()));
    }
    Pending seen = new Pending(written.get(), observed);
    Pending p =
        pending.merge(
            key,
            seen,
            (before, latest) ->
                latest.observed() > before.observed() || latest.since().isBefore(before.since())
                    ? latest
                    : before);
    return p.since().plus(grace).isBefore(now) ? Optional.of(p.since()) : Optional.empty();
  }

  /**
   * The generation the agent last acknowledged: its {@code Applied} condition's {@code
   * observedGeneration}; -1 when there is no {@code Applied} condition; {@link Long#MAX_VALUE} when
   * the condition has no {@code observedGeneration} (such an agent cannot be judged).
   */
  static long observedGeneration(Map<String, Object> work) {
    Object raw = Unstructured.asMap(work.get("status")).get("conditions");
    if (raw instanceof List<?> conditions) {
      for (Object o : conditions) {
        Map<String, Object> c = Unstructured.asMap(o);
        if ("Applied".equals(c.get("type"))) {
          return c.get("observedGeneration") instanceof Number observed
              ? observed.longValue()
              : Long.MAX_VALUE;
        }
      }
    }
    return -1;
  }

  private static Optional<Instant> lastWrite(Map<String, Object> metadata) {
    Optional<Instant> newest = Optional.empty();
    if (metadata.get("managedFields") instanceof List<?> entries) {
      for (Object o : entries) {
        Map<String, Object> entry = Unstructured.asMap(o);
        Object subresource = entry.get("subresource");
        if (subresource != null && !"".equals(subresource)) {
          continue;
        }
        Optional<Instant> time = instant(entry.get("time"));
        if (time.isPresent() && (newest.isEmpty() || time.get().isAfter(newest.get()))) {
          newest = time;
        }
      }
    }
    return newest.isPresent() ? newest : instant(metadata.get("creationTimestamp"));
  }

  private static Optional<Instant> instant(Object text) {
    if (!(text instanceof String s)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException unreadable) {
      return Optional.empty();
    }
  }
}
