package dev.orrery.app.preview;

import dev.orrery.app.gitsource.Revisions;
import dev.orrery.app.plan.PlacementPreview;
import dev.orrery.app.plan.RolloutWaves;
import dev.orrery.app.report.forge.CommitStatus;
import dev.orrery.placement.rollout.Wave;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pull-request comment and the {@code orrery/preview} commit status for a preview, purely: per
 * GitSource and per cluster the objects added, changed and removed, the errors that would reject
 * the head with their file and line, and the deletion guard's verdict.
 */
public final class PreviewComment {
  /** The commit status context of previews. */
  public static final String CONTEXT = "orrery/preview";

  private static final int MAX_ERRORS = 50;
  private static final int MAX_LISTED = 200;
  private static final int MAX_NAMED_CLUSTERS = 3;

  private PreviewComment() {}

  /**
   * The comment body (Markdown) for {@code headSha}; {@code problems} are sources that could not be
   * previewed.
   */
  public static String body(String headSha, List<SourcePreview> previews, List<String> problems) {
    StringBuilder out = new StringBuilder();
    out.append("### Orrery placement preview\n\n");
    out.append("For head `")
        .append(Revisions.shortForm(headSha))
        .append("`, against the clusters of the ITS as they are now.\n");
    for (SourcePreview p : previews) {
      out.append("\n#### GitSource `").append(p.source()).append("`\n\n");
      out.append(
          p.baseRevision() == null
              ? "Nothing is applied from this GitSource yet; every object is new.\n"
              : "Compared with `"
                  + Revisions.shortForm(p.baseRevision())
                  + "`, the revision applied today.\n");
      if (!p.valid()) {
        appendErrors(out, p.errors());
      } else {
        appendClusters(out, p.placement().clusters());
        appendWaves(out, p.placement().rollouts());
      }
      out.append("\n**Deletion guard**: ").append(p.deletions().sentence()).append('\n');
      if (!p.deletions().deleted().isEmpty()) {
        appendList(out, p.deletions().deleted().stream().map(d -> "`" + d + "`").toList());
      }
    }
    for (String problem : problems) {
      out.append("\n:warning: ").append(problem).append('\n');
    }
    return out.toString();
  }

  /**
   * {@code failure} when a source would reject the head, {@code error} when one could not be
   * previewed.
   */
  public static CommitStatus status(List<SourcePreview> previews, List<String> problems) {
    long rejected = previews.stream().filter(p -> !p.valid()).count();
    if (rejected > 0) {
      SourcePreview first = previews.stream().filter(p -> !p.valid()).findFirst().orElseThrow();
      return new CommitStatus(
          CommitStatus.State.FAILURE,
          CONTEXT,
          String.format(
              Locale.ROOT,
              "would be rejected: %d error(s), first %s",
              first.errors().size(),
              first.errors().get(0)),
          null);
    }
    if (!problems.isEmpty()) {
      return new CommitStatus(CommitStatus.State.ERROR, CONTEXT, problems.get(0), null);
    }
    int added = 0;
    int changed = 0;
    int removed = 0;
    java.util.Set<String> clusters = new java.util.TreeSet<>();
    for (SourcePreview p : previews) {
      for (Map.Entry<String, List<PlacementPreview.Entry>> c :
          p.placement().clusters().entrySet()) {
        for (PlacementPreview.Entry e : c.getValue()) {
          switch (e.change()) {
            case "added" -> added++;
            case "changed" -> changed++;
            case "removed" -> removed++;
            default -> {
              continue;
            }
          }
          clusters.add(c.getKey());
        }
      }
    }
    long held = previews.stream().filter(p -> p.deletions().held()).count();
    String description =
        clusters.isEmpty()
            ? "valid; no cluster changes"
            : String.format(
                Locale.ROOT,
                "valid; %d cluster(s) change: %d added, %d changed, %d removed",
                clusters.size(),
                added,
                changed,
                removed);
    if (held > 0) {
      description += "; the deletion guard would hold it";
    }
    return new CommitStatus(CommitStatus.State.SUCCESS, CONTEXT, description, null);
  }

  /**
   * For each BindingPolicy a RolloutPolicy governs, its waves: changes reach the clusters of a wave
   * only after the waves before it are healthy.
   */
  private static void appendWaves(StringBuilder out, RolloutWaves.Result rollouts) {
    if (!rollouts.policies().isEmpty()) {
      out.append("\n**Rollout waves**: changes reach a wave only once the waves before it are")
          .append(" healthy.\n\n| BindingPolicy | RolloutPolicy | wave | clusters |\n")
          .append("|---|---|---|---|\n");
      for (RolloutWaves.PolicyWaves p : rollouts.policies()) {
        for (int i = 0; i < p.waves().size(); i++) {
          Wave w = p.waves().get(i);
          out.append("| `")
              .append(p.bindingPolicy())
              .append("` | `")
              .append(p.rolloutPolicy())
              .append('`')
              .append("WDS".equals(p.from()) ? " (WDS)" : "")
              .append(" | ")
              .append(i + 1)
              .append(" (")
              .append(w.name())
              .append(") | ")
              .append(names(w.clusters()))
              .append(" |\n");
        }
      }
    }
    rollouts.notes().forEach(n -> out.append("\n:warning: ").append(n).append('\n'));
  }

