package dev.orrery.placement.transport;

import dev.orrery.placement.match.Parsed;
import dev.orrery.placement.match.Unstructured;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A parsed KubeStellar CustomTransform ({@code spec.apiGroup}, {@code spec.resource}, {@code
 * spec.remove[]}): fields removed from matching objects after {@link ObjectCleaner} ran. Invalid
 * paths are listed in {@link #errors()} (for the CustomTransform's status) and skipped; the valid
 * ones still apply.
 *
 * @param name the CustomTransform's name
 * @param apiGroup the API group of the objects it applies to ({@code ""} = core)
 * @param resource the lowercase plural resource it applies to
 * @param remove the valid removal paths, in the order given
 * @param errors problems found while parsing, each naming the field
 */
public record CustomTransform(
    String name,
    String apiGroup,
    String resource,
    List<TransformPath> remove,
    List<String> errors) {

  /** Copies the lists. */
  public CustomTransform {
    apiGroup = apiGroup == null ? "" : apiGroup;
    resource = resource == null ? "" : resource;
    remove = List.copyOf(remove);
    errors = List.copyOf(errors);
  }

  /** Parses a JSON-decoded CustomTransform {@code spec}. */
  public static CustomTransform parse(String name, Map<String, Object> spec) {
    Map<String, Object> source = spec == null ? Map.of() : spec;
    List<String> errors = new ArrayList<>();
    Object rawGroup = source.get("apiGroup");
    if (rawGroup != null && !(rawGroup instanceof String)) {
      errors.add("spec.apiGroup: must be a string");
    }
    String resource = Unstructured.string(source, "resource").orElse("");
    if (resource.isEmpty()) {
      errors.add("spec.resource: is required");
    }
    List<TransformPath> paths = new ArrayList<>();
    Object rawRemove = source.get("remove");
    if (rawRemove instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String text)) {
          errors.add("spec.remove[" + i + "]: must be a string");
          continue;
        }
        Parsed<TransformPath> path = TransformPath.parse(text);
        if (path.isValid()) {
          paths.add(path.value());
        } else {
          for (String problem : path.errors()) {
            errors.add("spec.remove[" + i + "]: " + problem);
          }
        }
      }
    } else if (rawRemove != null) {
      errors.add("spec.remove: must be a list of strings");
    }
    return new CustomTransform(
        name, rawGroup instanceof String g ? g : "", resource, paths, errors);
  }

  /** Whether this transform applies to objects of the given group and resource. */
  public boolean appliesTo(String group, String resourceName) {
    return apiGroup.equals(group) && resource.equals(resourceName);
  }

  /** A deep copy of {@code object} with every valid path removed. */
  public Map<String, Object> apply(Map<String, Object> object) {
    Map<String, Object> copy = Unstructured.deepCopyMap(object);
    remove.forEach(path -> path.removeFrom(copy));
    return copy;
  }

  /**
   * Applies every transform that matches the group and resource, in name order, to a deep copy of
   * {@code object}.
   */
  public static Map<String, Object> applyMatching(
      Collection<CustomTransform> transforms,
      String group,
      String resource,
      Map<String, Object> object) {
    Map<String, Object> copy = Unstructured.deepCopyMap(object);
    transforms.stream()
        .filter(t -> t.appliesTo(group, resource))
        .sorted(Comparator.comparing(CustomTransform::name))
        .forEach(t -> t.remove.forEach(path -> path.removeFrom(copy)));
    return copy;
  }
}
