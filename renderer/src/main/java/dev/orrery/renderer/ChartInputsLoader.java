package dev.orrery.renderer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a chart directory of a tree into {@link ChartInputs}: reads {@code Chart.yaml} and
 * {@code orrery.yaml}, picks release name and namespace, lists the files Helm needs and hashes
 * their content ids into the cache key. Reads only the two small configuration files.
 */
final class ChartInputsLoader {

  /**
   * The inputs, or the errors that prevent rendering the chart; {@code library} marks a library
   * chart, which is not installable and so renders to nothing; {@code valuesFiles} are the existing
   * values files {@code orrery.yaml} names, known even when other parts are broken.
   */
  record Loaded(
      Optional<ChartInputs> inputs,
      List<RenderError> errors,
      boolean library,
      List<String> valuesFiles) {

    Loaded {
      errors = List.copyOf(errors);
      valuesFiles = List.copyOf(valuesFiles);
    }
  }

  private final SourceTree tree;
  private final Set<String> pathSet;

  ChartInputsLoader(SourceTree tree, Set<String> pathSet) {
    this.tree = tree;
    this.pathSet = pathSet;
  }

  Loaded load(String chartDir, String defaultNamespace) {
    List<RenderError> errors = new ArrayList<>();
    String chartFile = RepoPaths.join(chartDir, ChartLocator.CHART_FILE);
    String fallbackName = chartDir.isEmpty() ? "chart" : RepoPaths.fileName(chartDir);
    ChartMetadata metadata = null;
    try {
      metadata = ChartMetadata.read(tree.read(chartFile), fallbackName);
    } catch (YamlSupport.ProblemException e) {
      errors.add(e.problem().at(chartFile, 0));
    } catch (IOException e) {
      errors.add(new RenderError(chartFile, 0, "cannot read file: " + e.getMessage()));
    }
    String settingsFile = RepoPaths.join(chartDir, ChartSettings.FILE_NAME);
    ChartSettings settings = ChartSettings.defaults();
    if (pathSet.contains(settingsFile)) {
      try {
        ChartSettings.Parsed parsed = ChartSettings.parse(tree.read(settingsFile));
        parsed.problems().forEach(problem -> errors.add(problem.at(settingsFile, 0)));
        settings = parsed.settings();
      } catch (IOException e) {
        errors.add(new RenderError(settingsFile, 0, "cannot read file: " + e.getMessage()));
      }
    }
    List<String> valuesFiles = new ArrayList<>();
    for (ChartSettings.ValuesFileRef ref : settings.valuesFiles()) {
      Optional<String> path = RepoPaths.resolve(chartDir, ref.path());
      if (path.isEmpty() || !pathSet.contains(path.get())) {
        errors.add(
            new RenderError(
                settingsFile,
                ref.line(),
                "values file '" + ref.path() + "' not found in the repository"));
      } else {
        valuesFiles.add(path.get());
      }
    }
    if (metadata == null) {
      return new Loaded(Optional.empty(), errors, false, valuesFiles);
    }
    if (metadata.library()) {
      return new Loaded(Optional.empty(), errors, true, valuesFiles);
    }
    String releaseName =
        !settings.releaseName().isEmpty()
            ? settings.releaseName()
            : chartDir.isEmpty() ? metadata.name() : RepoPaths.fileName(chartDir);
    String namespace = !settings.namespace().isEmpty() ? settings.namespace() : defaultNamespace;

    Set<String> files = new LinkedHashSet<>(filesUnder(chartDir));
    for (String dependency : metadata.fileDependencies()) {
      Optional<String> dependencyDir = RepoPaths.resolve(chartDir, dependency);
      if (dependencyDir.isEmpty()) {
        errors.add(
            new RenderError(
                chartFile,
                1,
                "file:// dependency '" + dependency + "' points outside the repository"));
      } else {
        files.addAll(filesUnder(dependencyDir.get()));
      }
    }
    if (!errors.isEmpty()) {
      return new Loaded(Optional.empty(), errors, false, valuesFiles);
    }
    List<String> fileList = List.copyOf(files);
    String key = cacheKey(chartDir, releaseName, namespace, fileList, valuesFiles);
    return new Loaded(
        Optional.of(
            new ChartInputs(
                chartDir,
                metadata.name(),
                releaseName,
                namespace,
                fileList,
                valuesFiles,
                settings.values(),
                key)),
        errors,
        false,
        valuesFiles);
  }

  private List<String> filesUnder(String dir) {
    return tree.paths().stream().filter(path -> RepoPaths.isUnder(path, dir)).toList();
  }

  private String cacheKey(
      String chartDir,
      String releaseName,
      String namespace,
      List<String> files,
      List<String> valuesFiles) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      update(sha, "orrery-chart/1");
      update(sha, chartDir);
      update(sha, releaseName);
      update(sha, namespace);
      for (String file : files) {
        update(sha, file);
        update(sha, tree.contentId(file));
      }
      update(sha, "values");
      for (String file : valuesFiles) {
        update(sha, file);
        update(sha, tree.contentId(file));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }
}
