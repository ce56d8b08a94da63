package dev.orrery.renderer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Renders one chart with the Helm engine (helm-java's native Helm library, {@code helm template}
 * semantics, client-only).
 *
 * <p>Steps: write the chart's files (and its {@code file://} dependencies) into a private temporary
 * directory at their repository paths; write each values file and the inline values to files of
 * their own (inline values last, so they win); run Helm in the {@link HelmWorker} process, within
 * {@link RenderLimits#helmTimeout} and {@link RenderLimits#maxHelmOutputBytes} (see {@link
 * HelmInvocation} for dependencies); delete the directory. Helm runs are serialized process-wide.
 *
 * <p>Output: the top chart's {@code crds/} files first (Helm installs them before templates, and
 * {@code helm template} does not print them), then Helm's manifests in Helm's order (its install
 * order by kind), each located by {@link HelmOutputReader}. Hooks are not part of the output.
 * Objects are left as Helm rendered them, except that when the release has a namespace, an object
 * without {@code metadata.namespace} whose kind is not known to be cluster-scoped (see {@link
 * ResourceScopes}) gets the release namespace, which is where {@code helm install} would put it.
 * With the objects comes the {@link ChartRelease} Helm would have recorded ({@link
 * ChartReleaseReader}).
 */
final class HelmChartRenderer {

  private static final Logger LOG = LoggerFactory.getLogger(HelmChartRenderer.class);

  private final ManifestParser parser;
  private final Path temporaryRoot;
  private final boolean fetchDependencies;
  private final RenderLimits limits;

  /**
   * {@code fetchDependencies}: whether dependencies not vendored in {@code charts/} are fetched
   * from their repositories.
   */
  HelmChartRenderer(
      ManifestParser parser, Path temporaryRoot, boolean fetchDependencies, RenderLimits limits) {
    this.parser = parser;
    this.temporaryRoot = temporaryRoot;
    this.fetchDependencies = fetchDependencies;
    this.limits = limits;
  }

  ChartOutput render(SourceTree tree, Set<String> pathSet, ChartInputs inputs) {
    Path work = null;
    try {
      work =
          temporaryRoot == null
              ? Files.createTempDirectory("orrery-chart-")
              : Files.createTempDirectory(temporaryRoot, "orrery-chart-");
      Path treeRoot = work.resolve("tree");
      for (String file : inputs.files()) {
        if (!RepoPaths.isNormalized(file)) {
          throw new IOException("refusing to materialize unsafe path '" + file + "'");
        }
        write(treeRoot.resolve(file), tree.read(file));
      }
      List<Path> valuesFiles = writeValues(tree, inputs, work.resolve("values"));
      Path chartPath = inputs.chartDir().isEmpty() ? treeRoot : treeRoot.resolve(inputs.chartDir());
      TemplatePathMapper mapper =
          TemplatePathMapper.forChart(tree, pathSet, inputs.chartDir(), inputs.chartName());
      String manifest;
      try {
        manifest = runHelm(chartPath, inputs, valuesFiles);
      } catch (HelmWorker.HelmRunException e) {
        return ChartOutput.failed(helmError(inputs, mapper, pathSet, e));
      }
      return assemble(tree, inputs, mapper, manifest);
    } catch (BoundedSourceTree.LimitExceededException e) {
      return ChartOutput.failed(new RenderError(e.path(), 0, e.getMessage()));
    } catch (IOException e) {
      return ChartOutput.failed(
          new RenderError(
              inputs.chartFile(),
              0,
              "cannot prepare chart '" + inputs.chartDir() + "' for Helm: " + e));
    } finally {
      deleteQuietly(work);
    }
  }

