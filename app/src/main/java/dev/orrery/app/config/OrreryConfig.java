package dev.orrery.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

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
 * @param gitCacheDir where bare Git clones are kept
 * @param workers GitSource reconciles that may run at once
 * @param maxDeleteRatio deletion-guard share for GitSources that set none
 * @param webhookSecretFile file holding the shared webhook secret, used when a GitSource names none
 * @param webhookMaxBodyBytes webhook bodies over this size are refused with 413
 * @param shardByteLimit a ManifestWork's manifests stay below this many bytes of JSON
 * @param shardCountLimit and hold at most this many objects
 * @param maxRemovedPlacementShare deletion-guard share of a BindingPolicy's placements one change may remove
 */
@ConfigurationProperties("orrery")
public record OrreryConfig(
    @Bindable(defaultValue = "wds1") @NotBlank String wdsName,
    @Nullable String wdsKubeconfig,
    @Nullable String wdsContext,
    @Nullable String itsKubeconfig,
    @Nullable String itsContext,
    @Bindable(defaultValue = "${user.home}/.cache/orrery/git") @NotBlank String gitCacheDir,
    @Bindable(defaultValue = "2") @Min(1) @Max(64) int workers,
    @Bindable(defaultValue = "0.5") @DecimalMin("0") @DecimalMax("1") double maxDeleteRatio,
    @Nullable String webhookSecretFile,
    @Bindable(defaultValue = "10485760") @Min(1) long webhookMaxBodyBytes,
    @Bindable(defaultValue = "512000") @Min(1024) @Max(512000) long shardByteLimit,
    @Bindable(defaultValue = "50") @Min(1) @Max(10000) int shardCountLimit,
    @Bindable(defaultValue = "0.5") @DecimalMin("0") @DecimalMax("1") double maxRemovedPlacementShare) {

  @Override
  public String toString() {
    return "OrreryConfig[wdsName=" + wdsName + ", wdsKubeconfig=" + wdsKubeconfig + ", wdsContext=" + wdsContext
        + ", itsKubeconfig=" + itsKubeconfig + ", itsContext=" + itsContext + ", gitCacheDir=" + gitCacheDir
        + ", workers=" + workers + ", maxDeleteRatio=" + maxDeleteRatio
        + ", webhookSecretFile=" + (webhookSecretFile == null ? "none" : "set") + ", shardByteLimit=" + shardByteLimit
        + ", shardCountLimit=" + shardCountLimit + ", maxRemovedPlacementShare=" + maxRemovedPlacementShare + "]";
  }
}
