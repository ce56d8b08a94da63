package dev.orrery.placement.collector;

import dev.orrery.placement.collector.CollectorCel.ResultCheck;
import dev.orrery.placement.match.Parsed;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A StatusCollector with every CEL expression compiled once, ready to be evaluated any number of
 * times from any number of threads (it is immutable). Evaluate it with {@link
 * CombinedStatusCalculator}.
 */
public final class CompiledCollector {

  private final String name;
  private final StatusCollectorSpec spec;
  private final CompiledExpression filter;
  private final List<CompiledExpression> select;
  private final List<CompiledExpression> groupBy;
  private final List<CompiledExpression> subjects;

  private CompiledCollector(String name, StatusCollectorSpec spec, List<String> errors) {
    this.name = name;
    this.spec = spec;
    this.filter =
        spec.filter() == null
            ? null
            : compileOne("", spec.filter(), "spec.filter", ResultCheck.BOOL, errors);
    List<CompiledExpression> selected = new ArrayList<>();
    for (int i = 0; i < spec.select().size(); i++) {
      NamedExpression e = spec.select().get(i);
      String path = "spec.select[" + i + "].def";
      selected.add(compileOne(e.name(), e.def(), path, ResultCheck.ANY, errors));
    }
    List<CompiledExpression> grouping = new ArrayList<>();
    for (int i = 0; i < spec.groupBy().size(); i++) {
      NamedExpression e = spec.groupBy().get(i);
      String path = "spec.groupBy[" + i + "].def";
      grouping.add(compileOne(e.name(), e.def(), path, ResultCheck.ATOMIC, errors));
    }
    List<CompiledExpression> aggregated = new ArrayList<>();
    for (int i = 0; i < spec.combinedFields().size(); i++) {
      CombinedField f = spec.combinedFields().get(i);
      String path = "spec.combinedFields[" + i + "].subject";
      aggregated.add(
          f.subject() == null
              ? null
              : compileOne(f.name(), f.subject(), path, ResultCheck.NUMBER, errors));
    }
    this.select = Collections.unmodifiableList(selected);
    this.groupBy = Collections.unmodifiableList(grouping);
    this.subjects = Collections.unmodifiableList(aggregated);
  }

  /**
   * Parses, validates and compiles the JSON-decoded {@code spec} of the StatusCollector named
   * {@code name}; the errors are those of {@link StatusCollectorSpec#parse}.
   */
  public static Parsed<CompiledCollector> compile(String name, Map<String, Object> spec) {
    Parsed<StatusCollectorSpec> parsed = StatusCollectorSpec.parse(spec);
    if (!parsed.isValid()) {
      return Parsed.failed(parsed.errors());
    }
    return Parsed.ok(compile(name, parsed.value()));
  }

  /**
   * Compiles a spec.
   *
   * @throws IllegalArgumentException when an expression does not compile (a spec from {@link
   *     StatusCollectorSpec#parse} always does)
   */
  public static CompiledCollector compile(String name, StatusCollectorSpec spec) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a collector needs a name");
    }
    List<String> errors = new ArrayList<>();
    CompiledCollector collector = new CompiledCollector(name, spec, errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
    return collector;
  }

  /** The StatusCollector's name. */
  public String name() {
    return name;
  }

  /** The spec it was compiled from. */
  public StatusCollectorSpec spec() {
    return spec;
  }

  /** The output column names, in order. */
  public List<String> columnNames() {
    return spec.columnNames();
  }

  CompiledExpression filter() {
    return filter;
  }

  List<CompiledExpression> select() {
    return select;
  }

  List<CompiledExpression> groupBy() {
    return groupBy;
  }

  /** The compiled subject of each combined field, {@code null} for COUNT. */
  List<CompiledExpression> subjects() {
    return subjects;
  }

  private static CompiledExpression compileOne(
      String column, String source, String path, ResultCheck check, List<String> errors) {
    return CollectorCel.check(source, path, check, errors)
        .map(ast -> new CompiledExpression(column, source, CollectorCel.program(ast)))
        .orElse(null);
  }

  @Override
  public String toString() {
    return "CompiledCollector[" + name + "]";
  }
}
