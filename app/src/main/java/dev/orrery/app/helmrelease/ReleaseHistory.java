package dev.orrery.app.helmrelease;

import dev.orrery.renderer.ChartRelease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a release's stored revisions after a render, purely, as {@code helm upgrade} would leave
 * them: when the newest stored revision is deployed and has the rendered digest, the records stay
 * exactly as stored; otherwise a new revision (newest + 1, or 1) is deployed, every earlier
 * deployed one becomes {@code superseded}, and only the newest {@code maxHistory} are kept (Helm's
 * {@code --history-max}); the others are left out, so the sync prunes them.
 */
public final class ReleaseHistory {
  public static final int DEFAULT_MAX_HISTORY = 10;

  private final int maxHistory;

  public ReleaseHistory(int maxHistory) {
    if (maxHistory < 1) {
      throw new IllegalArgumentException("maxHistory must be at least 1");
    }
    this.maxHistory = maxHistory;
  }

  /**
   * @param stored the release's records as stored, any order
   * @param description said in {@code helm history} for a new revision, after "Install complete" or
   *     "Upgrade complete"
   */
  public List<ReleaseRecord> next(
      ChartRelease release,
      String digest,
      List<ReleaseRecord> stored,
      Instant now,
      String description) {
    List<ReleaseRecord> sorted = new ArrayList<>(stored);
    sorted.sort(Comparator.comparingInt(ReleaseRecord::version));
    ReleaseRecord newest = sorted.isEmpty() ? null : sorted.get(sorted.size() - 1);
    if (newest != null
        && newest.digest().equals(digest)
        && ReleaseRecord.DEPLOYED.equals(newest.status())) {
      return newestOf(sorted);
    }
    List<ReleaseRecord> result = new ArrayList<>();
    for (ReleaseRecord record : sorted) {
      result.add(ReleaseRecord.DEPLOYED.equals(record.status()) ? superseded(record) : record);
    }
    int version = newest == null ? 1 : newest.version() + 1;
    Object firstDeployed =
        sorted.isEmpty() ? now.toString() : info(sorted.get(0)).get("first_deployed");
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("first_deployed", firstDeployed == null ? now.toString() : firstDeployed);
    info.put("last_deployed", now.toString());
    info.put("deleted", "");
    info.put(
        "description",
        (version == 1 ? "Install complete" : "Upgrade complete")
            + (description.isEmpty() ? "" : ": " + description));
    info.put("status", ReleaseRecord.DEPLOYED);
    result.add(
        ReleaseRecord.of(
            version,
            ReleaseRecord.DEPLOYED,
            digest,
            Long.toString(now.getEpochSecond()),
            HelmReleaseJson.of(release, info, version)));
    return newestOf(result);
  }

  private List<ReleaseRecord> newestOf(List<ReleaseRecord> ascending) {
    return List.copyOf(
        ascending.subList(Math.max(0, ascending.size() - maxHistory), ascending.size()));
  }

  private static ReleaseRecord superseded(ReleaseRecord record) {
    Map<String, Object> release = new LinkedHashMap<>(record.release());
    Map<String, Object> info = new LinkedHashMap<>(info(record));
    info.put("status", ReleaseRecord.SUPERSEDED);
    release.put("info", info);
    return ReleaseRecord.of(
        record.version(), ReleaseRecord.SUPERSEDED, record.digest(), record.createdAt(), release);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> info(ReleaseRecord record) {
    return record.release().get("info") instanceof Map<?, ?> info
        ? (Map<String, Object>) info
        : Map.of();
  }
}
