package dev.orrery.placement.compare;

/**
 * The client-side request limits both systems run with. Orrery's fabric8 clients have no
 * client-side rate limiter; KubeStellar's client-go clients get a token bucket this large on every
 * space they reach (WDS and ITS, binding and transport controllers), so neither side is throttled
 * by its own client. KubeStellar's binding controller still tunes one WDS client (its dynamic
 * informers' lists) from the number of resources it discovers, as it always does.
 */
final class ClientLimits {
  static final int QPS = 10_000;
  static final int BURST = 20_000;

  private ClientLimits() {}
}
