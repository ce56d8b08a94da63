package dev.orrery.placement.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parsed {@code spec} of a KubeStellar BindingPolicy: which clusters ({@code clusterSelectors},
 * ORed) receive which objects ({@code downsync} clauses, ORed).
 *
 * @param clusterSelectors selectors on ManagedCluster labels; an empty list selects no cluster
 * @param downsync object selection clauses; an empty list selects no object
 */
public record BindingPolicySpec(
    List<LabelSelector> clusterSelectors, List<DownsyncClause> downsync) {

  /** Copies the lists. */
  public BindingPolicySpec {
    clusterSelectors = List.copyOf(clusterSelectors);
    downsync = List.copyOf(downsync);
  }

  /** Whether a Namespace label change can change which objects this policy selects. */
  public boolean dependsOnNamespaceLabels() {
    return downsync.stream().anyMatch(DownsyncClause::dependsOnNamespaceLabels);
  }

  /**
   * Parses and validates a JSON-decoded BindingPolicy {@code spec}. Errors name the field path
   * (e.g. {@code spec.downsync[1].objectSelectors[0].matchExpressions[0].operator}); a clause
   * without any selection criterion is an error (upstream KubeStellar silently matches everything).
   */
  public static Parsed<BindingPolicySpec> parse(Map<String, Object> spec) {
    List<String> errors = new ArrayList<>();
    Map<String, Object> source = spec == null ? Map.of() : spec;
    List<LabelSelector> clusterSelectors =
        selectors(source.get("clusterSelectors"), "spec.clusterSelectors", errors);
    List<DownsyncClause> clauses = new ArrayList<>();
    Object rawDownsync = source.get("downsync");
    if (rawDownsync != null && !(rawDownsync instanceof List)) {
      errors.add("spec.downsync: must be a list, got " + LabelSelector.describe(rawDownsync));
    } else if (rawDownsync instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        String path = "spec.downsync[" + i + "]";
        if (list.get(i) instanceof Map<?, ?> clause) {
          clauses.add(clause(clause, path, errors));
        } else {
          errors.add(path + ": must be an object, got " + LabelSelector.describe(list.get(i)));
        }
      }
    }
    return errors.isEmpty()
        ? Parsed.ok(new BindingPolicySpec(clusterSelectors, clauses))
        : Parsed.failed(errors);
  }

  private static DownsyncClause clause(Map<?, ?> raw, String path, List<String> errors) {
    Object rawGroup = raw.get("apiGroup");
    String apiGroup = null;
    if (rawGroup instanceof String s) {
      apiGroup = s;
    } else if (rawGroup != null) {
      errors.add(
          path + ".apiGroup: must be a string or null, got " + LabelSelector.describe(rawGroup));
    }
    Modulation modulation =
        new Modulation(
            bool(raw.get("createOnly"), path + ".createOnly", errors),
            bool(
                raw.get("wantSingletonReportedState"),
                path + ".wantSingletonReportedState",
                errors),
            bool(raw.get("wantMultiWECReportedState"), path + ".wantMultiWECReportedState", errors),
            strings(raw.get("statusCollectors"), path + ".statusCollectors", errors));
    DownsyncClause clause =
        new DownsyncClause(
            apiGroup,
            strings(raw.get("resources"), path + ".resources", errors),
            strings(raw.get("namespaces"), path + ".namespaces", errors),
            selectors(raw.get("namespaceSelectors"), path + ".namespaceSelectors", errors),
            strings(raw.get("objectNames"), path + ".objectNames", errors),
            selectors(raw.get("objectSelectors"), path + ".objectSelectors", errors),
            modulation);
    if (!clause.hasCriterion() && rawGroup == null) {
      errors.add(
          path
              + ": clause has no selection criterion; set at least one of apiGroup, resources,"
              + " namespaces, namespaceSelectors, objectNames or objectSelectors"
              + " (to select every object say so explicitly, e.g. resources: [\"*\"])");
    }
    return clause;
  }

  private static List<LabelSelector> selectors(Object raw, String path, List<String> errors) {
    List<LabelSelector> result = new ArrayList<>();
    if (raw == null) {
      return result;
    }
    if (!(raw instanceof List<?> list)) {
      errors.add(path + ": must be a list of label selectors, got " + LabelSelector.describe(raw));
      return result;
    }
    for (int i = 0; i < list.size(); i++) {
      result.add(LabelSelector.parse(list.get(i), path + "[" + i + "]", errors));
    }
    return result;
  }

  private static List<String> strings(Object raw, String path, List<String> errors) {
    List<String> result = new ArrayList<>();
    if (raw == null) {
      return result;
    }
    if (!(raw instanceof List<?> list)) {
      errors.add(path + ": must be a list of strings, got " + LabelSelector.describe(raw));
      return result;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof String s) {
        result.add(s);
      } else {
        errors.add(
            path + "[" + i + "]: must be a string, got " + LabelSelector.describe(list.get(i)));
      }
    }
    return result;
  }

  private static boolean bool(Object raw, String path, List<String> errors) {
    if (raw == null) {
      return false;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    errors.add(path + ": must be a boolean, got " + LabelSelector.describe(raw));
    return false;
  }
}
