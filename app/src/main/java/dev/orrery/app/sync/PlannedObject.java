package dev.orrery.app.sync;

import dev.orrery.controller.ResourceType;
import java.util.Map;

/**
 * A desired object ready to apply: its resource type, its manifest with namespace defaulted and
 * Orrery's label and annotations stamped, where it came from, and the hash of its content.
 */
public record PlannedObject(
    ResourceType type, Map<String, Object> manifest, String path, int line, String hash) {

  public String namespace() {
    return metadata().get("namespace") instanceof String s ? s : "";
  }

  public String name() {
    return (String) metadata().get("name");
  }

  public InventoryEntry entry() {
    return new InventoryEntry(
        type.apiVersion(), type.kind(), type.plural(), namespace(), name(), hash);
  }

  /** {@code Kind namespace/name (path:line)} for messages. */
  public String describe() {
    return entry().describe() + " (" + path + ":" + line + ")";
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> metadata() {
    return (Map<String, Object>) manifest.get("metadata");
  }
}
