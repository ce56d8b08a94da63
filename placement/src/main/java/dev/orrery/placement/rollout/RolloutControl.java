package dev.orrery.placement.rollout;

/**
 * What people asked of a rollout, read from annotations on its BindingPolicy (so it can be driven
 * from Git) and from the RolloutPolicy's {@code spec.paused}.
 *
 * @param paused no new wave starts while true
 * @param promotion a request to pass the current wave now (acted on once per distinct value)
 * @param abort a request to roll back now (acted on once per distinct value)
 */
public record RolloutControl(boolean paused, String promotion, String abort) {
  /** Nothing asked. */
  public static final RolloutControl NONE = new RolloutControl(false, "", "");

  /** Annotation on a BindingPolicy: {@code "true"} pauses its rollouts. */
  public static final String PAUSED_ANNOTATION = "rollout.orrery.dev/paused";

  /** Annotation on a BindingPolicy: a new value passes the current wave at once. */
  public static final String PROMOTE_ANNOTATION = "rollout.orrery.dev/promote";

  /** Annotation on a BindingPolicy: a new value rolls the current rollout back. */
  public static final String ABORT_ANNOTATION = "rollout.orrery.dev/abort";
}