  private static void appendErrors(StringBuilder out, List<String> errors) {
    out.append("\n:x: **This revision would be rejected** (the revision applied today stays): ")
        .append(errors.size())
        .append(" error(s)\n\n");
    errors.stream()
        .limit(MAX_ERRORS)
        .forEach(e -> out.append("- ").append(location(e)).append('\n'));
    if (errors.size() > MAX_ERRORS) {
      out.append("- … and ").append(errors.size() - MAX_ERRORS).append(" more\n");
    }
  }

  /** {@code path:line: message} with the location in code style. */
  private static String location(String error) {
    int colon = error.indexOf(": ");
    return colon > 0 && error.substring(0, colon).matches("[^\\s`]+:\\d+")
        ? "`" + error.substring(0, colon) + "`" + error.substring(colon)
        : error;
  }

  /**
   * One row per group of clusters that would see exactly the same changes (a fleet of hundreds of
   * alike clusters is a few rows), the details of each group, and one line for the clusters with no
   * change.
   */
  private static void appendClusters(
      StringBuilder out, Map<String, List<PlacementPreview.Entry>> clusters) {
    if (clusters.isEmpty()) {
      out.append("\nThe ITS has no clusters.\n");
      return;
    }
    Map<List<String>, List<String>> groups = new LinkedHashMap<>();
    Map<List<String>, long[]> counts = new LinkedHashMap<>();
    List<String> unchangedClusters = new ArrayList<>();
    clusters.forEach(
        (cluster, entries) -> {
          long[] n = new long[4];
          List<String> lines = new ArrayList<>();
          for (PlacementPreview.Entry e : entries) {
            switch (e.change()) {
              case "added" -> n[0]++;
              case "changed" -> n[1]++;
              case "removed" -> n[2]++;
              default -> n[3]++;
            }
            if (!"unchanged".equals(e.change())) {
              lines.add(e.change() + " `" + describe(e) + "`");
            }
          }
          if (lines.isEmpty()) {
            unchangedClusters.add(cluster);
            return;
          }
          List<String> key = new ArrayList<>(lines);
          key.add("unchanged " + n[3]);
          groups.computeIfAbsent(key, k -> new ArrayList<>()).add(cluster);
          counts.put(key, n);
        });
    if (!groups.isEmpty()) {
      out.append(
          "\n| clusters | added | changed | removed | unchanged |\n|---|---:|---:|---:|---:|\n");
      groups.forEach(
          (key, members) -> {
            long[] n = counts.get(key);
            out.append("| ")
                .append(names(members))
                .append(" | ")
                .append(n[0])
                .append(" | ")
                .append(n[1])
                .append(" | ")
                .append(n[2])
                .append(" | ")
                .append(n[3])
                .append(" |\n");
          });
      groups.forEach(
          (key, members) -> {
            out.append("\n<details><summary>").append(names(members)).append("</summary>\n\n");
            if (members.size() > MAX_NAMED_CLUSTERS) {
              out.append("Clusters: ")
                  .append(
                      String.join(", ", members.subList(0, Math.min(members.size(), MAX_LISTED))))
                  .append(members.size() > MAX_LISTED ? ", …" : "")
                  .append("\n\n");
            }
            appendList(out, key.subList(0, key.size() - 1));
            out.append("\n</details>\n");
          });
    }
    if (!unchangedClusters.isEmpty()) {
      out.append("\nNo change on ").append(names(unchangedClusters)).append(".\n");
    }
  }

  /**
   * {@code a}, {@code a, b}, up to three names, then {@code a, b, c and 497 more (500 clusters)}.
   */
  private static String names(List<String> clusters) {
    if (clusters.size() <= MAX_NAMED_CLUSTERS) {
      return String.join(", ", clusters);
    }
    return String.join(", ", clusters.subList(0, MAX_NAMED_CLUSTERS))
        + " and "
        + (clusters.size() - MAX_NAMED_CLUSTERS)
        + " more ("
        + clusters.size()
        + " clusters)";
  }

  private static void appendList(StringBuilder out, List<String> items) {
    items.stream().limit(MAX_LISTED).forEach(i -> out.append("- ").append(i).append('\n'));
    if (items.size() > MAX_LISTED) {
      out.append("- … and ").append(items.size() - MAX_LISTED).append(" more\n");
    }
  }

  private static String describe(PlacementPreview.Entry e) {
    String apiVersion = e.group().isEmpty() ? e.version() : e.group() + "/" + e.version();
    return apiVersion
        + " "
        + e.kind()
        + " "
        + (e.namespace().isEmpty() ? e.name() : e.namespace() + "/" + e.name());
  }
}
