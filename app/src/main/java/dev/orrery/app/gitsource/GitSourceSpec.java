package dev.orrery.app.gitsource;

import dev.orrery.controller.GoDurations;
import dev.orrery.gitsource.GitRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The validated {@code spec} of a GitSource ({@code gitops.orrery.dev/v1alpha1}). */
public record GitSourceSpec(
    String url,
    GitRef ref,
    List<String> paths,
    Duration interval,
    String secretName,
    boolean prune,
    boolean suspend,
    boolean force,
    String serviceAccountName,
    String webhookSecretName,
    double maxDeleteRatio,
    dev.orrery.app.report.ReportSpec report) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  public static final double DEFAULT_MAX_DELETE_RATIO = 0.5;

  /** Parses and validates; throws {@link InvalidSpecException} listing every problem. */
  public static GitSourceSpec parse(Map<String, Object> spec) {
    List<String> problems = new ArrayList<>();
    String url = string(spec.get("url"));
    if (url.isBlank()) {
      problems.add("spec.url is required");
    }
    GitRef ref = parseRef(spec.get("ref"), problems);
    List<String> paths = new ArrayList<>();
    if (spec.get("paths") instanceof List<?> list) {
      list.forEach(p -> paths.add(normalizePath(String.valueOf(p))));
    }
    Duration interval = DEFAULT_INTERVAL;
    if (spec.get("interval") != null) {
      try {
        interval = parseDuration(String.valueOf(spec.get("interval")));
      } catch (IllegalArgumentException e) {
        problems.add("spec.interval: " + e.getMessage());
      }
    }
    double ratio = DEFAULT_MAX_DELETE_RATIO;
    if (spec.get("deletionGuard") instanceof Map<?, ?> guard
        && guard.get("maxDeleteRatio") instanceof Number n) {
      ratio = n.doubleValue();
      if (ratio < 0 || ratio > 1) {
        problems.add("spec.deletionGuard.maxDeleteRatio must be within 0..1");
      }
    }
    dev.orrery.app.report.ReportSpec report =
        dev.orrery.app.report.ReportSpec.parse(spec.get("report"));
    if (report.commits() && ref instanceof GitRef.Branch b && b.name().equals(report.branch())) {
      problems.add(
          "spec.report.branch must differ from the watched branch "
              + b.name()
              + " (a status commit must not trigger a reconcile)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(String.join("; ", problems));
    }
    return new GitSourceSpec(
        url,
        ref,
        List.copyOf(paths),
        interval,
        refName(spec.get("secretRef")),
        bool(spec.get("prune"), true),
        bool(spec.get("suspend"), false),
        bool(spec.get("force"), false),
        string(spec.get("serviceAccountName")),
        refName(spec.get("webhookSecretRef")),
        ratio,
        report);
  }

  private static GitRef parseRef(Object value, List<String> problems) {
    if (!(value instanceof Map<?, ?> ref) || ref.isEmpty()) {
      return new GitRef.Branch("main");
    }
    if (ref.size() > 1) {
      problems.add(
          "spec.ref must name exactly one of branch, tag, semver, commit; got " + ref.keySet());
      return null;
    }
    Map.Entry<?, ?> e = ref.entrySet().iterator().next();
    String v = String.valueOf(e.getValue());
    try {
      return switch (String.valueOf(e.getKey())) {
        case "branch" -> new GitRef.Branch(v);
        case "tag" -> new GitRef.Tag(v);
        case "semver" -> new GitRef.Semver(v);
        case "commit" -> new GitRef.Commit(v);
        default -> {
          problems.add("spec.ref." + e.getKey() + " is not one of branch, tag, semver, commit");
          yield null;
        }
      };
    } catch (IllegalArgumentException ex) {
      problems.add("spec.ref." + e.getKey() + ": " + ex.getMessage());
      return null;
    }
  }

  /** Go-style durations as Kubernetes APIs write them: {@code 30s}, {@code 1m30s}, {@code 2h}. */
  static Duration parseDuration(String text) {
    Duration total = GoDurations.parse(text);
    if (total.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("'" + text + "' is shorter than 1s");
    }
    return total;
  }

  private static String normalizePath(String p) {
    String s = p.strip();
    while (s.startsWith("./")) {
      s = s.substring(2);
    }
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static String refName(Object value) {
    return value instanceof Map<?, ?> m ? string(m.get("name")) : "";
  }

  private static String string(Object value) {
    return value == null ? "" : value.toString();
  }

  private static boolean bool(Object value, boolean otherwise) {
    return value instanceof Boolean b ? b : otherwise;
  }

  /** The spec cannot be acted on; the message lists why. */
  public static final class InvalidSpecException extends RuntimeException {
    public InvalidSpecException(String message) {
      super(message);
    }
  }
}