  private ChartOutput assemble(
      SourceTree tree, ChartInputs inputs, TemplatePathMapper mapper, String manifest)
      throws IOException {
    List<DesiredObject> objects = new ArrayList<>();
    List<RenderError> errors = new ArrayList<>();
    String crdsDir = RepoPaths.join(inputs.chartDir(), "crds");
    for (String file : inputs.files()) {
      if (RepoPaths.isUnder(file, crdsDir) && Renderer.isManifestFile(file)) {
        ParsedFile parsed = parser.parse(tree.read(file));
        parsed.manifests().forEach(m -> objects.add(m.at(file, 0)));
        parsed.problems().forEach(p -> errors.add(p.at(file, 0)));
      }
    }
    Function<String, Optional<String>> templateText =
        path -> {
          if (!inputs.files().contains(path)) {
            return Optional.empty();
          }
          try {
            return Optional.of(YamlSupport.decode(tree.read(path)));
          } catch (IOException | YamlSupport.ProblemException | RuntimeException e) {
            return Optional.empty();
          }
        };
    ChartOutput rendered =
        new HelmOutputReader(parser, templateText).read(manifest, mapper, inputs.chartFile());
    objects.addAll(rendered.objects());
    errors.addAll(rendered.errors());
    if (!errors.isEmpty()) {
      return new ChartOutput(List.of(), errors);
    }
    return new ChartOutput(defaultNamespaces(objects, inputs.namespace()), List.of())
        .withRelease(ChartReleaseReader.read(tree, inputs, manifest));
  }

  private static List<DesiredObject> defaultNamespaces(
      List<DesiredObject> objects, String namespace) {
    if (namespace.isEmpty()) {
      return objects;
    }
    ResourceScopes scopes = ResourceScopes.including(objects);
    List<DesiredObject> result = new ArrayList<>(objects.size());
    for (DesiredObject object : objects) {
      if (object.namespace().isEmpty() && !scopes.isClusterScoped(object.group(), object.kind())) {
        result.add(
            new DesiredObject(
                ImmutableValues.withNamespace(object.content(), namespace),
                object.path(),
                object.line()));
      } else {
        result.add(object);
      }
    }
    return result;
  }

  private static List<Path> writeValues(SourceTree tree, ChartInputs inputs, Path dir)
      throws IOException {
    List<Path> files = new ArrayList<>();
    Files.createDirectories(dir);
    for (String file : inputs.valuesFiles()) {
      Path target = dir.resolve("values-" + files.size() + ".yaml");
      write(target, tree.read(file));
      files.add(target);
    }
    if (!inputs.inlineValues().isEmpty()) {
      DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
      Path target = dir.resolve("values-inline.yaml");
      write(
          target,
          new Dump(settings).dumpToString(inputs.inlineValues()).getBytes(StandardCharsets.UTF_8));
      files.add(target);
    }
    return files;
  }

  private String runHelm(Path chartPath, ChartInputs inputs, List<Path> valuesFiles)
      throws HelmWorker.HelmRunException {
    long start = System.nanoTime();
    try {
      return HelmWorker.get()
          .run(
              new HelmInvocation(
                  chartPath,
                  inputs.releaseName(),
                  inputs.namespace(),
                  valuesFiles,
                  fetchDependencies),
              limits.helmTimeout(),
              limits.maxHelmOutputBytes());
    } finally {
      LOG.debug(
          "helm template {} took {} ms",
          inputs.chartDir(),
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  private static RenderError helmError(
      ChartInputs inputs, TemplatePathMapper mapper, Set<String> pathSet, Exception e) {
    String raw = e.getMessage() == null ? e.toString() : e.getMessage();
    String message =
        "Helm cannot render chart '"
            + (inputs.chartDir().isEmpty() ? "." : inputs.chartDir())
            + "': "
            + HelmErrorLocator.clean(raw);
    Optional<HelmErrorLocator.Location> location = HelmErrorLocator.locate(raw);
    if (location.isPresent()) {
      String path = mapper.repoPath(location.get().template());
      if (pathSet.contains(path)) {
        return new RenderError(path, Math.max(1, location.get().line()), message);
      }
    }
    return new RenderError(inputs.chartFile(), 1, message);
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Files.write(target, bytes);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  LOG.warn("cannot delete temporary file {}: {}", path, e.toString());
                }
              });
    } catch (IOException e) {
      LOG.warn("cannot delete temporary directory {}: {}", dir, e.toString());
    }
  }
}
