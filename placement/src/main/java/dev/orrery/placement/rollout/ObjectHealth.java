package dev.orrery.placement.rollout;

import dev.orrery.placement.match.Unstructured;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether one delivered object is healthy on its WEC, from the status the work agent returns (the
 * whole {@code .status} as status feedback) and the manifest delivered.
 *
 * <ul>
 *   <li>Deployment: every desired replica updated, ready and available, and no old replicas left;
 *       failed once its {@code Progressing} condition says {@code ProgressDeadlineExceeded}.
 *   <li>StatefulSet: desired replicas ready and updated, current revision = update revision.
 *   <li>DaemonSet: every scheduled pod updated and available.
 *   <li>Job: complete; failed when its {@code Failed} condition is true.
 *   <li>Pod: running and ready; failed in phase {@code Failed}.
 *   <li>A kind with a {@link HealthCheck}: its {@code current} / {@code failed} expressions.
 *   <li>Anything else: healthy once it exists, unless it has a {@code Ready} condition that is not
 *       {@code True}.
 * </ul>
 */
public final class ObjectHealth {
  private ObjectHealth() {}

  /**
   * @param manifest the manifest delivered to the WEC
   * @param status the status the WEC returned, or null when none came back yet
   * @param checks health rules for custom kinds
   */
  public static Health of(
      Map<String, Object> manifest, Map<String, Object> status, List<HealthCheck> checks) {
    String apiVersion = Unstructured.string(manifest, "apiVersion").orElse("");
    String kind = Unstructured.string(manifest, "kind").orElse("");
    Optional<HealthCheck> check =
        checks.stream()
            .filter(c -> c.apiVersion().equals(apiVersion) && c.kind().equals(kind))
            .findFirst();
    if (check.isPresent()) {
      return custom(check.get(), manifest, status);
    }
    if (status == null) {
      return needsStatus(apiVersion, kind)
          ? Health.progressing(kind + " has reported no status yet")
          : Health.HEALTHY;
    }
    return switch (apiVersion + "/" + kind) {
      case "apps/v1/Deployment" -> deployment(manifest, status);
      case "apps/v1/StatefulSet" -> statefulSet(manifest, status);
      case "apps/v1/DaemonSet" -> daemonSet(status);
      case "batch/v1/Job" -> job(status);
      case "v1/Pod" -> pod(status);
      default -> generic(kind, status);
    };
  }

  private static boolean needsStatus(String apiVersion, String kind) {
    return switch (apiVersion + "/" + kind) {
      case "apps/v1/Deployment",
          "apps/v1/StatefulSet",
          "apps/v1/DaemonSet",
          "batch/v1/Job",
          "v1/Pod" ->
          true;
      default -> false;
    };
  }

  private static Health deployment(Map<String, Object> manifest, Map<String, Object> status) {
    Optional<Map<String, Object>> progressing = condition(status, "Progressing");
    if (progressing.isPresent()
        && "False".equals(progressing.get().get("status"))
        && "ProgressDeadlineExceeded".equals(progressing.get().get("reason"))) {
      return Health.failed("Deployment exceeded its progress deadline: " + message(progressing));
    }
    long desired = number(manifest, "spec", "replicas").orElse(1L);
    long updated = number(status, "updatedReplicas").orElse(0L);
    long ready = number(status, "readyReplicas").orElse(0L);
    long available = number(status, "availableReplicas").orElse(0L);
    long total = number(status, "replicas").orElse(0L);
    if (updated >= desired && ready >= desired && available >= desired && total <= updated) {
      return Health.HEALTHY;
    }
    return Health.progressing(
        "Deployment: "
            + updated
            + "/"
            + desired
            + " updated, "
            + available
            + " available"
            + (total > updated ? ", " + (total - updated) + " old replica(s) left" : ""));
  }

  private static Health statefulSet(Map<String, Object> manifest, Map<String, Object> status) {
    long desired = number(manifest, "spec", "replicas").orElse(1L);
    long ready = number(status, "readyReplicas").orElse(0L);
    long updated = number(status, "updatedReplicas").orElse(ready);
    Optional<String> current = Unstructured.string(status, "currentRevision");
    Optional<String> update = Unstructured.string(status, "updateRevision");
    boolean revisionDone = current.isEmpty() || update.isEmpty() || current.equals(update);
    if (ready >= desired && updated >= desired && revisionDone) {
      return Health.HEALTHY;
    }
    return Health.progressing(
        "StatefulSet: " + ready + "/" + desired + " ready, " + updated + " updated");
  }

  private static Health daemonSet(Map<String, Object> status) {
    long desired = number(status, "desiredNumberScheduled").orElse(0L);
    long updated = number(status, "updatedNumberScheduled").orElse(0L);
    long available = number(status, "numberAvailable").orElse(0L);
    if (updated >= desired && available >= desired) {
      return Health.HEALTHY;
    }
    return Health.progressing(
        "DaemonSet: " + updated + "/" + desired + " updated, " + available + " available");
  }

  private static Health job(Map<String, Object> status) {
    Optional<Map<String, Object>> failed = condition(status, "Failed");
    if (failed.isPresent() && "True".equals(failed.get().get("status"))) {
      return Health.failed("Job failed: " + message(failed));
    }
    Optional<Map<String, Object>> complete = condition(status, "Complete");
    return complete.isPresent() && "True".equals(complete.get().get("status"))
        ? Health.HEALTHY
        : Health.progressing("Job not complete yet");
  }

  private static Health pod(Map<String, Object> status) {
    String phase = Unstructured.string(status, "phase").orElse("");
    if ("Failed".equals(phase)) {
      return Health.failed("Pod failed: " + Unstructured.string(status, "message").orElse(""));
    }
    if ("Succeeded".equals(phase)) {
      return Health.HEALTHY;
    }
    Optional<Map<String, Object>> ready = condition(status, "Ready");
    return "Running".equals(phase) && ready.map(r -> "True".equals(r.get("status"))).orElse(false)
        ? Health.HEALTHY
        : Health.progressing("Pod " + (phase.isEmpty() ? "pending" : phase) + ", not ready");
  }

  private static Health generic(String kind, Map<String, Object> status) {
    Optional<Map<String, Object>> ready = condition(status, "Ready");
    if (ready.isPresent() && !"True".equals(ready.get().get("status"))) {
      return Health.progressing(kind + " not Ready: " + message(ready));
    }
    return Health.HEALTHY;
  }

  private static Health custom(
      HealthCheck check, Map<String, Object> manifest, Map<String, Object> status) {
    Map<String, Object> self = new LinkedHashMap<>(manifest);
    if (status != null) {
      self.put("status", status);
    }
    if (check.failed().map(f -> HealthCel.holds(f, self)).orElse(false)) {
      return Health.failed(check.kind() + ": " + check.failedExpression().orElse("") + " holds");
    }
    return HealthCel.holds(check.current(), self)
        ? Health.HEALTHY
        : Health.progressing(check.kind() + ": waiting for " + check.currentExpression());
  }

  private static Optional<Map<String, Object>> condition(Map<String, Object> status, String type) {
    Object raw = status.get("conditions");
    for (Object o : raw instanceof List<?> l ? l : List.of()) {
      Map<String, Object> c = Unstructured.asMap(o);
      if (type.equals(c.get("type"))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static String message(Optional<Map<String, Object>> condition) {
    return condition.map(c -> String.valueOf(c.getOrDefault("message", ""))).orElse("");
  }

  private static Optional<Long> number(Map<String, Object> root, String... path) {
    return Unstructured.value(root, path)
        .filter(Number.class::isInstance)
        .map(n -> ((Number) n).longValue());
  }
}
