package dev.orrery.placement.match;

import java.util.List;
import java.util.TreeSet;

/**
 * How a selected object is delivered and reported: the modulation fields of a downsync clause, or
 * the merge of several matching clauses (booleans ORed, collectors unioned and sorted).
 *
 * @param createOnly create on the WEC but never update
 * @param wantSingletonReportedState copy the one qualified WEC's status back
 * @param wantMultiWECReportedState combine the qualified WECs' statuses
 * @param statusCollectors names of StatusCollectors, sorted and unique
 */
public record Modulation(
    boolean createOnly,
    boolean wantSingletonReportedState,
    boolean wantMultiWECReportedState,
    List<String> statusCollectors) {

  /** No modulation at all. */
  public static final Modulation NONE = new Modulation(false, false, false, List.of());

  /** Sorts and de-duplicates the collector names. */
  public Modulation {
    statusCollectors = List.copyOf(new TreeSet<>(statusCollectors));
  }

  /** The merge of this and another matching clause's modulation. */
  public Modulation merge(Modulation other) {
    TreeSet<String> collectors = new TreeSet<>(statusCollectors);
    collectors.addAll(other.statusCollectors);
    return new Modulation(
        createOnly || other.createOnly,
        wantSingletonReportedState || other.wantSingletonReportedState,
        wantMultiWECReportedState || other.wantMultiWECReportedState,
        List.copyOf(collectors));
  }
}
