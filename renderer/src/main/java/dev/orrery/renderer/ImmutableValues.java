package dev.orrery.renderer;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deep, order-preserving, null-tolerant immutable copies of YAML data, normalized the way
 * Kubernetes reads YAML: mapping keys become strings, {@code !!binary} becomes a base64 string and
 * a {@code !!set} becomes a mapping of its members to null.
 */
final class ImmutableValues {

  private ImmutableValues() {}

  /** An immutable copy of {@code value}; already-immutable values are returned as they are. */
  static Object freeze(Object value) {
    if (value instanceof FrozenMap || value instanceof FrozenList) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k instanceof String s ? s : String.valueOf(k), freeze(v)));
      return new FrozenMap(copy);
    }
    if (value instanceof Set<?> set) {
      Map<String, Object> copy = new LinkedHashMap<>();
      set.forEach(member -> copy.put(String.valueOf(member), null));
      return new FrozenMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(freeze(item)));
      return new FrozenList(copy);
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    return value;
  }

  /** An immutable copy of {@code map}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> freezeMap(Map<String, ?> map) {
    return (Map<String, Object>) freeze(map);
  }

  /** A copy of {@code object} with {@code metadata.namespace} set to {@code namespace}. */
  static Map<String, Object> withNamespace(Map<String, Object> object, String namespace) {
    Map<String, Object> copy = new LinkedHashMap<>(object);
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (object.get("metadata") instanceof Map<?, ?> existing) {
      existing.forEach((k, v) -> metadata.put((String) k, v));
    }
    metadata.put("namespace", namespace);
    copy.put("metadata", new FrozenMap(metadata));
    return new FrozenMap(copy);
  }

  /** An unmodifiable view of an owned {@link LinkedHashMap}, recognisable by {@link #freeze}. */
  private static final class FrozenMap extends AbstractMap<String, Object> {
    private final Map<String, Object> delegate;

    FrozenMap(Map<String, Object> owned) {
      this.delegate = Collections.unmodifiableMap(owned);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return delegate.entrySet();
    }

    @Override
    public Object get(Object key) {
      return delegate.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return delegate.containsKey(key);
    }

    @Override
    public int size() {
      return delegate.size();
    }
  }

  /** An unmodifiable view of an owned {@link ArrayList}, recognisable by {@link #freeze}. */
  private static final class FrozenList extends AbstractList<Object> {
    private final List<Object> delegate;

    FrozenList(List<Object> owned) {
      this.delegate = owned;
    }

    @Override
    public Object get(int index) {
      return delegate.get(index);
    }

    @Override
    public int size() {
      return delegate.size();
    }
  }
}
