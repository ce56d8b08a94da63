package dev.orrery.app.dashboard;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The web dashboard ({@code orrery.dashboard.*}).
 *
 * @param actionsEnabled whether the dashboard may write at all (confirming a held deletion, later
 *     rollout actions); off by default: the dashboard is read-only
 * @param tokenSecret {@code namespace/name} of the WDS Secret whose key {@code token} a write
 *     request must present as bearer token (none → every write is refused)
 * @param tokenCacheSeconds how long that token is reused before the Secret is read again
 * @param pushMillis how often, at most, a change in the caches is pushed to open pages
 */
@ConfigurationProperties("orrery.dashboard")
public record DashboardConfig(
    @Bindable(defaultValue = "false") boolean actionsEnabled,
    @Bindable(defaultValue = "orrery-system/orrery-dashboard")
        @NotBlank
        @Pattern(regexp = "[^/]+/[^/]+")
        String tokenSecret,
    @Bindable(defaultValue = "10") @Min(0) @Max(3600) int tokenCacheSeconds,
    @Bindable(defaultValue = "200") @Min(20) @Max(10000) int pushMillis) {

  /** The token Secret's namespace. */
  public String tokenSecretNamespace() {
    return tokenSecret.substring(0, tokenSecret.indexOf('/'));
  }

  /** The token Secret's name. */
  public String tokenSecretName() {
    return tokenSecret.substring(tokenSecret.indexOf('/') + 1);
  }
}
