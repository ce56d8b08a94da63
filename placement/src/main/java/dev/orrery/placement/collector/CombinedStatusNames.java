package dev.orrery.placement.collector;

import dev.orrery.placement.match.ObjectKey;
import dev.orrery.placement.transport.LabelValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the CombinedStatus of a (workload object, BindingPolicy) pair lives: its name, namespace
 * and identifying labels.
 */
public final class CombinedStatusNames {

  /** Namespace of the CombinedStatus objects of cluster-scoped workload objects. */
  public static final String REPORT_NAMESPACE = "kubestellar-report";

  /** Label prefix of the identifying labels. */
  public static final String LABEL_PREFIX = "status.kubestellar.io/";

  /** Label holding the object's API group ({@code ""} for the core group). */
  public static final String API_GROUP_LABEL = LABEL_PREFIX + "api-group";

  /** Label holding the object's resource (lowercase plural). */
  public static final String RESOURCE_LABEL = LABEL_PREFIX + "resource";

  /** Label holding the object's namespace ({@code ""} for cluster-scoped objects). */
  public static final String NAMESPACE_LABEL = LABEL_PREFIX + "namespace";

  /** Label holding the object's name. */
  public static final String NAME_LABEL = LABEL_PREFIX + "name";

  /** Label holding the BindingPolicy's name. */
  public static final String BINDING_POLICY_LABEL = LABEL_PREFIX + "binding-policy";

  private CombinedStatusNames() {}

  /** The CombinedStatus name {@code <objectUID>.<bindingPolicyUID>}. */
  public static String name(String objectUid, String bindingPolicyUid) {
    requireUid(objectUid, "objectUid");
    requireUid(bindingPolicyUid, "bindingPolicyUid");
    return objectUid + "." + bindingPolicyUid;
  }

  /** The object's namespace, or {@value #REPORT_NAMESPACE} for a cluster-scoped object. */
  public static String namespace(ObjectKey object) {
    return object.isClusterScoped() ? REPORT_NAMESPACE : object.namespace();
  }

  /**
   * The identifying labels, values made label-safe with {@link LabelValues#of} (names longer than
   * 63 characters or with characters labels do not allow get a sanitized head and a hash suffix).
   */
  public static Map<String, String> labels(ObjectKey object, String bindingPolicyName) {
    Objects.requireNonNull(bindingPolicyName, "bindingPolicyName");
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(API_GROUP_LABEL, LabelValues.of(object.group()));
    labels.put(RESOURCE_LABEL, LabelValues.of(object.resource()));
    labels.put(NAMESPACE_LABEL, LabelValues.of(object.namespace()));
    labels.put(NAME_LABEL, LabelValues.of(object.name()));
    labels.put(BINDING_POLICY_LABEL, LabelValues.of(bindingPolicyName));
    return Collections.unmodifiableMap(labels);
  }

  private static void requireUid(String uid, String what) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }
}
