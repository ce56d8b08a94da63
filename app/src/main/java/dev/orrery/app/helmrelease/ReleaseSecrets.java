package dev.orrery.app.helmrelease;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Release records as Helm 3's Secret storage driver keeps them: Secret {@code
 * sh.helm.release.v1.<name>.v<version>} of type {@code helm.sh/release.v1} in the release
 * namespace, labels {@code name}, {@code owner=helm}, {@code status}, {@code version}, {@code
 * createdAt}, and {@code data.release} holding the encoded release ({@link HelmReleaseCodec}) under
 * Kubernetes' own base64. Orrery adds the record's digest as an annotation, which Helm ignores.
 */
public final class ReleaseSecrets {
  public static final String TYPE = "helm.sh/release.v1";
  public static final String DIGEST_ANNOTATION = "gitops.orrery.dev/helm-release-digest";

  /** Labels Helm's storage driver owns; other labels on a record are the user's. */
  public static final Set<String> SYSTEM_LABELS =
      Set.of("name", "owner", "status", "version", "createdAt", "modifiedAt");

  private static final String PREFIX = "sh.helm.release.v1.";

  private ReleaseSecrets() {}

  public static String secretName(String release, int version) {
    return PREFIX + release + ".v" + version;
  }

  /** The version a Secret name holds for {@code release}, if it is one of its records. */
  public static OptionalInt version(String release, String secretName) {
    String prefix = PREFIX + release + ".v";
    if (!secretName.startsWith(prefix)) {
      return OptionalInt.empty();
    }
    String digits = secretName.substring(prefix.length());
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(digits));
  }

  /** The Secret manifest of a record, with {@code labels} besides Helm's own. */
  public static Map<String, Object> manifest(
      String release, String namespace, ReleaseRecord record, Map<String, String> labels) {
    Map<String, Object> allLabels = new LinkedHashMap<>();
    labels.forEach(
        (k, v) -> {
          if (!SYSTEM_LABELS.contains(k)) {
            allLabels.put(k, v);
          }
        });
    allLabels.put("name", release);
    allLabels.put("owner", "helm");
    allLabels.put("status", record.status());
    allLabels.put("version", Integer.toString(record.version()));
    allLabels.put("createdAt", record.createdAt());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", secretName(release, record.version()));
    metadata.put("namespace", namespace);
    metadata.put("labels", allLabels);
    metadata.put("annotations", Map.of(DIGEST_ANNOTATION, record.digest()));
    Map<String, Object> secret = new LinkedHashMap<>();
    secret.put("apiVersion", "v1");
    secret.put("kind", "Secret");
    secret.put("metadata", metadata);
    secret.put("type", TYPE);
    secret.put(
        "data",
        Map.of(
            "release",
            Base64.getEncoder().encodeToString(record.encoded().getBytes(StandardCharsets.UTF_8))));
    return secret;
  }

  /**
   * The record a stored Secret holds ({@code data} as the API returns it, base64), or empty when it
   * is not a release record Orrery can read.
   */
  public static Optional<ReleaseRecord> record(
      Map<String, String> labels,
      Map<String, String> annotations,
      String type,
      Map<String, String> data) {
    if (!TYPE.equals(type) || data == null || data.get("release") == null || labels == null) {
      return Optional.empty();
    }
    try {
      String encoded =
          new String(Base64.getDecoder().decode(data.get("release")), StandardCharsets.UTF_8);
      Map<String, Object> release = HelmReleaseCodec.decode(encoded);
      int version = Integer.parseInt(labels.getOrDefault("version", ""));
      String digest = annotations == null ? "" : annotations.getOrDefault(DIGEST_ANNOTATION, "");
      return Optional.of(
          new ReleaseRecord(
              version,
              labels.getOrDefault("status", ""),
              digest,
              labels.getOrDefault("createdAt", ""),
              release,
              encoded));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
