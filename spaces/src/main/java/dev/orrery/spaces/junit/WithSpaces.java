package dev.orrery.spaces.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Asks for real local spaces, started once for the test class and stopped after it: a WDS, an ITS
 * and the WECs named here. Test constructors, lifecycle and test methods receive them as a {@link
 * dev.orrery.spaces.LocalSpaces} parameter.
 *
 * <pre>{@code
 * @WithSpaces(wecs = {
 *     @WithSpaces.Wec(name = "cluster1", labels = {"location-group=edge", "name=cluster1"}),
 *     @WithSpaces.Wec(name = "cluster2", labels = {"location-group=edge", "name=cluster2"})})
 * class PlacementIT { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SpacesExtension.class)
public @interface WithSpaces {
  Wec[] wecs() default {};

  int nodesPerWec() default 1;

  /**
   * WECs join through OCM registration (hub registration controller, registration agent, CSR,
   * acceptance) when true (default); false pre-creates accepted ManagedClusters instead.
   */
  boolean registration() default true;

  /** The lease duration registered ManagedClusters get; see LocalSpaces.Builder. */
  int leaseDurationSeconds() default dev.orrery.spaces.LocalSpaces.DEFAULT_LEASE_SECONDS;

  /** One WEC: its ManagedCluster name and labels as {@code key=value}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({})
  @interface Wec {
    String name();

    String[] labels() default {};
  }
}
