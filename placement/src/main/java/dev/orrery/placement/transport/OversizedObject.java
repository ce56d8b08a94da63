package dev.orrery.placement.transport;

import dev.orrery.placement.match.ObjectKey;

/**
 * An object whose JSON alone reaches the ManifestWork byte limit: it is not delivered and is
 * reported on the Binding and BindingPolicy status.
 *
 * @param key the object
 * @param cluster the cluster it was meant for
 * @param size its JSON size in bytes (with its manifestConfig entry)
 * @param limit the byte limit
 */
public record OversizedObject(ObjectKey key, String cluster, long size, long limit) {

  /** A status message naming the object and the sizes. */
  public String message() {
    return key.describe()
        + " is "
        + size
        + " bytes of JSON, at or over the ManifestWork limit of "
        + limit
        + " bytes; it is not delivered to "
        + cluster;
  }
}
