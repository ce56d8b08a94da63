package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Shared checks of the hostile-input tests: a render that must finish within a hang guard, reject
 * the revision as a whole (no object kept, so the last good revision stays applied) and name the
 * path, plus a rough measure of its time and heap for docs/reliability.md.
 */
final class HostileInput {

  /** Only a hang guard: generous because the build machine is shared and noisy. */
  static final Duration HANG_GUARD = Duration.ofSeconds(60);

  private HostileInput() {}

  /** What a render cost: wall time and the heap's peak during it (all pools, after a GC before). */
  record Cost(long millis, long peakHeapMiB) {}

  /** 100,000 files took 13 s on the shared 2-core machine and 24 s at load average 10. */
  static final Duration LARGE_TREE_HANG_GUARD = Duration.ofSeconds(180);

  /** Runs {@code render} under the hang guard and prints its cost under {@code name}. */
  static RenderResult measured(String name, Supplier<RenderResult> render) {
    return measured(name, HANG_GUARD, render);
  }

  /** Runs {@code render} under {@code guard} and prints its cost under {@code name}. */
  static RenderResult measured(String name, Duration guard, Supplier<RenderResult> render) {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    RenderResult result = assertTimeoutPreemptively(guard, render::get);
    long millis = (System.nanoTime() - start) / 1_000_000;
    long peak =
        ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum()
            >> 20;
    System.out.printf(
        "hostile-input %s: %d ms, peak heap %d MiB, %d objects, %d errors%n",
        name, millis, peak, result.objects().size(), result.errors().size());
    return result;
  }

  /** The only error of a rejected render, which must carry no object. */
  static RenderError onlyError(RenderResult result) {
    assertRejected(result);
    assertThat(result.errors()).hasSize(1);
    return result.errors().get(0);
  }

  /** A rejected render: errors, and not one object, so nothing is partly applied. */
  static void assertRejected(RenderResult result) {
    assertThat(result.ok()).isFalse();
    assertThat(result.objects()).as("a rejected revision applies nothing").isEmpty();
  }

  /** {@code n} ConfigMap documents, {@code name-0} ... */
  static String configMaps(String name, int n) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ")
          .append(name)
          .append('-')
          .append(i)
          .append('\n');
    }
    return text.toString();
  }
}
