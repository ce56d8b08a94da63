package dev.orrery.placement.binding;

import dev.orrery.placement.match.Modulation;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.match.WorkloadRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a stored Binding {@code spec} back into {@link BindingContent} (the inverse of {@link
 * BindingSpecBuilder}). Lenient: malformed entries (no resource or name) are skipped, so a damaged
 * Binding never stops the transport or status paths.
 */
public final class BindingSpecReader {

  private BindingSpecReader() {}

  /** Reads entries and destinations from a JSON-decoded Binding spec ({@code null} = empty). */
  public static BindingContent read(Map<String, Object> spec) {
    Map<String, Object> source = spec == null ? Map.of() : spec;
    List<BindingEntry> entries = new ArrayList<>();
    readEntries(source, "clusterScope", false, entries);
    readEntries(source, "namespaceScope", true, entries);
    List<String> destinations = new ArrayList<>();
    Unstructured.value(source, "destinations")
        .filter(List.class::isInstance)
        .ifPresent(
            list -> {
              for (Object item : (List<?>) list) {
                if (item instanceof Map<?, ?> destination
                    && destination.get("clusterId") instanceof String id
                    && !id.isEmpty()) {
                  destinations.add(id);
                }
              }
            });
    return new BindingContent(entries, destinations);
  }

  @SuppressWarnings("unchecked")
  private static void readEntries(
      Map<String, Object> spec, String field, boolean namespaced, List<BindingEntry> out) {
    Object raw = Unstructured.value(spec, "workload", field).orElse(null);
    if (!(raw instanceof List<?> list)) {
      return;
    }
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> m)) {
        continue;
      }
      Map<String, Object> entry = (Map<String, Object>) m;
      String resource = Unstructured.string(entry, "resource").orElse("");
      String name = Unstructured.string(entry, "name").orElse("");
      String namespace = namespaced ? Unstructured.string(entry, "namespace").orElse("") : "";
      if (resource.isEmpty() || name.isEmpty() || (namespaced && namespace.isEmpty())) {
        continue;
      }
      WorkloadRef ref =
          new WorkloadRef(
              Unstructured.string(entry, "group").orElse(""),
              Unstructured.string(entry, "version").orElse(""),
              resource,
              namespace,
              name);
      out.add(
          new BindingEntry(
              ref, Unstructured.string(entry, "resourceVersion").orElse(""), modulation(entry)));
    }
  }

  private static Modulation modulation(Map<String, Object> entry) {
    List<String> collectors = new ArrayList<>();
    Unstructured.value(entry, "statusCollectors")
        .filter(List.class::isInstance)
        .ifPresent(
            list -> {
              for (Object item : (List<?>) list) {
                if (item instanceof String s) {
                  collectors.add(s);
                }
              }
            });
    return new Modulation(
        Boolean.TRUE.equals(entry.get("createOnly")),
        Boolean.TRUE.equals(entry.get("wantSingletonReportedState")),
        Boolean.TRUE.equals(entry.get("wantMultiWECReportedState")),
        collectors);
  }
}
