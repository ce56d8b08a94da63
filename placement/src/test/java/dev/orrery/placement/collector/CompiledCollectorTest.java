package dev.orrery.placement.collector;

import static dev.orrery.placement.collector.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orrery.placement.Yaml;
import dev.orrery.placement.match.Parsed;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CompiledCollectorTest {

  @Test
  void compilesAValidSpec() {
    Parsed<CompiledCollector> compiled =
        CompiledCollector.compile(
            "per-wec", Yaml.map("select: [{name: wec, def: inventory.name}]\nlimit: 3"));

    assertThat(compiled.isValid()).isTrue();
    assertThat(compiled.value().name()).isEqualTo("per-wec");
    assertThat(compiled.value().columnNames()).containsExactly("wec");
    assertThat(compiled.value().spec().limit()).isEqualTo(3);
  }

  @Test
  void returnsTheValidationErrorsOfAnInvalidSpec() {
    Parsed<CompiledCollector> compiled =
        CompiledCollector.compile("bad", Yaml.map("groupBy: [{name: g, def: inventory.name}]"));

    assertThat(compiled.errors()).containsExactly("spec.groupBy: needs spec.combinedFields");
  }

  @Test
  void refusesAHandBuiltSpecWhoseCelDoesNotCompile() {
    StatusCollectorSpec spec =
        new StatusCollectorSpec(
            "nope", List.of(new NamedExpression("a", "inventory.name")), List.of(), List.of(), 20);

    assertThatThrownBy(() -> CompiledCollector.compile("bad", spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("spec.filter: CEL compile error at 1:1: ")
        .hasMessageContaining("undeclared reference to 'nope'");
  }

  @Test
  void oneCompiledCollectorServesManyThreadsAtOnce() throws Exception {
    CompiledCollector collector =
        Fixtures.collector(
            "per-wec",
            """
            filter: returned.status.availableReplicas % 2 == 0
            groupBy: [{name: cluster, def: inventory.name}]
            combinedFields:
            - {name: available, type: SUM, subject: returned.status.availableReplicas}
            """);
    int threads = 8;
    int rounds = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<List<String>>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(
            () -> {
              List<String> mismatches = new ArrayList<>();
              for (int round = 0; round < rounds; round++) {
                int base = thread * 1000 + round * 2;
                CollectorResult result =
                    Fixtures.evaluate(
                        collector,
                        rows(
                            "a: {status: {availableReplicas: %d}}\nb: {status: {availableReplicas: %d}}\n"
                                .formatted(base, base + 1)));
                List<List<ColumnValue>> expected =
                    List.of(
                        List.of(
                            ColumnValue.string("a"), ColumnValue.number(BigDecimal.valueOf(base))));
                if (!result.rows().equals(expected) || result.hasErrors()) {
                  mismatches.add(thread + "/" + round + ": " + result);
                }
              }
              return mismatches;
            });
      }
      List<String> mismatches = new ArrayList<>();
      for (Future<List<String>> future : pool.invokeAll(tasks)) {
        mismatches.addAll(future.get());
      }
      assertThat(mismatches).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void compiledCollectorsAreReusedAcrossObjects() {
    CompiledCollector collector =
        Fixtures.collector("names", "select: [{name: object, def: obj.metadata.name}]");

    for (String name : List.of("one", "two", "three")) {
      Map<String, Object> obj = Map.of("metadata", Map.of("name", name));
      CombinedStatusResults results =
          CombinedStatusCalculator.compute(List.of(collector), obj, rows("c1: {}\n"));
      assertThat(results.collectors().get(0).rows())
          .containsExactly(List.of(ColumnValue.string(name)));
    }
  }
}
