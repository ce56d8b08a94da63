package dev.orrery.app.helmrelease;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One revision of a release as stored: its version, status, the digest of what it released (see
 * {@link ReleaseDigest}), Helm's {@code createdAt} label (epoch seconds) and the release JSON with
 * its encoded form ({@link HelmReleaseCodec}).
 */
public record ReleaseRecord(
    int version,
    String status,
    String digest,
    String createdAt,
    Map<String, Object> release,
    String encoded) {

  public static final String DEPLOYED = "deployed";
  public static final String SUPERSEDED = "superseded";

  public ReleaseRecord {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(createdAt, "createdAt");
    release = Collections.unmodifiableMap(new LinkedHashMap<>(release));
    Objects.requireNonNull(encoded, "encoded");
  }

  /** A record of {@code release}, encoded here. */
  public static ReleaseRecord of(
      int version, String status, String digest, String createdAt, Map<String, Object> release) {
    return new ReleaseRecord(
        version, status, digest, createdAt, release, HelmReleaseCodec.encode(release));
  }
}
