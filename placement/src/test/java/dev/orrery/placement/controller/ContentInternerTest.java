package dev.orrery.placement.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentInternerTest {
  private final ContentInterner interner = new ContentInterner();

  private static Map<String, Object> condition(String type) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", new String(type));
    c.put("status", new String("True"));
    c.put("observedGeneration", 3L);
    return c;
  }

  @Test
  void equalContentBecomesOneInstance() {
    Object a = interner.intern(List.of(condition("Applied"), condition("Available")));
    Object b = interner.intern(List.of(condition("Applied"), condition("Available")));

    assertThat(a).isSameAs(b).isEqualTo(List.of(condition("Applied"), condition("Available")));
    assertThat(((List<?>) a).get(0)).isSameAs(interner.intern(condition("Applied")));
  }

  @Test
  void orderAndNullsAreKept() {
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("z", 1);
    withNull.put("a", null);
    withNull.put("m", Arrays.asList("x", null));

    @SuppressWarnings("unchecked")
    Map<String, Object> interned = (Map<String, Object>) interner.intern(withNull);

    assertThat(interned).isEqualTo(withNull);
    assertThat(interned.keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void resultsCannotBeChanged() {
    @SuppressWarnings("unchecked")
    Map<String, Object> interned = (Map<String, Object>) interner.intern(condition("Applied"));
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) interner.compact(new ArrayList<>(List.of("a")));

    assertThatThrownBy(() -> interned.put("type", "x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.add("b")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void compactedContentIsEqualButNotShared() {
    Map<String, Object> returned = Map.of("jsonRaw", "{\"readyReplicas\":1}", "type", "JsonRaw");

    Object a = interner.compact(returned);
    Object b = interner.compact(returned);

    assertThat(a).isEqualTo(b).isEqualTo(returned).isNotSameAs(b);
    assertThat(((Map<?, ?>) a).get("type"))
        .as("short strings are shared")
        .isSameAs(((Map<?, ?>) b).get("type"));
  }
}
