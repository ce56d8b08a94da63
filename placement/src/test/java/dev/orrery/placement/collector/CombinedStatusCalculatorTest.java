package dev.orrery.placement.collector;

import static dev.orrery.placement.collector.Fixtures.collector;
import static dev.orrery.placement.collector.Fixtures.evaluate;
import static dev.orrery.placement.collector.Fixtures.normalized;
import static dev.orrery.placement.collector.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.orrery.placement.Yaml;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CombinedStatusCalculatorTest {

  private static final String THREE_WECS =
      """
      c3: {status: {availableReplicas: 2, region: eu}}
      c1: {status: {availableReplicas: 3, region: us}}
      c2: {status: {availableReplicas: 1, region: eu}}
      """;

  static Stream<Arguments> tables() {
    return Stream.of(
        Arguments.of(
            "a filter keeps only the WECs it is true for",
            """
            filter: returned.status.availableReplicas > 1
            select: [{name: wec, def: inventory.name}]
            """,
            THREE_WECS,
            """
            columnNames: [wec]
            rows:
            - columns: [{type: String, string: c1}]
            - columns: [{type: String, string: c3}]
            """),
        Arguments.of(
            "a null filter result excludes the row, silently",
            """
            filter: returned.status.ready
            select: [{name: wec, def: inventory.name}]
            """,
            """
            c1: {status: {ready: true}}
            c2: {status: {ready: null}}
            c3: {status: {ready: false}}
            """,
            """
            columnNames: [wec]
            rows:
            - columns: [{type: String, string: c1}]
            """),
        Arguments.of(
            "select gives one row per WEC, in WEC-name order",
            """
            select:
            - {name: wec, def: inventory.name}
            - {name: available, def: returned.status.availableReplicas}
            """,
            THREE_WECS,
            """
            columnNames: [wec, available]
            rows:
            - columns: [{type: String, string: c1}, {type: Number, float: "3"}]
            - columns: [{type: String, string: c2}, {type: Number, float: "1"}]
            - columns: [{type: String, string: c3}, {type: Number, float: "2"}]
            """),
        Arguments.of(
            "groupBy with every aggregation; empty subject sets and non-numeric subjects",
            """
            groupBy: [{name: region, def: returned.status.region}]
            combinedFields:
            - {name: count, type: COUNT}
            - {name: sum, type: SUM, subject: returned.status.n}
            - {name: avg, type: AVG, subject: returned.status.n}
            - {name: min, type: MIN, subject: returned.status.n}
            - {name: max, type: MAX, subject: returned.status.n}
            """,
            """
            a: {status: {region: us, n: 4}}
            b: {status: {region: eu, n: 1.5}}
            c: {status: {region: us, n: x}}
            d: {status: {region: us, n: 1}}
            e: {status: {region: ap, n: null}}
            f: {status: {region: eu, n: 3}}
            g: {status: {region: us, n: 2}}
            """,
"""
columnNames: [region, count, sum, avg, min, max]
rows:
- columns: [{type: String, string: ap}, {type: Number, float: "1"}, {type: Number, float: "0"},
            {type: Number, float: "NaN"}, {type: Number, float: "+Inf"}, {type: Number, float: "-Inf"}]
- columns: [{type: String, string: eu}, {type: Number, float: "2"}, {type: Number, float: "4.5"},
            {type: Number, float: "2.25"}, {type: Number, float: "1.5"}, {type: Number, float: "3"}]
- columns: [{type: String, string: us}, {type: Number, float: "4"}, {type: Number, float: "7"},
            {type: Number, float: "2.3333333333333335"}, {type: Number, float: "1"},
            {type: Number, float: "4"}]
aggregationErrors:
- {columnName: sum, error: 'SUM in group {region=us} skipped 1 non-numeric subject value(s), e.g. the string "x" from WEC c'}
- {columnName: avg, error: 'AVG in group {region=us} skipped 1 non-numeric subject value(s), e.g. the string "x" from WEC c'}
- {columnName: min, error: 'MIN in group {region=us} skipped 1 non-numeric subject value(s), e.g. the string "x" from WEC c'}
- {columnName: max, error: 'MAX in group {region=us} skipped 1 non-numeric subject value(s), e.g. the string "x" from WEC c'}
"""),
        Arguments.of(
            "groups are sorted by all groupBy values: null, bool, number, string",
            """
            groupBy:
            - {name: k, def: returned.status.k}
            - {name: j, def: returned.status.j}
            combinedFields: [{name: n, type: COUNT}]
            """,
            """
            a: {status: {k: b, j: 1}}
            b: {status: {k: 10, j: 1}}
            c: {status: {k: 9, j: 1}}
            d: {status: {k: true, j: 1}}
            e: {status: {k: null, j: 1}}
            f: {status: {k: b, j: 0}}
            g: {status: {k: 9.0, j: 1}}
            """,
"""
columnNames: [k, j, n]
rows:
- columns: [{type: "Null"}, {type: Number, float: "1"}, {type: Number, float: "1"}]
- columns: [{type: Bool, bool: true}, {type: Number, float: "1"}, {type: Number, float: "1"}]
- columns: [{type: Number, float: "9"}, {type: Number, float: "1"}, {type: Number, float: "2"}]
- columns: [{type: Number, float: "10"}, {type: Number, float: "1"}, {type: Number, float: "1"}]
- columns: [{type: String, string: b}, {type: Number, float: "0"}, {type: Number, float: "1"}]
- columns: [{type: String, string: b}, {type: Number, float: "1"}, {type: Number, float: "1"}]
"""),
        Arguments.of(
            "combinedFields without groupBy: one row over all kept rows",
            """
            filter: inventory.name != "c2"
            combinedFields:
            - {name: wecs, type: COUNT}
            - {name: total, type: SUM, subject: returned.status.availableReplicas}
            - {name: lowest, type: MIN, subject: returned.status.availableReplicas}
            """,
            THREE_WECS,
"""
columnNames: [wecs, total, lowest]
rows:
- columns: [{type: Number, float: "2"}, {type: Number, float: "5"}, {type: Number, float: "2"}]
"""),
        Arguments.of(
            "combinedFields without groupBy over no rows, as upstream: COUNT 0, SUM 0, AVG NaN, MAX -Inf, MIN +Inf",
            """
            filter: "false"
            combinedFields:
            - {name: wecs, type: COUNT}
            - {name: total, type: SUM, subject: returned.status.availableReplicas}
            - {name: mean, type: AVG, subject: returned.status.availableReplicas}
            - {name: highest, type: MAX, subject: returned.status.availableReplicas}
            - {name: lowest, type: MIN, subject: returned.status.availableReplicas}
            """,
            THREE_WECS,
"""
columnNames: [wecs, total, mean, highest, lowest]
rows:
- columns: [{type: Number, float: "0"}, {type: Number, float: "0"}, {type: Number, float: "NaN"},
            {type: Number, float: "-Inf"}, {type: Number, float: "+Inf"}]
"""),
        Arguments.of(
            "groupBy over no rows gives no rows",
            """
            filter: "false"
            groupBy: [{name: wec, def: inventory.name}]
            combinedFields: [{name: n, type: COUNT}]
            """,
            THREE_WECS,
            """
            columnNames: [wec, n]
            rows: []
            """),
        Arguments.of(
            "limit cuts select rows after sorting",
            """
            select: [{name: wec, def: inventory.name}]
            limit: 2
            """,
            THREE_WECS,
            """
            columnNames: [wec]
            rows:
            - columns: [{type: String, string: c1}]
            - columns: [{type: String, string: c2}]
            """),
        Arguments.of(
            "limit cuts groups after sorting",
            """
            groupBy: [{name: region, def: returned.status.region}]
            combinedFields: [{name: n, type: COUNT}]
            limit: 1
            """,
            THREE_WECS,
            """
            columnNames: [region, n]
            rows:
            - columns: [{type: String, string: eu}, {type: Number, float: "2"}]
            """),
        Arguments.of(
            "sums are float64 as upstream computes them, spelled as Go spells them",
            """
            combinedFields:
            - {name: big, type: SUM, subject: returned.status.big}
            - {name: small, type: SUM, subject: returned.status.small}
            """,
            """
            a: {status: {big: 9223372036854775807, small: 0.1}}
            b: {status: {big: 9223372036854775807, small: 0.2}}
            """,
"""
columnNames: [big, small]
rows:
- columns: [{type: Number, float: "1.8446744073709552e+19"}, {type: Number, float: "0.30000000000000004"}]
"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void computesTheCollectorTable(
      String description, String spec, String rows, String expectedYaml) {
    CollectorResult result = evaluate(collector("sc", spec), rows(rows));

    Map<String, Object> expected = Yaml.map("name: sc\n" + expectedYaml);
    assertThat(normalized(result.toJson())).isEqualTo(expected);
    assertThat(result.rowErrors()).isEmpty();
  }

  @Test
  void countsAvailableReplicasPerCluster() {
    CompiledCollector collector =
        collector(
            "available-per-cluster",
            """
            groupBy: [{name: cluster, def: inventory.name}]
            combinedFields:
            - {name: availableReplicas, type: SUM, subject: returned.status.availableReplicas}
            """);

    CombinedStatusResults results =
        CombinedStatusCalculator.compute(
            List.of(collector),
            Fixtures.DEPLOYMENT,
            rows(
                """
                cluster2: {status: {replicas: 3, availableReplicas: 2}}
                cluster1: {status: {replicas: 3, availableReplicas: 3}}
                cluster3: {}
                """));

    assertThat(results.results())
        .map(Fixtures::normalized)
        .containsExactly(
            Yaml.map(
                """
                name: available-per-cluster
                columnNames: [cluster, availableReplicas]
                rows:
                - columns: [{type: String, string: cluster1}, {type: Number, float: "3"}]
                - columns: [{type: String, string: cluster2}, {type: Number, float: "2"}]
                - columns: [{type: String, string: cluster3}, {type: Number, float: "0"}]
                rowErrors:
                - {wec: {clusterId: cluster3}, columnName: availableReplicas,
                   error: "%s"}
                """
                    .formatted(results.collectors().get(0).rowErrors().get(0).error())));
    assertThat(results.collectors().get(0).rowErrors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.cluster()).isEqualTo("cluster3");
              assertThat(e.error())
                  .contains("Field selections must be performed on messages or maps");
            });
  }

  @Test
  void seesTheObjectTheInventoryAndThePropagationTimestamp() {
    CollectorResult result =
        evaluate(
            collector(
                "sc",
                """
                filter: >-
                  propagation.lastReturnedUpdateTimestamp != null &&
                  propagation.lastReturnedUpdateTimestamp > timestamp("2024-06-01T00:00:00Z")
                select:
                - {name: object, def: 'obj.metadata.namespace + "/" + obj.metadata.name'}
                - {name: wec, def: inventory.name}
                - {name: at, def: propagation.lastReturnedUpdateTimestamp}
                - {name: reported, def: returned.status != null}
                """),
            rows(
                """
                old: {status: {}, updated: "2024-01-01T00:00:00Z"}
                new: {updated: "2024-07-01T12:30:00Z"}
                never: {status: {}}
                """));

    assertThat(normalized(result.toJson()))
        .isEqualTo(
            Yaml.map(
"""
name: sc
columnNames: [object, wec, at, reported]
rows:
- columns: [{type: String, string: prod/web}, {type: String, string: new},
            {type: String, string: "2024-07-01T12:30:00Z"}, {type: Bool, bool: false}]
"""));
  }

  @Test
  void expressionErrorsAreCollectedNeverThrown() {
    CollectorResult result =
        evaluate(
            collector(
                "sc",
                """
                filter: returned.status.keep
                select:
                - {name: wec, def: inventory.name}
                - {name: ratio, def: returned.status.a / returned.status.b}
                """),
            rows(
                """
                ok: {status: {keep: true, a: 6, b: 3}}
                zero: {status: {keep: true, a: 6, b: 0}}
                nostatus: {}
                notbool: {status: {keep: "yes"}}
                """));

    assertThat(normalized(result.toJson()))
        .isEqualTo(
            Yaml.map(
"""
name: sc
columnNames: [wec, ratio]
rows:
- columns: [{type: String, string: ok}, {type: Number, float: "2"}]
- columns: [{type: String, string: zero}, {type: "Null"}]
rowErrors:
- {wec: {clusterId: nostatus}, columnName: "", error: "%s"}
- {wec: {clusterId: notbool}, columnName: "", error: 'filter yielded the string "yes", not a bool'}
- {wec: {clusterId: zero}, columnName: ratio, error: "%s"}
"""
                    .formatted(
                        result.rowErrors().get(0).error(), result.rowErrors().get(2).error())));
    assertThat(result.rowErrors().get(0).error()).contains("Field selections");
    assertThat(result.rowErrors().get(2).error()).contains("/ by zero");
    assertThat(result.errorMessages())
        .contains("WEC notbool, filter: filter yielded the string \"yes\", not a bool");
  }

  @Test
  void aRowWhoseGroupByFailsOrIsNotAtomicIsLeftOut() {
    CollectorResult result =
        evaluate(
            collector(
                "sc",
                """
                groupBy: [{name: g, def: returned.status.g}]
                combinedFields: [{name: n, type: COUNT}]
                """),
            rows(
                """
                a: {status: {g: x}}
                b: {status: {g: [x]}}
                c: {status: {}}
                d: {status: {g: {x: 1}}}
                """));

    assertThat(result.rows())
        .containsExactly(List.of(ColumnValue.string("x"), ColumnValue.number(BigDecimal.ONE)));
    assertThat(result.rowErrors())
        .extracting(RowError::cluster, RowError::columnName)
        .containsExactly(tuple("b", "g"), tuple("c", "g"), tuple("d", "g"));
    assertThat(result.rowErrors().get(0).error())
        .isEqualTo("groupBy value must be atomic, got Array");
    assertThat(result.rowErrors().get(2).error())
        .isEqualTo("groupBy value must be atomic, got Object");
  }

  @Test
  void aFailingSubjectIsSkippedButItsRowIsCounted() {
    CollectorResult result =
        evaluate(
            collector(
                "sc",
                """
                combinedFields:
                - {name: n, type: COUNT}
                - {name: total, type: SUM, subject: returned.status.v}
                """),
            rows("a: {status: {v: 2}}\nb: {status: {}}\n"));

    assertThat(result.rows())
        .containsExactly(
            List.of(
                ColumnValue.number(BigDecimal.valueOf(2)),
                ColumnValue.number(BigDecimal.valueOf(2))));
    assertThat(result.rowErrors()).extracting(RowError::cluster).containsExactly("b");
  }

  @Test
  void limitReportsTheOmittedRows() {
    CollectorResult result =
        evaluate(
            collector("sc", "select: [{name: wec, def: inventory.name}]\nlimit: 1"),
            rows(THREE_WECS));

    assertThat(result.rows()).hasSize(1);
    assertThat(result.omittedRows()).isEqualTo(2);
  }

  @Test
  void theDefaultLimitIsTwenty() {
    StringBuilder wecs = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      wecs.append("wec").append(String.format("%02d", i)).append(": {}\n");
    }

    CollectorResult result =
        evaluate(
            collector("sc", "select: [{name: wec, def: inventory.name}]"), rows(wecs.toString()));

    assertThat(result.rows()).hasSize(20);
    assertThat(result.rows().get(19)).containsExactly(ColumnValue.string("wec19"));
    assertThat(result.omittedRows()).isEqualTo(5);
  }

  @Test
  void encodesAtMostThreeErrorsPerColumnButReturnsThemAll() {
    StringBuilder wecs = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      wecs.append("wec").append(i).append(": {}\n");
    }

    CollectorResult result =
        evaluate(
            collector(
                "sc",
                """
                select:
                - {name: a, def: returned.status.a}
                - {name: b, def: returned.status.b}
                """),
            rows(wecs.toString()));

    assertThat(result.rowErrors()).hasSize(10);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> encoded =
        (List<Map<String, Object>>) result.toJson().get("rowErrors");
    assertThat(encoded)
        .extracting(e -> e.get("columnName") + "@" + ((Map<?, ?>) e.get("wec")).get("clusterId"))
        .containsExactly("a@wec0", "b@wec0", "a@wec1", "b@wec1", "a@wec2", "b@wec2");
  }

  @Test
  void resultsAreSortedByCollectorNameWithErrorsAlongside() {
    CompiledCollector zeta = collector("zeta", "select: [{name: v, def: returned.status.v}]");
    CompiledCollector alpha = collector("alpha", "combinedFields: [{name: n, type: COUNT}]");

    CombinedStatusResults results =
        CombinedStatusCalculator.compute(
            List.of(zeta, alpha), Fixtures.DEPLOYMENT, rows("c1: {status: {}}\n"));

    assertThat(results.collectors())
        .extracting(CollectorResult::name)
        .containsExactly("alpha", "zeta");
    assertThat(results.results()).extracting(r -> r.get("name")).containsExactly("alpha", "zeta");
    assertThat(results.errorsByCollector()).containsOnlyKeys("zeta");
    assertThat(results.errorsByCollector().get("zeta"))
        .singleElement()
        .satisfies(m -> assertThat(m).startsWith("WEC c1, column v: "));
  }

  @Test
  void rejectsDuplicateCollectorsOrWecs() {
    CompiledCollector one = collector("same", "select: [{name: v, def: inventory.name}]");

    assertThatThrownBy(
            () ->
                CombinedStatusCalculator.compute(List.of(one, one), Fixtures.DEPLOYMENT, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate collector name same");
    WecRow row = new WecRow("c1", null, null);
    assertThatThrownBy(
            () ->
                CombinedStatusCalculator.compute(
                    List.of(one), Fixtures.DEPLOYMENT, List.of(row, row)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate WEC row name c1");
  }

  @Test
  void noCollectorsGiveNoResults() {
    assertThat(
            CombinedStatusCalculator.compute(List.of(), Fixtures.DEPLOYMENT, rows(THREE_WECS))
                .results())
        .isEmpty();
  }
}
