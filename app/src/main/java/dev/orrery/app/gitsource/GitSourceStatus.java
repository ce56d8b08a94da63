package dev.orrery.app.gitsource;

import dev.orrery.app.sync.Inventory;
import dev.orrery.controller.Conditions;
import dev.orrery.placement.match.Unstructured;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code status} of a GitSource, typed. A field the API object does not hold is null (and is
 * left out again by {@link #toMap()}), so a status read and written back keeps its shape.
 *
 * @param observedGeneration the generation the status describes
 * @param conditions {@code Ready}, {@code Reconciling}, {@code Stalled} as API maps
 * @param lastFetchedRevision the commit last fetched
 * @param lastFetchTime when the last fetch succeeded (RFC 3339), whatever became of its revision
 * @param lastWebhookTime when a forge's push webhook last asked for a fetch of this source (RFC
 *     3339), received by any replica
 * @param lastAppliedRevision the commit whose objects are in the WDS
 * @param lastAppliedTime when that revision last changed the WDS (RFC 3339)
 * @param lastDriftCheckTime when unchanged objects were last compared with the WDS
 * @param inventory what the source has applied ({@code inventory.entries})
 * @param appliedCount objects applied by the last reconcile that got that far
 * @param prunedCount objects it deleted from the WDS
 * @param driftCorrections drift corrections so far
 * @param heldDeletions objects whose deletion the deletion guard holds
 * @param skippedPrunes objects it did not delete, each with why (already gone, no longer ours)
 * @param errors what failed, as {@code path:line: message} where known
 */
public record GitSourceStatus(
    Long observedGeneration,
    List<Map<String, Object>> conditions,
    String lastFetchedRevision,
    String lastFetchTime,
    String lastWebhookTime,
    String lastAppliedRevision,
    String lastAppliedTime,
    String lastDriftCheckTime,
    Inventory inventory,
    Integer appliedCount,
    Integer prunedCount,
    Long driftCorrections,
    Integer heldDeletions,
    List<String> skippedPrunes,
    List<String> errors) {

  public static final GitSourceStatus EMPTY =
      new GitSourceStatus(
          null, List.of(), null, null, null, null, null, null, null, null, null, null, null, null,
          null);

  public GitSourceStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    skippedPrunes = skippedPrunes == null ? null : List.copyOf(skippedPrunes);
    errors = errors == null ? null : List.copyOf(errors);
  }

  /** Reads a GitSource's {@code status}; anything unreadable counts as absent. */
  public static GitSourceStatus parse(Object status) {
    Map<String, Object> m = Unstructured.asMap(status);
    if (m.isEmpty()) {
      return EMPTY;
    }
    return new GitSourceStatus(
        m.get("observedGeneration") instanceof Number n ? n.longValue() : null,
        m.get("conditions") instanceof List<?> l
            ? l.stream().map(Unstructured::asMap).toList()
            : List.of(),
        text(m.get("lastFetchedRevision")),
        text(m.get("lastFetchTime")),
        text(m.get("lastWebhookTime")),
        text(m.get("lastAppliedRevision")),
        text(m.get("lastAppliedTime")),
        text(m.get("lastDriftCheckTime")),
        m.containsKey("inventory") ? Inventory.ofSourceStatus(m) : null,
        m.get("appliedCount") instanceof Number n ? n.intValue() : null,
        m.get("prunedCount") instanceof Number n ? n.intValue() : null,
        m.get("driftCorrections") instanceof Number n ? n.longValue() : null,
        m.get("heldDeletions") instanceof Number n ? n.intValue() : null,
        strings(m.get("skippedPrunes")),
        strings(m.get("errors")));
  }

  /** The API form, fields in a stable order, absent fields left out. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "lastFetchedRevision", lastFetchedRevision);
    put(m, "lastFetchTime", lastFetchTime);
    put(m, "lastWebhookTime", lastWebhookTime);
    put(m, "lastAppliedRevision", lastAppliedRevision);
    put(m, "lastAppliedTime", lastAppliedTime);
    put(m, "inventory", inventory == null ? null : Map.of("entries", inventory.toStatus()));
    put(m, "appliedCount", appliedCount);
    put(m, "prunedCount", prunedCount);
    put(m, "heldDeletions", heldDeletions);
    put(m, "skippedPrunes", skippedPrunes);
    put(m, "driftCorrections", driftCorrections);
    put(m, "lastDriftCheckTime", lastDriftCheckTime);
    put(m, "errors", errors);
    put(m, "observedGeneration", observedGeneration);
    m.put("conditions", conditions);
    return m;
  }

  /** The inventory, empty when the source has applied nothing yet. */
  public Inventory inventoryOrEmpty() {
    return inventory == null ? Inventory.EMPTY : inventory;
  }

  /** The errors, empty when none are recorded. */
  public List<String> errorsOrEmpty() {
    return errors == null ? List.of() : errors;
  }

  /** The condition of this type, or an empty map. */
  public Map<String, Object> condition(String type) {
    Map<String, Object> c = Conditions.find(conditions, type);
    return c == null ? Map.of() : c;
  }

  /** The {@code Ready} condition's reason, or {@code ""}. */
  public String readyReason() {
    Object reason = condition("Ready").get("reason");
    return reason == null ? "" : reason.toString();
  }

  /** Whether the last fetched revision is other than the one applied: it was refused or held. */
  public boolean fetchedNotApplied() {
    return lastFetchedRevision != null && !lastFetchedRevision.equals(lastAppliedRevision);
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static String text(Object o) {
    return o instanceof String s ? s : null;
  }

  private static List<String> strings(Object o) {
    return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : null;
  }
}
