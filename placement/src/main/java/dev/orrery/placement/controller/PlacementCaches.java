package dev.orrery.placement.controller;

import dev.orrery.controller.ResourceType;
import dev.orrery.controller.Unstructureds;
import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingSpecReader;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.match.ClusterAvailability;
import dev.orrery.placement.match.Unstructured;
import dev.orrery.placement.match.WorkloadObject;
import dev.orrery.placement.transport.CustomTransform;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The informer caches placement reads from: WDS objects and KubeStellar kinds, ITS clusters and
 * ManifestWorks; Bindings and BindingPolicies parsed once per resourceVersion.
 */
final class PlacementCaches implements PlacementEventRouter.Sources {
  final WdsObjectCache objects;
  SharedIndexInformer<GenericKubernetesResource> policies;
  SharedIndexInformer<GenericKubernetesResource> bindings;
  SharedIndexInformer<GenericKubernetesResource> transforms;
  SharedIndexInformer<GenericKubernetesResource> collectors;
  SharedIndexInformer<GenericKubernetesResource> clusters;
  SharedIndexInformer<GenericKubernetesResource> works;
  SharedIndexInformer<ConfigMap> properties;
  SharedIndexInformer<GenericKubernetesResource> combinedStatuses;
  SharedIndexInformer<GenericKubernetesResource> rolloutPolicies;
  SharedIndexInformer<GenericKubernetesResource> bindingRevisions;

  /** Index of {@link #bindingRevisions} by the Binding they are revisions of. */
  static final String BY_BINDING = "binding";

  /**
   * Index of {@link #combinedStatuses} by the UID of the object they report on (the name's first
   * part).
   */
  static final String BY_OBJECT_UID = "object-uid";

  private final ParsedByVersion<BindingContent> parsedBindings =
      new ParsedByVersion<>(
          b -> BindingSpecReader.read(Unstructured.asMap(b.getAdditionalProperties().get("spec"))));
  private final ParsedByVersion<ParsedPolicy> parsedPolicies =
      new ParsedByVersion<>(ParsedPolicy::of);

  PlacementCaches(WdsObjectCache objects) {
    this.objects = objects;
  }

  WdsObjectCache objects() {
    return objects;
  }

  GenericKubernetesResource policy(String name) {
    return policies.getStore().getByKey(name);
  }

  List<GenericKubernetesResource> policies() {
    return policies.getStore().list();
  }

  /**
   * Every cached BindingPolicy (invalid ones too), parsed once per resourceVersion; empty before
   * the informer starts.
   */
  @Override
  public List<ParsedPolicy> parsedPolicies() {
    if (policies == null) {
      return List.of();
    }
    List<GenericKubernetesResource> all = policies();
    List<ParsedPolicy> out = new ArrayList<>(all.size());
    for (GenericKubernetesResource p : all) {
      out.add(parsedPolicy(p));
    }
    parsedPolicies.retain(all);
    return out;
  }

  /**
   * A BindingPolicy's typed spec, parsed once per resourceVersion (only the version the informer
   * holds is kept).
   */
  ParsedPolicy parsedPolicy(GenericKubernetesResource policy) {
    return parsedPolicies.get(
        policy,
        policies == null ? null : policies.getStore().getByKey(policy.getMetadata().getName()));
  }

  GenericKubernetesResource binding(String name) {
    return bindings.getStore().getByKey(name);
  }

  List<BindingContent> bindingContents() {
    List<BindingContent> out = new ArrayList<>();
    List<GenericKubernetesResource> all = bindings.getStore().list();
    for (GenericKubernetesResource b : all) {
      if (b.getMetadata().getDeletionTimestamp() == null) {
        out.add(content(b));
      }
    }
    parsedBindings.retain(all);
    return out;
  }

  /** Every cached Binding (those being deleted too) by name; empty before the informer starts. */
  @Override
  public Map<String, BindingContent> bindingsByName() {
    if (bindings == null) {
      return Map.of();
    }
    Map<String, BindingContent> out = new LinkedHashMap<>();
    for (GenericKubernetesResource b : bindings.getStore().list()) {
      out.put(b.getMetadata().getName(), content(b));
    }
    return out;
  }

