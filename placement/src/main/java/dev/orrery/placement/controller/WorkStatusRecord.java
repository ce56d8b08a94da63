package dev.orrery.placement.controller;

import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.match.Unstructured;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a KubeStellar {@code WorkStatus} (group {@code control.kubestellar.io}, in a WEC's mailbox
 * namespace, written by a status add-on) says: which workload object it is about ({@code
 * spec.sourceRef}), the status that object has on the WEC ({@code status}, null while none was
 * reported), and the WDS it came from (label {@code transport.kubestellar.io/originWdsName}).
 */
record WorkStatusRecord(ObjectKey object, Map<String, Object> status, String originWds) {

  WorkStatusRecord {
    Objects.requireNonNull(object, "object");
    status =
        status == null
            ? null
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(status));
  }

  /**
   * Reads a WorkStatus's content; empty when its {@code spec.sourceRef} lacks the resource or name
   * (nothing can be matched to it).
   */
  static Optional<WorkStatusRecord> parse(Map<String, Object> workStatus) {
    Map<String, Object> ref =
        Unstructured.asMap(Unstructured.asMap(workStatus.get("spec")).get("sourceRef"));
    String resource = str(ref.get("resource"));
    String name = str(ref.get("name"));
    if (resource.isEmpty() || name.isEmpty()) {
      return Optional.empty();
    }
    ObjectKey key = new ObjectKey(str(ref.get("group")), resource, str(ref.get("namespace")), name);
    Object status = workStatus.get("status");
    Map<String, Object> labels =
        Unstructured.asMap(Unstructured.asMap(workStatus.get("metadata")).get("labels"));
    return Optional.of(
        new WorkStatusRecord(
            key,
            status instanceof Map<?, ?> ? Unstructured.asMap(status) : null,
            str(labels.get(Apis.WDS_NAME_LABEL))));
  }

  /**
   * Whether this WorkStatus belongs to {@code wdsName}: one labelled with another WDS is ignored.
   */
  boolean belongsTo(String wdsName) {
    return originWds.isEmpty() || originWds.equals(wdsName);
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
