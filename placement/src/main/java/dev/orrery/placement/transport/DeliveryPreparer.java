package dev.orrery.placement.transport;

import dev.orrery.placement.match.ObjectKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Prepares a Binding's objects for one cluster: {@link ObjectCleaner}, then the matching {@link
 * CustomTransform}s (both once per Binding, see {@link #clean}), then {@link TemplateExpander} (per
 * cluster, see {@link #forCluster}). When expansion fails the previously delivered version of that
 * object (if any) is kept in place and the error is returned, instead of removing the object from
 * the cluster. Objects that need no expansion are shared, not copied, between clusters.
 */
public final class DeliveryPreparer {

  private DeliveryPreparer() {}

  /**
   * Prepares the objects for one cluster (cleaning, transforms and expansion in one go).
   *
   * @param objects the Binding's objects as read from the WDS
   * @param transforms all CustomTransforms (only those matching an object's group/resource apply)
   * @param properties the cluster's template properties
   * @param previouslyDelivered the manifests currently in this cluster's ManifestWorks, by key
   */
  public static PreparedDelivery prepare(
      Collection<DeliveryObject> objects,
      Collection<CustomTransform> transforms,
      ClusterProperties properties,
      Map<ObjectKey, Map<String, Object>> previouslyDelivered) {
    return forCluster(clean(objects, transforms), properties, previouslyDelivered);
  }

  /**
   * Cleans the objects and applies the matching CustomTransforms: the cluster-independent part of
   * preparing a delivery, done once per Binding. Never mutates the input.
   */
  public static List<CleanedObject> clean(
      Collection<DeliveryObject> objects, Collection<CustomTransform> transforms) {
    List<CleanedObject> cleaned = new ArrayList<>(objects.size());
    for (DeliveryObject delivery : objects) {
      ObjectKey key = delivery.key();
      Map<String, Object> object =
          CustomTransform.applyMatching(
              transforms, key.group(), key.resource(), ObjectCleaner.clean(delivery.object()));
      cleaned.add(new CleanedObject(key, object, delivery.createOnly()));
    }
    cleaned.sort(Comparator.comparing(CleanedObject::key));
    return List.copyOf(cleaned);
  }

  /**
   * Expands templates for one cluster.
   *
   * @param cleaned the Binding's cleaned objects (from {@link #clean})
   * @param properties the cluster's template properties
   * @param previouslyDelivered the manifests currently in this cluster's ManifestWorks, by key
   *     (only read for objects whose expansion fails)
   */
  public static PreparedDelivery forCluster(
      List<CleanedObject> cleaned,
      ClusterProperties properties,
      Map<ObjectKey, Map<String, Object>> previouslyDelivered) {
    List<ShardItem> items = new ArrayList<>(cleaned.size());
    List<TemplateError> errors = new ArrayList<>();
    for (CleanedObject object : cleaned) {
      ObjectKey key = object.key();
      ExpansionResult result = TemplateExpander.expand(object.object(), properties);
      if (result instanceof ExpansionResult.Expanded expanded) {
        items.add(new ShardItem(key, expanded.object(), object.createOnly()));
      } else if (result instanceof ExpansionResult.Failed failed) {
        errors.add(failed.error());
        Map<String, Object> previous = previouslyDelivered.get(key);
        if (previous != null) {
          items.add(new ShardItem(key, previous, object.createOnly()));
        }
      }
    }
    items.sort(Comparator.comparing(ShardItem::key));
    errors.sort(
        Comparator.comparing(TemplateError::object).thenComparing(TemplateError::fieldPath));
    return new PreparedDelivery(items, errors);
  }
}
