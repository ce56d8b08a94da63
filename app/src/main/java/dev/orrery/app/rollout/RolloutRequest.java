package dev.orrery.app.rollout;

import dev.orrery.placement.rollout.RolloutControl;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code orrery rollout pause|resume|promote|abort} asks of a BindingPolicy, as the annotation
 * change that asks it (the same annotations can be set from Git): pause sets {@code
 * rollout.orrery.dev/paused=true}, resume removes it, promote and abort write a new value (the
 * time) to {@code rollout.orrery.dev/promote} or {@code abort}, since Orrery acts once per distinct
 * value.
 */
public enum RolloutRequest {
  PAUSE("paused"),
  RESUME("resumed"),
  PROMOTE("promoted"),
  ABORT("aborted");

  private final String done;

  RolloutRequest(String done) {
    this.done = done;
  }

  /** The past tense, for the confirmation line. */
  public String done() {
    return done;
  }

  /** Annotation name → new value; a null value removes the annotation. */
  public Map<String, String> annotations(Instant now) {
    Map<String, String> out = new LinkedHashMap<>();
    switch (this) {
      case PAUSE -> out.put(RolloutControl.PAUSED_ANNOTATION, "true");
      case RESUME -> out.put(RolloutControl.PAUSED_ANNOTATION, null);
      case PROMOTE -> out.put(RolloutControl.PROMOTE_ANNOTATION, now.toString());
      case ABORT -> out.put(RolloutControl.ABORT_ANNOTATION, now.toString());
    }
    return Collections.unmodifiableMap(out);
  }

  /** The JSON merge patch setting these annotations (a null value removes one). */
  public static Map<String, Object> mergePatch(Map<String, String> annotations) {
    return Map.of("metadata", Map.of("annotations", new LinkedHashMap<>(annotations)));
  }
}
