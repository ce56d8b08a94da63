package dev.orrery.placement.collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The structural rules of a StatusCollector spec, shared by parsing and construction. */
final class SpecRules {

  /** Longest column name. */
  static final int MAX_NAME_LENGTH = 63;

  private static final Pattern NAME = Pattern.compile("[A-Za-z_]([-A-Za-z0-9_.]*[A-Za-z0-9_])?");

  private SpecRules() {}

  /**
   * The violated rules, each naming its field path: {@code select} excludes {@code groupBy} and
   * {@code combinedFields}; {@code groupBy} needs {@code combinedFields}; there is at least one
   * column; column names are valid and unique across the three lists; {@code limit} is at least 1.
   */
  static List<String> violations(
      int selectCount, int groupByCount, int combinedCount, List<ColumnName> names, long limit) {
    List<String> problems = new ArrayList<>();
    if (selectCount > 0 && groupByCount > 0) {
      problems.add("spec.select: must be empty when spec.groupBy is set");
    }
    if (selectCount > 0 && combinedCount > 0) {
      problems.add("spec.select: must be empty when spec.combinedFields is set");
    }
    if (groupByCount > 0 && combinedCount == 0) {
      problems.add("spec.groupBy: needs spec.combinedFields");
    }
    if (selectCount == 0 && groupByCount == 0 && combinedCount == 0) {
      problems.add("spec: no columns; set spec.select or spec.combinedFields");
    }
    Map<String, String> firstUse = new HashMap<>();
    for (ColumnName column : names) {
      String problem = nameProblem(column.name());
      if (problem != null) {
        problems.add(column.path() + ": " + problem);
        continue;
      }
      String earlier = firstUse.putIfAbsent(column.name(), column.path());
      if (earlier != null) {
        problems.add(
            column.path()
                + ": column name \""
                + column.name()
                + "\" is already used by "
                + earlier);
      }
    }
    if (limit < 1) {
      problems.add("spec.limit: must be at least 1, got " + limit);
    }
    return problems;
  }

  private static String nameProblem(String name) {
    if (name.isEmpty()) {
      return "must not be empty";
    }
    if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      return "\""
          + name
          + "\" is not a valid column name (at most "
          + MAX_NAME_LENGTH
          + " letters, digits, '_', '-' or '.', starting with a letter or '_'"
          + " and ending with a letter, digit or '_')";
    }
    return null;
  }
}
