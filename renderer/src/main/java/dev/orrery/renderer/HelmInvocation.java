package dev.orrery.renderer;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code helm template} of a materialized chart, run inside the Helm worker process (see {@link
 * HelmWorker}): if Helm reports dependencies declared in {@code Chart.yaml} but missing from {@code
 * charts/}, fetch them (at the versions of {@code Chart.lock} when there is one, and only when
 * {@code fetchDependencies}) and run Helm again.
 */
record HelmInvocation(
    Path chartPath,
    String releaseName,
    String namespace,
    List<Path> valuesFiles,
    boolean fetchDependencies) {

  private static final Logger LOG = LoggerFactory.getLogger(HelmInvocation.class);
  private static final String MISSING_DEPENDENCIES = "missing in charts/ directory";
  private static final String UNREGISTERED_REPOSITORY = "no repository definition for";

  HelmInvocation {
    valuesFiles = List.copyOf(valuesFiles);
  }

  /** The rendered manifest stream; Helm's errors are thrown as {@link IllegalStateException}. */
  String run() {
    try {
      return template();
    } catch (IllegalStateException e) {
      if (e.getMessage() == null || !e.getMessage().contains(MISSING_DEPENDENCIES)) {
        throw e;
      }
      if (!fetchDependencies) {
        throw new IllegalStateException(
            "its dependencies are not vendored in charts/, and this render does not fetch"
                + " charts from their repositories (it renders content not yet merged)");
      }
      LOG.debug("chart {} has dependencies that are not vendored, fetching them", chartPath);
    }
    fetch();
    return template();
  }

  /**
   * {@code helm dependency build} when the chart has a lock file (it also checks that the lock
   * matches Chart.yaml); if Helm refuses because the repositories are not registered, the lock's
   * versions are pinned (see {@link LockedDependencies}) and {@code update} fetches them. Without a
   * lock file, {@code helm dependency update}.
   */
  private void fetch() {
    Helm helm = new Helm(chartPath);
    boolean locked =
        Files.exists(chartPath.resolve("Chart.lock"))
            || Files.exists(chartPath.resolve("requirements.lock"));
    String output;
    if (locked) {
      try {
        output = helm.dependency().build().call();
        LOG.debug("helm dependency build for {}: {}", chartPath, output.strip());
        return;
      } catch (IllegalStateException e) {
        if (e.getMessage() == null || !e.getMessage().contains(UNREGISTERED_REPOSITORY)) {
          throw e;
        }
      }
      try {
        LockedDependencies.pin(chartPath);
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot pin locked dependency versions: " + e.getMessage(), e);
      }
    }
    output = helm.dependency().update().call();
    LOG.debug("helm dependency update for {}: {}", chartPath, output.strip());
  }

  private String template() {
    TemplateCommand command = new Helm(chartPath).template().withName(releaseName);
    if (!namespace.isEmpty()) {
      command = command.withNamespace(namespace);
    }
    for (Path values : valuesFiles) {
      command = command.withValuesFile(values);
    }
    return command.call();
  }
}
