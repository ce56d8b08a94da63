package dev.orrery.renderer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a revision of a repository into its ordered desired objects, or rejects it with every
 * error found.
 *
 * <p><b>What is read.</b> Every {@code *.yaml}, {@code *.yml} and {@code *.json} file under the
 * requested paths, except files hidden by {@code .orreryignore} (see {@link IgnoreRules}) and files
 * inside a Helm chart. A directory holding {@code Chart.yaml} (the outermost one, when charts nest)
 * is a chart: it is rendered with Helm as a whole, with its optional {@code orrery.yaml} ({@code
 * releaseName}, default the directory name; {@code namespace}, default the request's {@code
 * defaultNamespace}; {@code valuesFiles} relative to the chart; inline {@code values}, applied
 * last); see {@link HelmChartRenderer} for Helm details and for how the release namespace is put on
 * namespaced objects that have none. {@code .orreryignore} decides which charts exist (ignore a
 * chart's directory to skip it) but not which files of a chart Helm sees: that is {@code
 * .helmignore}'s job. Library charts render to nothing. A requested path inside a chart selects the
 * whole chart. Files that a chart's {@code orrery.yaml} names as values files are values, not
 * manifests, wherever they are.
 *
 * <p><b>Order.</b> Plain files and charts are ordered by path (a chart sorts where its directory
 * does); a file's objects keep document order, with {@code kind: List} items in place of the List;
 * a chart's objects keep Helm's order after its {@code crds/}.
 *
 * <p><b>Rejection.</b> Any error rejects the whole revision: {@link RenderResult#objects()} is
 * empty and {@link RenderResult#errors()} lists every problem, sorted by path and line: syntax
 * errors (at the line the parser names), documents that are not objects or lack {@code apiVersion},
 * {@code kind} or {@code metadata.name}, objects defined twice (same group, kind, namespace, name;
 * an object without namespace counts as being in {@code defaultNamespace} unless its kind is
 * cluster-scoped), requested paths that do not exist, bad {@code orrery.yaml} files, and charts
 * Helm cannot render (at the template and line Helm names, else line 1 of {@code Chart.yaml}). A
 * render therefore never silently drops objects, so callers may prune by it.
 *
 * <p><b>Limits.</b> Every render stays within its {@link RenderLimits} (files, bytes per file and
 * per render, YAML documents, nesting, nodes after alias expansion, aliases, Helm time and output):
 * content beyond them is an error at its path (and line, where there is one), so hostile content
 * costs bounded time and memory. Helm runs in a separate process ({@link HelmWorker}) that is
 * killed when it runs too long or prints too much. Entries the tree cannot offer as files ({@link
 * SourceTree#unreadable()}, such as symbolic links out of the repository or in a loop) are errors
 * when they lie where this render reads.
 *
 * <p><b>Caching.</b> Parse results are cached by {@link SourceTree#contentId}, chart renders by a
 * hash of the chart's release name, namespace and every (path, content id) Helm sees, in bounded
 * LRU caches owned by this instance; failed chart renders are not cached. {@link
 * RenderResult#stats()} reports the hits and misses. Instances are thread-safe; Helm runs are
 * serialized process-wide.
 */
public final class Renderer {

  /** Default bound of the parse cache, in files. */
  public static final int DEFAULT_MAX_CACHED_FILES = 20_000;

  /** Default bound of the chart cache, in chart renders. */
  public static final int DEFAULT_MAX_CACHED_CHARTS = 256;

  private static final Logger LOG = LoggerFactory.getLogger(Renderer.class);

  private final LruCache<String, ParsedFile> parsedFiles;
  private final LruCache<String, ChartOutput> renderedCharts;
  private final RenderLimits limits;
  private final ManifestParser parser;
  private final HelmChartRenderer helm;

  /**
   * A renderer with default cache bounds and {@link RenderLimits#DEFAULTS}, using the system
   * temporary directory for Helm.
   */
  public Renderer() {
    this(RenderLimits.DEFAULTS);
  }

  /**
   * A renderer with default cache bounds and the given limits, using the system temporary directory
   * for Helm.
   */
  public Renderer(RenderLimits limits) {
    this(DEFAULT_MAX_CACHED_FILES, DEFAULT_MAX_CACHED_CHARTS, null, true, limits);
  }

  /**
   * A renderer with the given cache bounds (0 disables a cache) whose Helm work directories go
   * under {@code temporaryDirectory} ({@code null} for the system temporary directory).
   */
  public Renderer(int maxCachedFiles, int maxCachedCharts, Path temporaryDirectory) {
    this(maxCachedFiles, maxCachedCharts, temporaryDirectory, true, RenderLimits.DEFAULTS);
  }

  private Renderer(
      int maxCachedFiles,
      int maxCachedCharts,
      Path temporaryDirectory,
      boolean fetchDependencies,
      RenderLimits limits) {
    this.parsedFiles = new LruCache<>(maxCachedFiles);
    this.renderedCharts = new LruCache<>(maxCachedCharts);
    this.limits = Objects.requireNonNull(limits, "limits");
    this.parser = new ManifestParser(limits);
    this.helm = new HelmChartRenderer(parser, temporaryDirectory, fetchDependencies, limits);
  }

  /**
   * A renderer for content nobody has merged yet, such as a pull request's head: it never reaches
   * out to the network, so Helm chart dependencies must be vendored in {@code charts/} (others are
   * reported as errors of the chart instead of fetched from whatever repository the content names).
   */
  public static Renderer forUntrustedContent() {
    return forUntrustedContent(RenderLimits.DEFAULTS);
  }

  /** {@link #forUntrustedContent()} with the given limits. */
  public static Renderer forUntrustedContent(RenderLimits limits) {
    return new Renderer(DEFAULT_MAX_CACHED_FILES, DEFAULT_MAX_CACHED_CHARTS, null, false, limits);
  }

  /** The limits every render of this renderer stays within. */
  public RenderLimits limits() {
    return limits;
  }

  /** True for the file names read as manifests: {@code .yaml}, {@code .yml}, {@code .json}. */
  public static boolean isManifestFile(String path) {
    String name = path.toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  /** Renders the request; never throws for problems in the tree, which become errors. */
  public RenderResult render(RenderRequest request) {
    long start = System.nanoTime();
    SourceTree tree = new BoundedSourceTree(request.tree(), limits);
    Counters counters = new Counters();
    List<RenderError> errors = new ArrayList<>();
    List<String> all = tree.paths();
    if (all.size() > limits.maxFiles()) {
      return rejected(
          List.of(
              new RenderError(
                  ".",
                  0,
                  "the revision has "
                      + all.size()
                      + " files, more than the limit of "
                      + limits.maxFiles()
                      + " (maxFiles)")),
          counters);
    }
    Set<String> pathSet = new HashSet<>(all);
    IgnoreRules ignoreRules;
    try {
      ignoreRules = IgnoreRules.load(tree);
    } catch (IOException | RuntimeException e) {
      return rejected(
          List.of(new RenderError(IgnoreRules.FILE_NAME, 0, "cannot read ignore file: " + e)),
          counters);
    }
    List<String> visible = all.stream().filter(path -> !ignoreRules.isIgnored(path)).toList();
    List<String> charts = ChartLocator.chartDirectories(visible);
    Selection selection = new Selection(request.paths(), charts);
    errors.addAll(selection.missing(visible, all));
    errors.addAll(unreadable(tree, ignoreRules, selection, charts));

    ChartInputsLoader loader = new ChartInputsLoader(tree, pathSet);
    Map<String, ChartInputsLoader.Loaded> loadedCharts = new LinkedHashMap<>();
    Set<String> valuesFiles = new HashSet<>();
    for (String chart : charts) {
      ChartInputsLoader.Loaded loaded;
      try {
        loaded = loader.load(chart, request.defaultNamespace());
      } catch (UncheckedIOException e) {
        RenderError error =
            new RenderError(
                RepoPaths.join(chart, ChartLocator.CHART_FILE),
                0,
                "cannot read chart: " + e.getMessage());
        loaded = new ChartInputsLoader.Loaded(Optional.empty(), List.of(error), false, List.of());
      }
      loadedCharts.put(chart, loaded);
      valuesFiles.addAll(loaded.valuesFiles());
    }

    List<Unit> units = new ArrayList<>();
    for (String path : visible) {
      if (isManifestFile(path)
          && !valuesFiles.contains(path)
          && ChartLocator.enclosingChart(charts, path) == null
          && selection.includesFile(path)) {
        units.add(renderFile(tree, path, counters, errors));
      }
    }
    loadedCharts.forEach(
        (chart, loaded) -> {
          if (selection.includesChart(chart)) {
            units.add(renderChart(tree, pathSet, chart, loaded, counters, errors));
          }
        });
    units.sort(Comparator.comparing(Unit::sortKey));
    List<DesiredObject> objects = new ArrayList<>();
    List<ChartRelease> releases = new ArrayList<>();
    units.forEach(
        unit -> {
          objects.addAll(unit.objects());
          if (unit.release() != null) {
            releases.add(unit.release());
          }
        });
    errors.addAll(DuplicateObjects.find(objects, request.defaultNamespace()));

    RenderResult result =
        errors.isEmpty()
            ? new RenderResult(objects, List.of(), counters.stats(), releases)
            : rejected(errors, counters);
    LOG.debug(
        "rendered {} objects with {} errors in {} ms ({})",
        result.objects().size(),
        result.errors().size(),
        (System.nanoTime() - start) / 1_000_000,
        result.stats());
    return result;
  }

  /** The entries the tree could not offer as files that this render would have read. */
  private static List<RenderError> unreadable(
      SourceTree tree, IgnoreRules ignoreRules, Selection selection, List<String> charts) {
    List<RenderError> errors = new ArrayList<>();
    tree.unreadable()
        .forEach(
            (path, reason) -> {
              String chart = ChartLocator.enclosingChart(charts, path);
              boolean read =
                  chart == null ? selection.includesFile(path) : selection.includesChart(chart);
              if (read && !ignoreRules.isIgnored(path)) {
                errors.add(
                    new RenderError(
                        path,
                        0,
                        reason + " (list it in " + IgnoreRules.FILE_NAME + " to leave it out)"));
              }
            });
    return errors;
  }

  private Unit renderFile(
      SourceTree tree, String path, Counters counters, List<RenderError> errors) {
    ParsedFile parsed;
    try {
      String contentId = tree.contentId(path);
      parsed = parsedFiles.get(contentId);
      if (parsed == null) {
        parsed = parser.parse(tree.read(path));
        parsedFiles.put(contentId, parsed);
        counters.filesParsed++;
      } else {
        counters.filesFromCache++;
      }
    } catch (IOException | UncheckedIOException e) {
      errors.add(new RenderError(path, 0, "cannot read file: " + e.getMessage()));
      return new Unit(path, List.of());
    }
    parsed.problems().forEach(problem -> errors.add(problem.at(path, 0)));
    return new Unit(path, parsed.manifests().stream().map(m -> m.at(path, 0)).toList());
  }

  private Unit renderChart(
      SourceTree tree,
      Set<String> pathSet,
      String chart,
      ChartInputsLoader.Loaded loaded,
      Counters counters,
      List<RenderError> errors) {
    String sortKey = chart.isEmpty() ? "" : chart + "/";
    errors.addAll(loaded.errors());
    Optional<ChartInputs> inputs = loaded.inputs();
    if (inputs.isEmpty()) {
      return new Unit(sortKey, List.of());
    }
    ChartOutput output = renderedCharts.get(inputs.get().cacheKey());
    if (output != null) {
      counters.chartsFromCache++;
    } else {
      counters.chartsRendered++;
      output = helm.render(tree, pathSet, inputs.get());
      if (output.errors().isEmpty()) {
        renderedCharts.put(inputs.get().cacheKey(), output);
      }
    }
    errors.addAll(output.errors());
    return new Unit(sortKey, output.objects(), output.release());
  }

  private static RenderResult rejected(List<RenderError> errors, Counters counters) {
    List<RenderError> sorted = new ArrayList<>(errors);
    sorted.sort(
        Comparator.comparing(RenderError::path)
            .thenComparingInt(RenderError::line)
            .thenComparing(RenderError::message));
    return new RenderResult(List.of(), sorted, counters.stats());
  }

  /** The objects of one file or chart and the key that orders it among the others. */
  private record Unit(String sortKey, List<DesiredObject> objects, ChartRelease release) {
    Unit(String sortKey, List<DesiredObject> objects) {
      this(sortKey, objects, null);
    }
  }

  /** Mutable counters of one render. */
  private static final class Counters {
    int filesParsed;
    int filesFromCache;
    int chartsRendered;
    int chartsFromCache;

    RenderStats stats() {
      return new RenderStats(filesParsed, filesFromCache, chartsRendered, chartsFromCache);
    }
  }

  /** Which files and charts the requested paths select. */
  private record Selection(List<String> requested, List<String> charts) {

    boolean includesFile(String path) {
      return requested.isEmpty()
          || requested.stream().anyMatch(dir -> RepoPaths.isUnder(path, dir));
    }

    boolean includesChart(String chart) {
      return requested.isEmpty()
          || requested.stream()
              .anyMatch(p -> RepoPaths.isUnder(chart, p) || RepoPaths.isUnder(p, chart));
    }

    List<RenderError> missing(List<String> visible, List<String> all) {
      List<RenderError> errors = new ArrayList<>();
      for (String path : requested) {
        boolean exists =
            visible.stream().anyMatch(file -> RepoPaths.isUnder(file, path))
                || charts.stream().anyMatch(chart -> RepoPaths.isUnder(path, chart))
                    && all.stream().anyMatch(file -> RepoPaths.isUnder(file, path));
        if (!exists) {
          errors.add(
              new RenderError(
                  path, 0, "requested path does not exist in this revision or is ignored"));
        }
      }
      return errors;
    }
  }
}