  @Override
  public WorkloadObject workloadObject(ResourceType type, GenericKubernetesResource object) {
    return objects.workloadObject(type, object);
  }

  /**
   * The typed spec of a Binding, parsed once per resourceVersion: status returns and
   * CombinedStatuses read every Binding for every object, which must not mean parsing each again.
   * Only the version the informer holds is kept, so an event's older or deleted version does not
   * push out the current one.
   */
  @Override
  public BindingContent content(GenericKubernetesResource binding) {
    return parsedBindings.get(
        binding,
        bindings == null ? null : bindings.getStore().getByKey(binding.getMetadata().getName()));
  }

  List<Cluster> clusters() {
    return clusters.getStore().list().stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .map(c -> Cluster.fromManagedCluster(Unstructureds.toMap(c)))
        .toList();
  }

  Optional<Cluster> cluster(String name) {
    return Optional.ofNullable(clusters.getStore().getByKey(name))
        .map(c -> Cluster.fromManagedCluster(Unstructureds.toMap(c)));
  }

  /**
   * The clusters whose ManagedCluster reports them unavailable (OCM's lease-based {@code
   * ManagedClusterConditionAvailable} not {@code True}), with why; sorted by name.
   */
  Map<String, String> unavailableClusters() {
    Map<String, String> out = new java.util.TreeMap<>();
    if (clusters == null) {
      return out;
    }
    for (GenericKubernetesResource c : clusters.getStore().list()) {
      ClusterAvailability.unavailableReason(Unstructureds.view(c))
          .ifPresent(why -> out.put(c.getMetadata().getName(), why));
    }
    return out;
  }

  Map<String, String> clusterProperties(String cluster) {
    ConfigMap cm = properties.getStore().getByKey("customization-properties/" + cluster);
    return cm == null || cm.getData() == null ? Map.of() : cm.getData();
  }

  List<CustomTransform> customTransforms() {
    List<CustomTransform> out = new ArrayList<>();
    for (GenericKubernetesResource t : transforms.getStore().list()) {
      try {
        out.add(
            CustomTransform.parse(
                t.getMetadata().getName(),
                Unstructured.asMap(t.getAdditionalProperties().get("spec"))));
      } catch (RuntimeException invalid) {
        // Reported in the CustomTransform's own status by the transform status writer.
      }
    }
    return out;
  }

  /** The CombinedStatuses named {@code <objectUid>.<policyUid>} for one object. */
  List<GenericKubernetesResource> combinedStatusesOf(String objectUid) {
    return objectUid == null
        ? List.of()
        : combinedStatuses.getIndexer().byIndex(BY_OBJECT_UID, objectUid);
  }

  /** The object UID a CombinedStatus name starts with. */
  static List<String> objectUidOf(GenericKubernetesResource combinedStatus) {
    String name = combinedStatus.getMetadata().getName();
    int dot = name.indexOf('.');
    return dot <= 0 ? List.of() : List.of(name.substring(0, dot));
  }

  /** The BindingRevisions of one Binding (empty before the informer starts). */
  List<GenericKubernetesResource> revisionsOf(String binding) {
    return bindingRevisions == null
        ? List.of()
        : bindingRevisions.getIndexer().byIndex(BY_BINDING, binding);
  }

  /** The Binding a BindingRevision belongs to. */
  static List<String> bindingOf(GenericKubernetesResource revision) {
    String binding = BindingRevisions.binding(revision);
    return binding.isEmpty() ? List.of() : List.of(binding);
  }

  /** ManifestWorks of one Binding, in every mailbox. */
  List<GenericKubernetesResource> worksOf(String binding) {
    return works.getStore().list().stream()
        .filter(
            w ->
                w.getMetadata().getLabels() != null
                    && binding.equals(w.getMetadata().getLabels().get(Apis.BINDING_KEY_LABEL)))
        .toList();
  }

  List<GenericKubernetesResource> allWorks() {
    return works.getStore().list();
  }
}
