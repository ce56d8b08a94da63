package dev.orrery.placement.transport;

import dev.orrery.placement.match.Unstructured;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strips the fields of a WDS object that must not travel to a WEC: server-populated metadata,
 * {@code status}, and the cluster-specific fields of Services and Jobs. Works on a deep copy; the
 * input is never mutated.
 */
public final class ObjectCleaner {

  /** Annotation that keeps Service {@code nodePort}s when its value is {@code nodeport}. */
  public static final String PRESERVE_ANNOTATION = "control.kubestellar.io/preserve";

  /** Metadata fields removed from every object. */
  public static final List<String> STRIPPED_METADATA =
      List.of(
          "managedFields",
          "finalizers",
          "generation",
          "ownerReferences",
          "selfLink",
          "resourceVersion",
          "uid",
          "generateName");

  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final String JOB_TRACKING = "batch.kubernetes.io/job-tracking";
  private static final List<String> JOB_UID_LABELS =
      List.of("controller-uid", "batch.kubernetes.io/controller-uid");
  private static final List<String> SERVICE_SPEC_FIELDS =
      List.of(
          "ipFamilies",
          "ipFamilyPolicy",
          "externalTrafficPolicy",
          "internalTrafficPolicy",
          "sessionAffinity");
  private static final Set<String> BATCH_API_VERSIONS = Set.of("batch/v1", "batch/v1beta1");

  private ObjectCleaner() {}

  /** A cleaned deep copy of the object. */
  public static Map<String, Object> clean(Map<String, Object> object) {
    Map<String, Object> copy = Unstructured.deepCopyMap(object);
    copy.remove("status");
    Unstructured.map(copy, "metadata")
        .ifPresent(
            metadata -> {
              STRIPPED_METADATA.forEach(metadata::remove);
              removeKey(metadata, "annotations", LAST_APPLIED);
            });
    String apiVersion = Unstructured.string(copy, "apiVersion").orElse("");
    String kind = Unstructured.string(copy, "kind").orElse("");
    if ("v1".equals(apiVersion) && "Service".equals(kind)) {
      cleanService(copy);
    } else if (BATCH_API_VERSIONS.contains(apiVersion) && "Job".equals(kind)) {
      cleanJob(copy);
    }
    return copy;
  }

  private static void cleanService(Map<String, Object> service) {
    boolean preserveNodePorts =
        "nodeport"
            .equals(
                Unstructured.string(service, "metadata", "annotations", PRESERVE_ANNOTATION)
                    .orElse(null));
    Unstructured.map(service, "spec")
        .ifPresent(
            spec -> {
              if (!"None".equals(spec.get("clusterIP"))) {
                spec.remove("clusterIP");
              }
              if (spec.get("clusterIPs") instanceof List<?> ips) {
                List<?> kept = ips.stream().filter("None"::equals).toList();
                if (kept.isEmpty()) {
                  spec.remove("clusterIPs");
                } else {
                  spec.put("clusterIPs", new ArrayList<Object>(kept));
                }
              }
              SERVICE_SPEC_FIELDS.forEach(spec::remove);
              if (!preserveNodePorts && spec.get("ports") instanceof List<?> ports) {
                for (Object port : ports) {
                  if (port instanceof Map<?, ?> portMap) {
                    portMap.remove("nodePort");
                  }
                }
              }
            });
  }

  private static void cleanJob(Map<String, Object> job) {
    Unstructured.map(job, "metadata")
        .ifPresent(
            metadata -> {
              removeKey(metadata, "annotations", JOB_TRACKING);
              JOB_UID_LABELS.forEach(label -> removeKey(metadata, "labels", label));
            });
    Unstructured.map(job, "spec")
        .ifPresent(
            spec -> {
              spec.remove("selector");
              spec.remove("suspend");
            });
    Unstructured.map(job, "spec", "template", "metadata")
        .ifPresent(
            templateMetadata ->
                JOB_UID_LABELS.forEach(label -> removeKey(templateMetadata, "labels", label)));
  }

  /** Removes {@code key} from the map {@code metadata[field]}, dropping that map if it empties. */
  private static void removeKey(Map<String, Object> metadata, String field, String key) {
    if (metadata.get(field) instanceof Map<?, ?> map && map.containsKey(key)) {
      map.remove(key);
      if (map.isEmpty()) {
        metadata.remove(field);
      }
    }
  }
}
