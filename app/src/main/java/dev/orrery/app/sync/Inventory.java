package dev.orrery.app.sync;

import dev.orrery.placement.match.Unstructured;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a GitSource has applied, kept in its status ({@code status.inventory.entries}). */
public record Inventory(Map<String, InventoryEntry> entries) {
  public static final Inventory EMPTY = new Inventory(Map.of());

  public Inventory {
    entries = Map.copyOf(entries);
  }

  public static Inventory of(List<InventoryEntry> list) {
    Map<String, InventoryEntry> byId = new LinkedHashMap<>();
    list.forEach(e -> byId.put(e.id(), e));
    return new Inventory(byId);
  }

  public int size() {
    return entries.size();
  }

  /** The status form: entries sorted by id. */
  public List<Map<String, Object>> toStatus() {
    List<Map<String, Object>> out = new ArrayList<>();
    entries.values().stream()
        .sorted(Comparator.comparing(InventoryEntry::id))
        .forEach(e -> out.add(e.toMap()));
    return out;
  }

  /** The inventory a GitSource's status holds. */
  public static Inventory ofSourceStatus(Map<String, Object> status) {
    return fromStatus(Unstructured.asMap(status.get("inventory")).get("entries"));
  }

  /** The names of the BindingPolicies among the entries, sorted. */
  public List<String> bindingPolicies() {
    return entries.values().stream()
        .filter(
            e ->
                "BindingPolicy".equals(e.kind())
                    && e.apiVersion().startsWith("control.kubestellar.io/"))
        .map(InventoryEntry::name)
        .sorted()
        .toList();
  }

  /** Reads {@code status.inventory.entries}; anything unreadable counts as absent. */
  public static Inventory fromStatus(Object entries) {
    if (!(entries instanceof List<?> list)) {
      return EMPTY;
    }
    List<InventoryEntry> out = new ArrayList<>();
    for (Object o : list) {
      if (o instanceof Map<?, ?> m) {
        out.add(InventoryEntry.fromMap(m));
      }
    }
    return of(out);
  }
}
