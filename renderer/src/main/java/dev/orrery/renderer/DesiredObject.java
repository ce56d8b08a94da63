package dev.orrery.renderer;

import java.util.Map;
import java.util.Objects;

/**
 * One desired Kubernetes object: its content (a deeply immutable, order-preserving map) and where
 * it came from, the repository path and the 1-based line of the object's first content line (after
 * any {@code ---} marker and leading comments).
 *
 * <p>For objects rendered from a Helm chart, {@code path} is the template's repository path (for
 * templates of a subchart fetched from a chart repository, the path it would have under {@code
 * charts/}) and {@code line} counts within that template's rendered output.
 */
public record DesiredObject(Map<String, Object> content, String path, int line) {

  /** Makes {@code content} deeply immutable. */
  public DesiredObject {
    content = ImmutableValues.freezeMap(Objects.requireNonNull(content, "content"));
    Objects.requireNonNull(path, "path");
  }

  /** {@code apiVersion}, or {@code ""}. */
  public String apiVersion() {
    return string(content.get("apiVersion"));
  }

  /** {@code kind}, or {@code ""}. */
  public String kind() {
    return string(content.get("kind"));
  }

  /** The API group: the part of {@code apiVersion} before {@code '/'}, {@code ""} for core. */
  public String group() {
    String apiVersion = apiVersion();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** The API version: the part of {@code apiVersion} after {@code '/'}, or all of it. */
  public String version() {
    String apiVersion = apiVersion();
    return apiVersion.substring(apiVersion.indexOf('/') + 1);
  }

  /** {@code metadata.namespace}, or {@code ""} when the object names none. */
  public String namespace() {
    return string(metadata().get("namespace"));
  }

  /** {@code metadata.name}, or {@code ""}. */
  public String name() {
    return string(metadata().get("name"));
  }

  /** The object's identity. */
  public ObjectKey key() {
    return new ObjectKey(group(), kind(), namespace(), name());
  }

  /** {@code "path:line"}. */
  public String location() {
    return path + ":" + line;
  }

  private Map<?, ?> metadata() {
    return content.get("metadata") instanceof Map<?, ?> metadata ? metadata : Map.of();
  }

  private static String string(Object value) {
    return value instanceof String s ? s : "";
  }
}
