package dev.orrery.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * How replicas share the work ({@code orrery.leader-election.*}): one leader, elected with a
 * Kubernetes Lease in the WDS, runs placement; every replica announces itself with its own Lease
 * ({@code orrery-replica-<identity>}) and reconciles its share of the GitSources.
 *
 * @param enabled false: this process is the only replica (it leads at once and owns every
 *     GitSource); only for a single {@code orrery serve}
 * @param leaseName the leader Lease
 * @param leaseNamespace the WDS namespace of the leader Lease and the replica Leases (created if
 *     missing; the Helm chart sets the release namespace)
 * @param leaseDuration how long a Lease holds without renewal before others take over
 * @param renewDeadline how long the leader keeps trying to renew before it gives up; it stops
 *     writing when its last renewal is older than this, even if it could not tell anyone
 * @param retryPeriod how often Leases are renewed, and acquisition retried
 * @param identity this replica's name (default: the host name and the process id; the pod name in
 *     Kubernetes)
 */
@ConfigurationProperties("orrery.leader-election")
public record LeaderElectionConfig(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "orrery-leader") @NotBlank String leaseName,
    @Bindable(defaultValue = "orrery-system") @NotBlank String leaseNamespace,
    @Bindable(defaultValue = "10s") Duration leaseDuration,
    @Bindable(defaultValue = "7s") Duration renewDeadline,
    @Bindable(defaultValue = "1s") Duration retryPeriod,
    @Nullable @Pattern(regexp = "[a-z0-9]([-a-z0-9.]{0,60}[a-z0-9])?") String identity) {

  /** Checks that retryPeriod &lt; renewDeadline &lt; leaseDuration, and names this replica. */
  public LeaderElectionConfig {
    if (retryPeriod.isNegative()
        || retryPeriod.isZero()
        || retryPeriod.compareTo(renewDeadline) >= 0
        || renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException(
          "orrery.leader-election needs 0 < retry-period < renew-deadline < lease-duration, got "
              + retryPeriod
              + ", "
              + renewDeadline
              + ", "
              + leaseDuration);
    }
    if (identity == null || identity.isBlank()) {
      identity = defaultIdentity();
    }
  }

  /** The host name (the pod name in Kubernetes) and the process id, as a Kubernetes name. */
  static String defaultIdentity() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "orrery";
      }
    }
    String name =
        (host + "-" + ProcessHandle.current().pid())
            .toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[^a-z0-9.-]", "-")
            .replaceAll("^[^a-z0-9]+", "");
    return name.length() > 62 ? name.substring(name.length() - 62) : name;
  }
}
