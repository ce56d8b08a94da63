package dev.orrery.placement.binding;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Semantic equality of JSON-decoded trees, so a controller writes a spec only when it changed: map
 * key order does not matter, a map entry whose value is {@code null} equals an absent entry, and
 * numbers compare by value ({@code 1} = {@code 1L} = {@code 1.0}). Everything else (empty maps,
 * empty lists, {@code false}, list order) is significant. {@link #containsAll} is the one-sided
 * variant for objects the API server enriches with defaults.
 */
public final class SpecComparison {

  private SpecComparison() {}

  /** Whether the two trees are semantically equal. */
  public static boolean equivalent(Object stored, Object computed) {
    return same(stored, computed, false);
  }

  /** Whether a controller must write {@code computed} over {@code stored}. */
  public static boolean needsWrite(Object stored, Object computed) {
    return !equivalent(stored, computed);
  }

  /** The path of the first difference (e.g. {@code $.workload.clusterScope[2].name}), if any. */
  public static Optional<String> firstDifference(Object stored, Object computed) {
    return difference("$", stored, computed, false);
  }

  /**
   * Whether {@code stored} holds everything {@code desired} sets: like {@link #equivalent} except
   * that maps in {@code stored} may carry extra entries (fields the API server defaulted). Lists
   * must still have the same length.
   */
  public static boolean containsAll(Object stored, Object desired) {
    return same(stored, desired, true);
  }

  /**
   * The same rules as {@link #difference} without building paths: controllers compare large trees
   * (whole ManifestWorks, Binding specs) on every pass, nearly always equal.
   */
  private static boolean same(Object a, Object b, boolean extraInA) {
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      for (Map.Entry<?, ?> e : mb.entrySet()) {
        if (!same(ma.get(e.getKey()), e.getValue(), extraInA)) {
          return false;
        }
      }
      if (!extraInA) {
        for (Map.Entry<?, ?> e : ma.entrySet()) {
          if (e.getValue() != null && !mb.containsKey(e.getKey())) {
            return false;
          }
        }
      }
      return true;
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        return false;
      }
      for (int i = 0; i < la.size(); i++) {
        if (!same(la.get(i), lb.get(i), extraInA)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Number na && b instanceof Number nb && isFinite(na) && isFinite(nb)) {
      return decimal(na).compareTo(decimal(nb)) == 0;
    }
    return Objects.equals(a, b);
  }

  private static Optional<String> difference(String path, Object a, Object b, boolean extraInA) {
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      Set<Object> keys = new HashSet<>(mb.keySet());
      if (!extraInA) {
        keys.addAll(ma.keySet());
      }
      return keys.stream()
          .map(String::valueOf)
          .sorted()
          .map(k -> difference(path + "." + k, ma.get(k), mb.get(k), extraInA))
          .flatMap(Optional::stream)
          .findFirst();
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        return Optional.of(path + " (length " + la.size() + " vs " + lb.size() + ")");
      }
      for (int i = 0; i < la.size(); i++) {
        Optional<String> d = difference(path + "[" + i + "]", la.get(i), lb.get(i), extraInA);
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (a instanceof Number na && b instanceof Number nb && isFinite(na) && isFinite(nb)) {
      return decimal(na).compareTo(decimal(nb)) == 0 ? Optional.empty() : Optional.of(path);
    }
    return Objects.equals(a, b) ? Optional.empty() : Optional.of(path);
  }

  private static boolean isFinite(Number n) {
    return !(n instanceof Double d && !Double.isFinite(d))
        && !(n instanceof Float f && !Float.isFinite(f));
  }

  private static BigDecimal decimal(Number n) {
    return n instanceof BigDecimal bd ? bd : new BigDecimal(n.toString());
  }
}
