package dev.orrery.placement.status;

import dev.orrery.placement.binding.SpecComparison;
import dev.orrery.placement.match.Unstructured;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to write into a WDS object's {@code .status} and reported-state labels.
 *
 * @param mode which rule applied
 * @param status the desired {@code .status} ({@code null} when {@code mode} is NOT_APPLICABLE)
 * @param setLabels labels to set (value {@code "true"})
 * @param removeLabels labels to remove
 */
public record StatusDecision(
    Mode mode,
    Map<String, Object> status,
    Map<String, String> setLabels,
    Set<String> removeLabels) {

  /** Label marking an object whose status is copied from its single qualified WEC. */
  public static final String SINGLETON_LABEL = "managed-by.kubestellar.io/singletonstatus";

  /** Label marking an object whose status combines several WECs. */
  public static final String MULTI_WEC_LABEL = "managed-by.kubestellar.io/multiwecstatus";

  /** Which rule of the status return applied. */
  public enum Mode {
    /** Singleton requested and exactly one qualified WEC: copy its status. */
    SINGLETON,
    /** Multi-WEC requested and more than one qualified WEC: combine. */
    MULTI_WEC,
    /** Neither: remove both labels, status {@code {}}. */
    CLEAR,
    /** Namespace or CRD: never write status. */
    NOT_APPLICABLE
  }

  /** Copies the collections (the status deeply). */
  @SuppressWarnings("unchecked")
  public StatusDecision {
    Objects.requireNonNull(mode, "mode");
    status = status == null ? null : (Map<String, Object>) Unstructured.immutableCopy(status);
    setLabels = Map.copyOf(setLabels);
    removeLabels = Set.copyOf(removeLabels);
  }

  /**
   * Whether applying this decision would change the object (so an idempotent controller writes only
   * then): its status or one of the two labels differ.
   */
  public boolean requiresWrite(Map<String, Object> currentObject) {
    if (mode == Mode.NOT_APPLICABLE) {
      return false;
    }
    Map<String, String> labels = Unstructured.stringMap(currentObject, "metadata", "labels");
    for (Map.Entry<String, String> wanted : setLabels.entrySet()) {
      if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
        return true;
      }
    }
    if (removeLabels.stream().anyMatch(labels::containsKey)) {
      return true;
    }
    Object currentStatus = currentObject.get("status");
    return SpecComparison.needsWrite(currentStatus == null ? Map.of() : currentStatus, status);
  }

  /** A status-labels change: set {@code label}, remove the other reported-state label. */
  static StatusDecision labelled(Mode mode, Map<String, Object> status, String label) {
    String other = SINGLETON_LABEL.equals(label) ? MULTI_WEC_LABEL : SINGLETON_LABEL;
    return new StatusDecision(mode, status, Map.of(label, "true"), Set.of(other));
  }
}
