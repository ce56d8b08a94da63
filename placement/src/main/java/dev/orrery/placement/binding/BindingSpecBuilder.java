package dev.orrery.placement.binding;

import dev.orrery.placement.match.Modulation;
import dev.orrery.placement.match.PolicyMatch;
import dev.orrery.placement.match.WorkloadRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the unstructured {@code spec} of a KubeStellar Binding ({@code
 * control.kubestellar.io/v1alpha1}) from a policy's match result.
 *
 * <p>Shape: {@code workload.clusterScope[]} and {@code workload.namespaceScope[]} hold {@code
 * {group, version, resource, [namespace], name, resourceVersion}} plus the modulation fields that
 * are set ({@code createOnly}, {@code wantSingletonReportedState}, {@code
 * wantMultiWECReportedState} when true; {@code statusCollectors} when not empty, sorted), sorted by
 * GVR then namespace/name; {@code destinations[]} holds {@code {clusterId}} sorted and unique.
 * Unset modulations are omitted, as KubeStellar's {@code omitempty} fields are.
 */
public final class BindingSpecBuilder {

  private BindingSpecBuilder() {}

  /** The Binding spec for a policy's match result. */
  public static Map<String, Object> build(PolicyMatch match) {
    return build(BindingContent.of(match));
  }

  /** The Binding spec for the given content. */
  public static Map<String, Object> build(BindingContent content) {
    List<Object> clusterScope = new ArrayList<>();
    List<Object> namespaceScope = new ArrayList<>();
    for (BindingEntry entry : content.entries()) {
      (entry.ref().isClusterScoped() ? clusterScope : namespaceScope).add(entry(entry));
    }
    Map<String, Object> workload = new LinkedHashMap<>();
    workload.put("clusterScope", Collections.unmodifiableList(clusterScope));
    workload.put("namespaceScope", Collections.unmodifiableList(namespaceScope));
    List<Object> destinations = new ArrayList<>();
    for (String cluster : content.destinations()) {
      destinations.add(Map.of("clusterId", cluster));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("workload", Collections.unmodifiableMap(workload));
    spec.put("destinations", Collections.unmodifiableList(destinations));
    return Collections.unmodifiableMap(spec);
  }

  private static Map<String, Object> entry(BindingEntry entry) {
    WorkloadRef ref = entry.ref();
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("group", ref.group());
    map.put("version", ref.version());
    map.put("resource", ref.resource());
    if (!ref.isClusterScoped()) {
      map.put("namespace", ref.namespace());
    }
    map.put("name", ref.name());
    map.put("resourceVersion", entry.resourceVersion());
    Modulation modulation = entry.modulation();
    if (modulation.createOnly()) {
      map.put("createOnly", true);
    }
    if (modulation.wantSingletonReportedState()) {
      map.put("wantSingletonReportedState", true);
    }
    if (modulation.wantMultiWECReportedState()) {
      map.put("wantMultiWECReportedState", true);
    }
    if (!modulation.statusCollectors().isEmpty()) {
      map.put("statusCollectors", modulation.statusCollectors());
    }
    return Collections.unmodifiableMap(map);
  }
}
