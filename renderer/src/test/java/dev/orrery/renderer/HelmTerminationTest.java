package dev.orrery.renderer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that rendered a Helm chart still stops on SIGTERM, running its shutdown hooks: Helm's
 * Go runtime inside the JVM takes termination signals over unless the renderer gives them back.
 */
class HelmTerminationTest {

  /** Renders a chart, says so, and waits to be stopped; a shutdown hook says it ran. */
  public static void main(String[] args) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
    RenderResult result =
        new Renderer()
            .render(
                RenderRequest.wholeTree(
                    MapSourceTree.of(HelmChartRenderingTest.webChart("web")), "default"));
    System.out.println(
        "rendered " + result.objects().size() + " object(s), errors " + result.errors());
    System.out.flush();
    Thread.sleep(120_000);
  }

  @Test
  void sigtermAfterAHelmRenderRunsTheShutdownHooks(@TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("child.log");
    Process child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    HelmTerminationTest.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(log).contains("rendered")
          && child.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(log)).contains("rendered 4 object(s), errors []");

      child.destroy(); // SIGTERM

      assertThat(child.waitFor(20, TimeUnit.SECONDS))
          .as("still running 20 s after SIGTERM")
          .isTrue();
      assertThat(Files.readString(log)).contains("shutdown hook ran");
      assertThat(child.exitValue()).isEqualTo(143);
    } finally {
      child.destroyForcibly();
    }
  }
}
