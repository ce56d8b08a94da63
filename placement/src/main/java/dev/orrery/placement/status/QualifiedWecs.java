package dev.orrery.placement.status;

import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingEntry;
import dev.orrery.placement.match.ObjectKey;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The qualified WEC sets of one object: the destinations of every Binding whose entry for the
 * object asks for singleton (respectively multi-WEC) reported state.
 *
 * @param singletonRequested whether any Binding entry asks for singleton reported state
 * @param singleton the union of those Bindings' destinations
 * @param multiRequested whether any Binding entry asks for multi-WEC reported state
 * @param multi the union of those Bindings' destinations
 */
public record QualifiedWecs(
    boolean singletonRequested,
    SortedSet<String> singleton,
    boolean multiRequested,
    SortedSet<String> multi) {

  /** Copies the sets. */
  public QualifiedWecs {
    singleton = Collections.unmodifiableSortedSet(new TreeSet<>(singleton));
    multi = Collections.unmodifiableSortedSet(new TreeSet<>(multi));
  }

  /** The qualified sets of {@code key} across all Bindings of the WDS. */
  public static QualifiedWecs of(ObjectKey key, Collection<BindingContent> bindings) {
    boolean singletonRequested = false;
    boolean multiRequested = false;
    TreeSet<String> singleton = new TreeSet<>();
    TreeSet<String> multi = new TreeSet<>();
    for (BindingContent binding : bindings) {
      for (BindingEntry entry : binding.entriesFor(key)) {
        if (entry.modulation().wantSingletonReportedState()) {
          singletonRequested = true;
          singleton.addAll(binding.destinations());
        }
        if (entry.modulation().wantMultiWECReportedState()) {
          multiRequested = true;
          multi.addAll(binding.destinations());
        }
      }
    }
    return new QualifiedWecs(singletonRequested, singleton, multiRequested, multi);
  }
}
