package dev.orrery.placement.controller;

import dev.orrery.placement.match.ObjectKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The Events one change of a BindingPolicy's state deserves, none when nothing changed: its
 * readiness (Placed, or a Warning naming its errors, invalid spec or held removals), and which
 * clusters and objects it places.
 */
final class PolicyStateEvents {
  static final String PLACED = "Placed";
  static final String ERRORS = "Errors";
  static final String INVALID_SPEC = "InvalidSpec";
  static final String REMOVALS_HELD = "RemovalsHeld";
  private static final int NAMES_SHOWN = 5;

  /** One Event to record on the policy. */
  record PolicyEvent(boolean warning, String reason, String message) {}

  private PolicyStateEvents() {}

  /** The Events for going from {@code before} ({@code null}: never reconciled) to {@code after}. */
  static List<PolicyEvent> between(PolicyState before, PolicyState after) {
    List<PolicyEvent> events = new ArrayList<>();
    PolicyEvent readiness = readiness(after);
    if (before == null
        || !before.reason().equals(after.reason())
        || (readiness.warning() && !readiness.equals(readiness(before)))) {
      events.add(readiness);
    }
    if (before == null) {
      return events;
    }
    if (!before.clusters().equals(after.clusters())) {
      events.add(
          new PolicyEvent(
              false,
              "ClustersChanged",
              changes("cluster(s)", before.clusters(), after.clusters(), Function.identity())));
    }
    if (!before.objects().equals(after.objects())) {
      events.add(
          new PolicyEvent(
              false,
              "ObjectsChanged",
              changes("object(s)", before.objects(), after.objects(), ObjectKey::describe)));
    }
    return events;
  }

  private static PolicyEvent readiness(PolicyState state) {
    return switch (state.reason()) {
      case PLACED -> new PolicyEvent(false, PLACED, state.message());
      case ERRORS -> new PolicyEvent(true, "PlacementErrors", String.join("; ", state.errors()));
      case INVALID_SPEC ->
          new PolicyEvent(
              true, INVALID_SPEC, state.message() + ": " + String.join("; ", state.errors()));
      default -> new PolicyEvent(true, state.reason(), state.message());
    };
  }

  private static <T> String changes(
      String what, SortedSet<T> before, SortedSet<T> after, Function<T, String> name) {
    Set<T> added = new TreeSet<>(after);
    added.removeAll(before);
    Set<T> removed = new TreeSet<>(before);
    removed.removeAll(after);
    StringBuilder text =
        new StringBuilder(String.format(Locale.ROOT, "places %d %s", after.size(), what));
    if (!added.isEmpty()) {
      text.append("; added ").append(names(added, name));
    }
    if (!removed.isEmpty()) {
      text.append("; removed ").append(names(removed, name));
    }
    return text.toString();
  }

  private static <T> String names(Set<T> items, Function<T, String> name) {
    String shown =
        String.join(
            ", ", items.stream().limit(NAMES_SHOWN).map(name).map(Objects::toString).toList());
    return items.size() > NAMES_SHOWN
        ? shown + " and " + (items.size() - NAMES_SHOWN) + " more"
        : shown;
  }
}
