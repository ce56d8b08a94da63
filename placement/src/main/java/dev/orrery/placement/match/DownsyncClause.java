package dev.orrery.placement.match;

import java.util.List;

/**
 * One {@code spec.downsync[]} clause of a BindingPolicy: selection criteria (all present ones must
 * pass; within one list any entry may match) plus the modulation for what it selects.
 *
 * @param apiGroup {@code null} = any group, {@code ""} = the core group only, otherwise that group
 * @param resources lowercase plural resources; empty or containing {@code "*"} = any
 * @param namespaces namespaces; empty or containing {@code "*"} = any (cluster-scoped objects only
 *     pass in that case)
 * @param namespaceSelectors selectors on the object's Namespace labels; empty or containing {@code
 *     {}} = any (cluster-scoped objects included)
 * @param objectNames object names; empty or containing {@code "*"} = any
 * @param objectSelectors selectors on the object's labels; empty = any
 * @param modulation the delivery and reporting modulation of selected objects
 */
public record DownsyncClause(
    String apiGroup,
    List<String> resources,
    List<String> namespaces,
    List<LabelSelector> namespaceSelectors,
    List<String> objectNames,
    List<LabelSelector> objectSelectors,
    Modulation modulation) {

  /** The wildcard entry of {@code resources}, {@code namespaces} and {@code objectNames}. */
  public static final String WILDCARD = "*";

  /** Copies the lists. */
  public DownsyncClause {
    resources = List.copyOf(resources);
    namespaces = List.copyOf(namespaces);
    namespaceSelectors = List.copyOf(namespaceSelectors);
    objectNames = List.copyOf(objectNames);
    objectSelectors = List.copyOf(objectSelectors);
    modulation = modulation == null ? Modulation.NONE : modulation;
  }

  /** Whether the clause has at least one selection criterion (a clause without any is invalid). */
  public boolean hasCriterion() {
    return apiGroup != null
        || !resources.isEmpty()
        || !namespaces.isEmpty()
        || !namespaceSelectors.isEmpty()
        || !objectNames.isEmpty()
        || !objectSelectors.isEmpty();
  }

  /** Whether the result of this clause can change when a Namespace's labels change. */
  public boolean dependsOnNamespaceLabels() {
    return !namespaceSelectors.isEmpty()
        && namespaceSelectors.stream().noneMatch(LabelSelector::isEmpty);
  }

  /** Whether every present criterion accepts the object. */
  public boolean matches(WorkloadObject object) {
    WorkloadRef ref = object.ref();
    return groupMatches(ref.group())
        && anyOrListed(resources, ref.resource())
        && namespaceMatches(ref)
        && namespaceSelectorsMatch(object)
        && anyOrListed(objectNames, ref.name())
        && objectSelectorsMatch(object);
  }

  private boolean groupMatches(String group) {
    return apiGroup == null || apiGroup.equals(group);
  }

  private boolean namespaceMatches(WorkloadRef ref) {
    if (namespaces.isEmpty() || namespaces.contains(WILDCARD)) {
      return true;
    }
    return !ref.isClusterScoped() && namespaces.contains(ref.namespace());
  }

  private boolean namespaceSelectorsMatch(WorkloadObject object) {
    if (namespaceSelectors.isEmpty()
        || namespaceSelectors.stream().anyMatch(LabelSelector::isEmpty)) {
      return true;
    }
    if (object.ref().isClusterScoped() || object.namespaceLabels() == null) {
      return false;
    }
    return namespaceSelectors.stream().anyMatch(s -> s.matches(object.namespaceLabels()));
  }

  private boolean objectSelectorsMatch(WorkloadObject object) {
    return objectSelectors.isEmpty()
        || objectSelectors.stream().anyMatch(s -> s.matches(object.labels()));
  }

  private static boolean anyOrListed(List<String> allowed, String value) {
    return allowed.isEmpty() || allowed.contains(WILDCARD) || allowed.contains(value);
  }
}
