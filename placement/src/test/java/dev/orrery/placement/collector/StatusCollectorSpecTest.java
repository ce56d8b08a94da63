package dev.orrery.placement.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.match.Parsed;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusCollectorSpecTest {

  private static final String NAME_RULE =
      " is not a valid column name (at most 63 letters, digits, '_', '-' or '.', starting with a"
          + " letter or '_' and ending with a letter, digit or '_')";
  private static final String TYPES = "[COUNT, SUM, AVG, MIN, MAX]";

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of(
            "select excludes groupBy and combinedFields",
            """
            select: [{name: a, def: inventory.name}]
            groupBy: [{name: g, def: inventory.name}]
            combinedFields: [{name: n, type: COUNT}]
            """,
            List.of(
                "spec.select: must be empty when spec.groupBy is set",
                "spec.select: must be empty when spec.combinedFields is set")),
        Arguments.of(
            "groupBy needs combinedFields",
            "groupBy: [{name: g, def: inventory.name}]",
            List.of("spec.groupBy: needs spec.combinedFields")),
        Arguments.of(
            "no columns at all",
            "filter: 'true'",
            List.of("spec: no columns; set spec.select or spec.combinedFields")),
        Arguments.of(
            "COUNT takes no subject",
            "combinedFields: [{name: n, type: COUNT, subject: returned.status.replicas}]",
            List.of("spec.combinedFields[0].subject: must be omitted for COUNT")),
        Arguments.of(
            "SUM, AVG, MIN and MAX need a subject",
            """
            combinedFields:
            - {name: s, type: SUM}
            - {name: a, type: AVG, subject: ''}
            - {name: mi, type: MIN}
            - {name: ma, type: MAX}
            """,
            List.of(
                "spec.combinedFields[0].subject: required (a CEL expression)",
                "spec.combinedFields[1].subject: must be a non-empty CEL expression, got the string"
                    + " \"\"",
                "spec.combinedFields[2].subject: required (a CEL expression)",
                "spec.combinedFields[3].subject: required (a CEL expression)")),
        Arguments.of(
            "unknown or missing aggregation type",
            "combinedFields: [{name: n, type: sum, subject: '1'}, {name: m}]",
            List.of(
                "spec.combinedFields[0].type: the string \"sum\" is not one of " + TYPES,
                "spec.combinedFields[1].type: required (one of " + TYPES + ")")),
        Arguments.of(
            "names are unique across select, groupBy and combinedFields",
"""
groupBy: [{name: cluster, def: inventory.name}]
combinedFields: [{name: cluster, type: COUNT}, {name: n, type: COUNT}, {name: n, type: COUNT}]
""",
            List.of(
                "spec.combinedFields[0].name: column name \"cluster\" is already used by"
                    + " spec.groupBy[0].name",
                "spec.combinedFields[2].name: column name \"n\" is already used by"
                    + " spec.combinedFields[1].name")),
        Arguments.of(
            "names must be valid",
            """
            select:
            - {name: 'a b', def: inventory.name}
            - {name: '', def: inventory.name}
            - {name: 1x, def: inventory.name}
            - {def: inventory.name}
            - {name: 7, def: inventory.name}
            - {name: %s, def: inventory.name}
            """
                .formatted("a".repeat(64)),
            List.of(
                "spec.select[3].name: required",
                "spec.select[4].name: must be a string, got integer 7",
                "spec.select[0].name: \"a b\"" + NAME_RULE,
                "spec.select[1].name: must not be empty",
                "spec.select[2].name: \"1x\"" + NAME_RULE,
                "spec.select[5].name: \"" + "a".repeat(64) + "\"" + NAME_RULE)),
        Arguments.of(
            "def is required and must be a string",
            "select: [{name: a}, {name: b, def: 3}, {name: c, def: '  '}]",
            List.of(
                "spec.select[0].def: required (a CEL expression)",
                "spec.select[1].def: must be a non-empty CEL expression, got integer 3",
                "spec.select[2].def: must be a non-empty CEL expression, got the string \"  \"")),
        Arguments.of(
            "shapes",
            "filter: [x]\nselect: {name: a}\ngroupBy: [x]\nlimit: 'ten'",
            List.of(
                "spec.filter: must be a string (a CEL expression), got a list",
                "spec.select: must be a list, got an object",
                "spec.groupBy[0]: must be an object, got the string \"x\"",
                "spec.limit: must be an integer, got the string \"ten\"",
                "spec.groupBy: needs spec.combinedFields")),
        Arguments.of(
            "limit must be at least 1",
            "select: [{name: a, def: inventory.name}]\nlimit: 0",
            List.of("spec.limit: must be at least 1, got 0")),
        Arguments.of(
            "limit must be an integer",
            "select: [{name: a, def: inventory.name}]\nlimit: 2.5",
            List.of("spec.limit: must be an integer, got double 2.5")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void reportsEveryRuleViolationWithItsFieldPath(
      String description, String spec, List<String> expected) {
    Parsed<StatusCollectorSpec> parsed = StatusCollectorSpec.parse(Yaml.map(spec));

    assertThat(parsed.isValid()).isFalse();
    assertThat(parsed.errors()).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> celErrors() {
    return Stream.of(
        Arguments.of(
            "filter: 'inventory.name =='\nselect: [{name: a, def: inventory.name}]",
            "spec.filter: CEL compile error at 1:",
            "mismatched input '<EOF>'"),
        Arguments.of(
            "select: [{name: a, def: inventory.name}, {name: b, def: 'status.replicas'}]",
            "spec.select[1].def: CEL compile error at 1:1: ",
            "undeclared reference to 'status'"),
        Arguments.of(
            "groupBy: [{name: g, def: 'size(1)'}]\ncombinedFields: [{name: n, type: COUNT}]",
            "spec.groupBy[0].def: CEL compile error at 1:",
            "found no matching overload for 'size'"),
        Arguments.of(
            "combinedFields: [{name: s, type: SUM, subject: 'returned.status.replicas +'}]",
            "spec.combinedFields[0].subject: CEL compile error at 1:",
            "mismatched input"),
        Arguments.of(
            "filter: '1 + 2'\nselect: [{name: a, def: inventory.name}]",
            "spec.filter: must yield a bool, but its type is int",
            ""),
        Arguments.of(
            "groupBy: [{name: g, def: '[inventory.name]'}]\n"
                + "combinedFields: [{name: n, type: COUNT}]",
            "spec.groupBy[0].def: must yield an atomic value (not a list or map), but its type is"
                + " list",
            ""),
        Arguments.of(
            "combinedFields: [{name: s, type: AVG, subject: 'inventory.name + \"x\"'}]",
            "spec.combinedFields[0].subject: must yield a number, but its type is string",
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("celErrors")
  void reportsCelCompileErrorsWithTheFieldPath(String spec, String prefix, String celText) {
    Parsed<StatusCollectorSpec> parsed = StatusCollectorSpec.parse(Yaml.map(spec));

    assertThat(parsed.isValid()).isFalse();
    assertThat(parsed.errors()).hasSize(1);
    assertThat(parsed.errors().get(0)).startsWith(prefix).contains(celText);
  }

  @Test
  void collectsStructuralAndCelErrorsTogether() {
    Parsed<StatusCollectorSpec> parsed =
        StatusCollectorSpec.parse(
            Yaml.map(
                """
                filter: 'nope'
                select: [{name: a, def: 'obj.metadata.name'}]
                combinedFields: [{name: a, type: COUNT}]
                """));

    assertThat(parsed.errors())
        .hasSize(3)
        .anySatisfy(e -> assertThat(e).startsWith("spec.filter: CEL compile error"))
        .contains(
            "spec.select: must be empty when spec.combinedFields is set",
            "spec.combinedFields[0].name: column name \"a\" is already used by"
                + " spec.select[0].name");
  }

  @Test
  void parsesAValidSpecWithDefaults() {
    StatusCollectorSpec spec =
        StatusCollectorSpec.parse(
                Yaml.map(
                    """
                    filter: ''
                    groupBy: [{name: cluster, def: inventory.name}]
                    combinedFields:
                    - {name: count, type: COUNT}
                    - {name: available, type: SUM, subject: returned.status.availableReplicas}
                    """))
            .orElseThrow();

    assertThat(spec.filter()).isNull();
    assertThat(spec.limit()).isEqualTo(StatusCollectorSpec.DEFAULT_LIMIT);
    assertThat(spec.aggregates()).isTrue();
    assertThat(spec.groupBy()).containsExactly(new NamedExpression("cluster", "inventory.name"));
    assertThat(spec.combinedFields())
        .containsExactly(
            new CombinedField("count", AggregationType.COUNT, null),
            new CombinedField(
                "available", AggregationType.SUM, "returned.status.availableReplicas"));
    assertThat(spec.columnNames()).containsExactly("cluster", "count", "available");
  }

  @Test
  void acceptsEveryDeclaredVariableAndTheStandardMacros() {
    Parsed<StatusCollectorSpec> parsed =
        StatusCollectorSpec.parse(
            Yaml.map(
"""
filter: >-
  has(returned.status.conditions) &&
  returned.status.conditions.exists(c, c.type == "Available")
select:
- {name: object, def: obj.metadata.name}
- {name: wec, def: inventory.name}
- {name: fresh, def: 'propagation.lastReturnedUpdateTimestamp > timestamp("2024-01-01T00:00:00Z")'}
limit: 5
"""));

    assertThat(parsed.errors()).isEmpty();
    assertThat(parsed.value().limit()).isEqualTo(5);
    assertThat(parsed.value().columnNames()).containsExactly("object", "wec", "fresh");
  }

  @Test
  void constructorEnforcesTheStructuralRules() {
    assertThatThrownBy(
            () ->
                new StatusCollectorSpec(
                    null,
                    List.of(new NamedExpression("a", "inventory.name")),
                    List.of(),
                    List.of(new CombinedField("n", AggregationType.COUNT, null)),
                    20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spec.select: must be empty when spec.combinedFields is set");
    assertThatThrownBy(() -> new CombinedField("s", AggregationType.SUM, null))
        .hasMessage("SUM needs a subject");
  }
}
