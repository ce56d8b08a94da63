package dev.orrery.app.sync;

import dev.orrery.controller.ResourceType;
import dev.orrery.placement.binding.DeletionGuard;
import dev.orrery.renderer.DesiredObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plans one reconcile of a GitSource, purely: desired objects and the previous inventory in, {@link
 * SyncPlan} out. Objects whose content hash equals the inventory's are not applied again, so a
 * one-file change applies only the objects of that file.
 */
public final class SyncPlanner {
  public static final String SOURCE_LABEL = "gitops.orrery.dev/source";
  public static final String REVISION_ANNOTATION = "gitops.orrery.dev/revision";
  public static final String PATH_ANNOTATION = "gitops.orrery.dev/path";
  static final String CRD_API_VERSION = "apiextensions.k8s.io/v1";

  /** Everything one plan depends on besides the desired objects. */
  public record Input(
      String sourceNamespace,
      String sourceName,
      String revision,
      Inventory previous,
      ResourceTypes types,
      boolean prune,
      double maxDeleteRatio,
      boolean deletionsConfirmed) {}

  public SyncPlan plan(List<DesiredObject> desired, Input in) {
    ResourceTypes types = withCrdsOf(desired, in.types());
    List<String> errors = new ArrayList<>();
    List<PlannedObject> planned = new ArrayList<>();
    for (DesiredObject object : desired) {
      Optional<ResourceType> type = types.find(object.apiVersion(), object.kind());
      if (type.isEmpty()) {
        errors.add(
            object.location()
                + ": no resource type "
                + object.apiVersion()
                + " "
                + object.kind()
                + " in the WDS (missing CRD?)");
        continue;
      }
      planned.add(plan(object, type.get(), in));
    }
    if (!errors.isEmpty()) {
      return SyncPlan.rejected(errors);
    }
    planned.sort(Comparator.comparingInt(SyncPlanner::applyRank));

    List<PlannedObject> apply = new ArrayList<>();
    List<PlannedObject> unchanged = new ArrayList<>();
    for (PlannedObject p : planned) {
      InventoryEntry before = in.previous().entries().get(p.entry().id());
      (before != null
                  && before.hash().equals(p.hash())
                  && before.apiVersion().equals(p.type().apiVersion())
              ? unchanged
              : apply)
          .add(p);
    }

    Set<String> wanted = planned.stream().map(p -> p.entry().id()).collect(Collectors.toSet());
    List<InventoryEntry> prune =
        in.prune()
            ? in.previous().entries().values().stream()
                .filter(e -> !wanted.contains(e.id()))
                .sorted(
                    Comparator.comparingInt(SyncPlanner::deleteRank)
                        .thenComparing(InventoryEntry::id))
                .toList()
            : List.of();
    int before = in.previous().size();
    DeletionGuard guard = new DeletionGuard(in.maxDeleteRatio());
    boolean held = !in.deletionsConfirmed() && guard.holds(prune.size(), before);
    String message =
        held
            ? "deletion guard: this revision "
                + guard.describe(prune.size(), before, "objects")
                + "; confirm with annotation gitops.orrery.dev/confirm-deletions="
                + in.revision()
            : "";
    return new SyncPlan(apply, unchanged, prune, List.of(), held, message);
  }

  private static PlannedObject plan(DesiredObject object, ResourceType type, Input in) {
    Map<String, Object> manifest = Maps.deepCopy(object.content());
    Map<String, Object> metadata = Maps.child(manifest, "metadata");
    if (type.namespaced()) {
      if (!(metadata.get("namespace") instanceof String ns) || ns.isEmpty()) {
        metadata.put("namespace", in.sourceNamespace());
      }
    } else {
      metadata.remove("namespace");
    }
    Maps.child(metadata, "labels").put(SOURCE_LABEL, in.sourceNamespace() + "." + in.sourceName());
    Map<String, Object> annotations = Maps.child(metadata, "annotations");
    annotations.put(PATH_ANNOTATION, object.path());
    String hash = ContentHash.of(manifest);
    annotations.put(REVISION_ANNOTATION, in.revision());
    return new PlannedObject(type, manifest, object.path(), object.line(), hash);
  }

  /** Types defined by CRDs in the same revision resolve before those CRDs reach the WDS. */
  private static ResourceTypes withCrdsOf(List<DesiredObject> desired, ResourceTypes discovered) {
    Map<String, ResourceType> fromCrds = new HashMap<>();
    for (DesiredObject o : desired) {
      if (CRD_API_VERSION.equals(o.apiVersion()) && "CustomResourceDefinition".equals(o.kind())) {
        Map<?, ?> spec = o.content().get("spec") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> names = spec.get("names") instanceof Map<?, ?> m ? m : Map.of();
        boolean namespaced = "Namespaced".equals(spec.get("scope"));
        if (spec.get("versions") instanceof List<?> versions) {
          for (Object v : versions) {
            if (v instanceof Map<?, ?> version && Boolean.TRUE.equals(version.get("served"))) {
              ResourceType t =
                  new ResourceType(
                      String.valueOf(spec.get("group")),
                      String.valueOf(version.get("name")),
                      String.valueOf(names.get("kind")),
                      String.valueOf(names.get("plural")),
                      namespaced);
              fromCrds.put(t.apiVersion() + "|" + t.kind(), t);
            }
          }
        }
      }
    }
    return (apiVersion, kind) ->
        discovered
            .find(apiVersion, kind)
            .or(() -> Optional.ofNullable(fromCrds.get(apiVersion + "|" + kind)));
  }

  /**
   * Whether the object is a CustomResourceDefinition (applied first, awaited until Established).
   */
  public static boolean isCrd(PlannedObject p) {
    return applyRank(p) == 0;
  }

  static int applyRank(PlannedObject p) {
    return rank(p.type().apiVersion(), p.type().kind(), p.type().namespaced());
  }

  private static int deleteRank(InventoryEntry e) {
    return -rank(e.apiVersion(), e.kind(), !e.namespace().isEmpty());
  }

  private static int rank(String apiVersion, String kind, boolean namespaced) {
    if (CRD_API_VERSION.equals(apiVersion) && "CustomResourceDefinition".equals(kind)) {
      return 0;
    }
    if ("v1".equals(apiVersion) && "Namespace".equals(kind)) {
      return 1;
    }
    return namespaced ? 3 : 2;
  }
}
