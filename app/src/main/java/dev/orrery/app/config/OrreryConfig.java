package dev.orrery.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Orrery's configuration, validated at start: {@code orrery.*} in application.yml, environment
 * variables ({@code ORRERY_WDS_KUBECONFIG=...}) or system properties. A space with neither
 * kubeconfig nor context uses the in-cluster configuration (or {@code $KUBECONFIG}).
 *
 * @param wdsName the WDS name written into ManifestWork labels
 * @param wdsKubeconfig kubeconfig file of the WDS
 * @param wdsContext context in that file (default: its current context)
 * @param itsKubeconfig kubeconfig file of the ITS (the OCM hub)
 * @param itsContext context in that file
 * @param gitCacheDir where bare Git clones are kept (default {@code ~/.cache/orrery/git})
 * @param workers GitSource reconciles that may run at once
 * @param maxDeleteRatio deletion-guard share for GitSources that set none
 * @param webhookSecretFile file holding the shared webhook secret, used when a GitSource names none
 * @param webhookMaxBodyBytes webhook bodies over this size are refused with 413
 * @param shardByteLimit a ManifestWork's manifests stay below this many bytes of JSON
 * @param shardCountLimit and hold at most this many objects
 * @param maxRemovedPlacementShare deletion-guard share of placements one change may remove
 * @param guardBindingPolicies whether every BindingPolicy's own edits are held by the deletion
 *     guard (default false: as in KubeStellar, a direct edit removes de-selected objects at once; a
 *     policy can still opt in with annotation {@code control.orrery.dev/guard-removals: "true"})
 * @param rolloutMinimumSoak the least time a rollout wave must stay healthy before the next one
 *     starts, whatever a RolloutPolicy's {@code minSuccessTime} says; keep it above the work
 *     agents' {@code --status-sync-interval} (OCM's default 10 s) so that a status reading from
 *     before an update cannot pass a wave
 * @param clustersAvailableCondition whether BindingPolicies get Orrery's condition {@code
 *     ClustersAvailable} ({@code False} naming the selected clusters OCM marks unavailable);
 *     default false, as upstream's BindingPolicy status has no such condition ({@code orrery
 *     status}, the status branch and rollouts use availability either way)
 * @param argocd the Argo CD integration ({@code orrery.argocd.*})
 * @param externalUrl the URL at which Git hosting users reach this Orrery; commit statuses link to
 *     {@code <externalUrl>/api/v1/namespaces/<ns>/gitsources/<name>/placement}
 */
@ConfigurationProperties("orrery")
public record OrreryConfig(
    @Bindable(defaultValue = "wds1") @NotBlank String wdsName,
    @Nullable String wdsKubeconfig,
    @Nullable String wdsContext,
    @Nullable String itsKubeconfig,
    @Nullable String itsContext,
    @Nullable String gitCacheDir,
    @Bindable(defaultValue = "2") @Min(1) @Max(64) int workers,
    @Bindable(defaultValue = "0.5") @DecimalMin("0") @DecimalMax("1") double maxDeleteRatio,
    @Nullable String webhookSecretFile,
    @Bindable(defaultValue = "10485760") @Min(1) long webhookMaxBodyBytes,
    @Bindable(defaultValue = "512000") @Min(1024) @Max(512000) long shardByteLimit,
    @Bindable(defaultValue = "50") @Min(1) @Max(10000) int shardCountLimit,
    @Bindable(defaultValue = "0.5") @DecimalMin("0") @DecimalMax("1")
        double maxRemovedPlacementShare,
    @Bindable(defaultValue = "false") boolean guardBindingPolicies,
    @Bindable(defaultValue = "15s") @NotNull java.time.Duration rolloutMinimumSoak,
    @Bindable(defaultValue = "false") boolean clustersAvailableCondition,
    @NotNull @Valid ArgoCd argocd,
    @Nullable @Pattern(regexp = "https?://[^\\s?#]+") String externalUrl) {

  /** Resolves the default Git cache directory in the user's home (annotation defaults cannot). */
  public OrreryConfig {
    if (gitCacheDir == null || gitCacheDir.isBlank()) {
      gitCacheDir =
          java.nio.file.Path.of(System.getProperty("user.home"), ".cache", "orrery", "git")
              .toString();
    }
  }

  /**
   * The Argo CD integration: the ApplicationSet plugin generator endpoint and the OCM
   * PlacementDecisions Argo CD's cluster decision resource generator reads.
   *
   * @param tokenSecret {@code namespace/name} of the WDS Secret whose key {@code token} Argo CD
   *     must present as a bearer token
   * @param tokenCacheSeconds how long the token read from that Secret is reused before it is read
   *     again
   * @param serverKey ManagedCluster annotation (or, when absent, label) holding the API server URL
   *     to report as {@code server}; unset or absent on a cluster: {@code
   *     spec.managedClusterClientConfigs[0].url}
   * @param placementDecisionsEnabled whether each BindingPolicy's clusters are published as OCM
   *     PlacementDecisions in the ITS
   * @param placementDecisionNamespace the ITS namespace they are written to (created if missing);
   *     Argo CD reads them from its own namespace, so set this to it (e.g. {@code argocd}) when
   *     Argo CD runs on the ITS cluster
   */
  @ConfigurationProperties("argocd")
  public record ArgoCd(
      @Bindable(defaultValue = "orrery-system/orrery-argocd-plugin")
          @NotBlank
          @Pattern(regexp = "[^/]+/[^/]+")
          String tokenSecret,
      @Bindable(defaultValue = "10") @Min(0) @Max(3600) int tokenCacheSeconds,
      @Nullable String serverKey,
      @Bindable(defaultValue = "true") boolean placementDecisionsEnabled,
      @Bindable(defaultValue = "orrery-system") @NotBlank String placementDecisionNamespace) {

    /** The token Secret's namespace. */
    public String tokenSecretNamespace() {
      return tokenSecret.substring(0, tokenSecret.indexOf('/'));
    }

    /** The token Secret's name. */
    public String tokenSecretName() {
      return tokenSecret.substring(tokenSecret.indexOf('/') + 1);
    }
  }

  @Override
  public String toString() {
    return "OrreryConfig[wdsName="
        + wdsName
        + ", wdsKubeconfig="
        + wdsKubeconfig
        + ", wdsContext="
        + wdsContext
        + ", itsKubeconfig="
        + itsKubeconfig
        + ", itsContext="
        + itsContext
        + ", gitCacheDir="
        + gitCacheDir
        + ", workers="
        + workers
        + ", maxDeleteRatio="
        + maxDeleteRatio
        + ", webhookSecretFile="
        + (webhookSecretFile == null ? "none" : "set")
        + ", shardByteLimit="
        + shardByteLimit
        + ", shardCountLimit="
        + shardCountLimit
        + ", maxRemovedPlacementShare="
        + maxRemovedPlacementShare
        + ", guardBindingPolicies="
        + guardBindingPolicies
        + ", rolloutMinimumSoak="
        + rolloutMinimumSoak
        + ", clustersAvailableCondition="
        + clustersAvailableCondition
        + ", argocd="
        + argocd
        + "]";
  }
}
