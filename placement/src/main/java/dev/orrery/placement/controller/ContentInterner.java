package dev.orrery.placement.controller;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Shares equal JSON content: {@link #intern} returns a value equal to the one given in which every
 * map, list and string is one canonical instance for its content, held weakly (it goes once no
 * cached object refers to it). What work agents return repeats itself: each object's {@code
 * resourceMeta} is the same on every cluster, and the conditions of one ManifestWork's manifests
 * are mostly the same; interned, a fleet's returned status costs its distinct content rather than
 * one copy per object and cluster. Content that is unique anyway (an object's returned status on
 * one cluster) is only made {@link #compact}: sharing it would cost more than it saves.
 *
 * <p>Maps and lists become Guava's compact immutable ones (a JSON null inside keeps the JDK's
 * unmodifiable view instead, as Guava's refuse nulls); entry order is kept. The results cannot be
 * changed (they throw if one tries).
 */
final class ContentInterner {
  /** Strings up to this length are shared even in compacted content: keys, types, reasons. */
  private static final int SHORT_STRING = 64;

  private final Interner<Object> values = Interners.newWeakInterner();

  /** {@code value} with its content shared; numbers, booleans and null are returned as they are. */
  Object intern(Object value) {
    if (value instanceof String s) {
      return values.intern(s);
    }
    Object copy = copy(value, this::intern);
    return copy == value ? value : values.intern(copy);
  }

  /**
   * {@code value} as compact immutable maps and lists, not shared, with its short strings shared.
   */
  Object compact(Object value) {
    if (value instanceof String s) {
      return s.length() <= SHORT_STRING ? values.intern(s) : s;
    }
    return copy(value, this::compact);
  }

  /** An immutable copy of a map or list with each key and element passed through {@code inner}. */
  static Object copy(Object value, UnaryOperator<Object> inner) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
      map.forEach((k, v) -> copy.put(inner.apply(k), inner.apply(v)));
      return immutable(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(inner.apply(v)));
      boolean nulls = copy.stream().anyMatch(Objects::isNull);
      return nulls ? Collections.unmodifiableList(copy) : ImmutableList.copyOf(copy);
    }
    return value;
  }

  /**
   * {@code map}, which the caller built and hands over, as an immutable map: Guava's compact one,
   * or the JDK's view of it when it holds a null.
   */
  static Map<Object, Object> immutable(Map<Object, Object> map) {
    boolean nulls = map.containsKey(null) || map.containsValue(null);
    return nulls ? Collections.unmodifiableMap(map) : ImmutableMap.copyOf(map);
  }
}
