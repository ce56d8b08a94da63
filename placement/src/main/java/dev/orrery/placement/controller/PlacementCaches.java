package dev.orrery.placement.controller;

import dev.orrery.placement.binding.BindingContent;
import dev.orrery.placement.binding.BindingSpecReader;
import dev.orrery.placement.match.Cluster;
import dev.orrery.placement.transport.CustomTransform;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The informer caches placement reads from: WDS objects and KubeStellar kinds, ITS clusters and ManifestWorks. */
final class PlacementCaches {
  final WdsObjectCache objects;
  SharedIndexInformer<GenericKubernetesResource> policies;
  SharedIndexInformer<GenericKubernetesResource> bindings;
  SharedIndexInformer<GenericKubernetesResource> transforms;
  SharedIndexInformer<GenericKubernetesResource> collectors;
  SharedIndexInformer<GenericKubernetesResource> clusters;
  SharedIndexInformer<GenericKubernetesResource> works;
  SharedIndexInformer<ConfigMap> properties;

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

  GenericKubernetesResource binding(String name) {
    return bindings.getStore().getByKey(name);
  }

  List<BindingContent> bindingContents() {
    List<BindingContent> out = new ArrayList<>();
    for (GenericKubernetesResource b : bindings.getStore().list()) {
      if (b.getMetadata().getDeletionTimestamp() == null) {
        out.add(BindingSpecReader.read(Unstructureds.map(b.getAdditionalProperties().get("spec"))));
      }
    }
    return out;
  }

  List<Cluster> clusters() {
    return clusters.getStore().list().stream()
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .map(c -> Cluster.fromManagedCluster(Unstructureds.toMap(c))).toList();
  }

  Optional<Cluster> cluster(String name) {
    return Optional.ofNullable(clusters.getStore().getByKey(name))
        .map(c -> Cluster.fromManagedCluster(Unstructureds.toMap(c)));
  }

  Map<String, String> clusterProperties(String cluster) {
    ConfigMap cm = properties.getStore().getByKey("customization-properties/" + cluster);
    return cm == null || cm.getData() == null ? Map.of() : cm.getData();
  }

  List<CustomTransform> customTransforms() {
    List<CustomTransform> out = new ArrayList<>();
    for (GenericKubernetesResource t : transforms.getStore().list()) {
      try {
        out.add(CustomTransform.parse(t.getMetadata().getName(), Unstructureds.map(t.getAdditionalProperties().get("spec"))));
      } catch (RuntimeException invalid) {
        // Reported in the CustomTransform's own status by the transform status writer.
      }
    }
    return out;
  }

  /** ManifestWorks of one Binding, in every mailbox. */
  List<GenericKubernetesResource> worksOf(String binding) {
    return works.getStore().list().stream()
        .filter(w -> w.getMetadata().getLabels() != null && binding.equals(w.getMetadata().getLabels().get(Apis.BINDING_KEY_LABEL)))
        .toList();
  }

  List<GenericKubernetesResource> allWorks() {
    return works.getStore().list();
  }
}
