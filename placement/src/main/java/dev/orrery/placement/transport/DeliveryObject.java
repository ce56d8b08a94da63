package dev.orrery.placement.transport;

import dev.orrery.placement.match.ObjectKey;
import java.util.Map;
import java.util.Objects;

/**
 * A WDS object (as read, uncleaned) that a Binding delivers to a cluster.
 *
 * @param key the object's identity
 * @param object the JSON-decoded object as stored in the WDS
 * @param createOnly whether the Binding entry asks for createOnly
 */
public record DeliveryObject(ObjectKey key, Map<String, Object> object, boolean createOnly) {

  /** Rejects nulls. */
  public DeliveryObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(object, "object");
  }
}
