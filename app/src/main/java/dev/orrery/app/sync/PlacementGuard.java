package dev.orrery.app.sync;

import dev.orrery.app.plan.PlacementPreview;
import dev.orrery.placement.binding.DeletionGuard;
import dev.orrery.placement.match.Cluster;
import dev.orrery.renderer.DesiredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deletion guard over placements, purely: how many (object, cluster) placements a GitSource's
 * revision would remove, whether by deleting objects or by changing or deleting BindingPolicies,
 * and whether that is more than the configured share. Placements are what the BindingPolicies of
 * the WDS (the source's own as its applied revision renders them, and the others as the WDS has
 * them) make of the source's objects on the ITS's clusters, evaluated by {@link PlacementPreview}.
 */
public final class PlacementGuard {
  private PlacementGuard() {}

  /**
   * Everything the verdict depends on.
   *
   * @param applied the objects of the revision applied today (the source's policies among them)
   * @param next the objects of the new revision
   * @param otherPolicies the WDS's BindingPolicies that do not come from this source
   * @param clusters the ITS's clusters
   * @param defaultNamespace the GitSource's namespace (for objects that name none)
   * @param maxRemovedShare {@code orrery.max-removed-placement-share}
   * @param revision the new revision (to name in the confirmation)
   * @param confirmed whether the GitSource confirms this revision's deletions
   */
  public record Input(
      List<DesiredObject> applied,
      List<DesiredObject> next,
      List<DesiredObject> otherPolicies,
      List<Cluster> clusters,
      String defaultNamespace,
      double maxRemovedShare,
      String revision,
      boolean confirmed) {}

  /**
   * The verdict.
   *
   * @param before placements of the applied revision
   * @param removed how many of them the new revision removes
   * @param example one removed placement ({@code Kind namespace/name on cluster}), or {@code ""}
   * @param held whether the revision is held until confirmed
   * @param message why it is held and how to confirm, or {@code ""}
   */
  public record Verdict(int before, int removed, String example, boolean held, String message) {}

  public static Verdict evaluate(Input in) {
    Map<String, PlacementPreview.Placement> before = placements(in.applied(), in);
    Map<String, PlacementPreview.Placement> after = placements(in.next(), in);
    List<PlacementPreview.Placement> removed = new ArrayList<>();
    before.forEach(
        (key, p) -> {
          if (!after.containsKey(key)) {
            removed.add(p);
          }
        });
    String example = removed.isEmpty() ? "" : removed.get(0).describe();
    DeletionGuard guard = new DeletionGuard(in.maxRemovedShare());
    boolean held = !in.confirmed() && guard.holds(removed.size(), before.size());
    String message =
        held
            ? "deletion guard: this revision "
                + guard.describe(
                    removed.size(),
                    before.size(),
                    "placements of this source's objects on clusters")
                + ", e.g. "
                + example
                + "; nothing of it is applied until confirmed with annotation gitops.orrery.dev/confirm-deletions="
                + in.revision()
            : "";
    return new Verdict(before.size(), removed.size(), example, held, message);
  }

  private static Map<String, PlacementPreview.Placement> placements(
      List<DesiredObject> objects, Input in) {
    List<DesiredObject> all = new ArrayList<>(objects);
    all.addAll(in.otherPolicies());
    return PlacementPreview.placements(all, in.clusters(), in.defaultNamespace());
  }
}
