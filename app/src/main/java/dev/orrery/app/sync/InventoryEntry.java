package dev.orrery.app.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One object a GitSource applied: where it lives and the hash of what was applied, so an unchanged
 * object is not applied again and an object that left Git can be pruned.
 */
public record InventoryEntry(
    String apiVersion, String kind, String resource, String namespace, String name, String hash) {

  /**
   * A key that identifies the object regardless of its version: {@code group/Kind/namespace/name}.
   */
  public String id() {
    return group() + "/" + kind + "/" + namespace + "/" + name;
  }

  /** The API group ({@code ""} for the core group). */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** {@code Kind namespace/name} for messages. */
  public String describe() {
    return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apiVersion", apiVersion);
    m.put("kind", kind);
    m.put("resource", resource);
    if (!namespace.isEmpty()) {
      m.put("namespace", namespace);
    }
    m.put("name", name);
    m.put("hash", hash);
    return m;
  }

  static InventoryEntry fromMap(Map<?, ?> m) {
    return new InventoryEntry(
        str(m.get("apiVersion")),
        str(m.get("kind")),
        str(m.get("resource")),
        str(m.get("namespace")),
        str(m.get("name")),
        str(m.get("hash")));
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
