package dev.orrery.placement.transport;

import dev.orrery.placement.match.ObjectKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Prepares a Binding's objects for one cluster: {@link ObjectCleaner}, then the matching {@link
 * CustomTransform}s, then {@link TemplateExpander}. When expansion fails the previously delivered
 * version of that object (if any) is kept in place and the error is returned, instead of removing
 * the object from the cluster.
 */
public final class DeliveryPreparer {

  private DeliveryPreparer() {}

  /**
   * Prepares the objects.
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
    List<ShardItem> items = new ArrayList<>();
    List<TemplateError> errors = new ArrayList<>();
    for (DeliveryObject delivery : objects) {
      ObjectKey key = delivery.key();
      Map<String, Object> cleaned = ObjectCleaner.clean(delivery.object());
      Map<String, Object> transformed =
          CustomTransform.applyMatching(transforms, key.group(), key.resource(), cleaned);
      ExpansionResult result = TemplateExpander.expand(transformed, properties);
      if (result instanceof ExpansionResult.Expanded expanded) {
        items.add(new ShardItem(key, expanded.object(), delivery.createOnly()));
      } else if (result instanceof ExpansionResult.Failed failed) {
        errors.add(failed.error());
        Map<String, Object> previous = previouslyDelivered.get(key);
        if (previous != null) {
          items.add(new ShardItem(key, previous, delivery.createOnly()));
        }
      }
    }
    items.sort(Comparator.comparing(ShardItem::key));
    errors.sort(
        Comparator.comparing(TemplateError::object).thenComparing(TemplateError::fieldPath));
    return new PreparedDelivery(items, errors);
  }
}
