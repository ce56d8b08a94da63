package dev.orrery.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.slf4j.MDC;

/**
 * The identity of the resource being reconciled in every log line, as Java Operator SDK's {@code
 * MDCUtils} puts it: {@code resource.kind}, {@code resource.namespace}, {@code resource.name},
 * {@code resource.generation}. Closing removes them again. {@link KeyedWorkers} sets it around each
 * reconcile of a loop that describes its keys.
 */
public final class ResourceMdc implements AutoCloseable {
  public static final String KIND = "resource.kind";
  public static final String NAMESPACE = "resource.namespace";
  public static final String NAME = "resource.name";
  public static final String GENERATION = "resource.generation";
  private static final List<String> KEYS = List.of(KIND, NAMESPACE, NAME, GENERATION);

  private ResourceMdc() {}

  /** Puts the resource's identity into the MDC of this thread until closed. */
  public static ResourceMdc of(HasMetadata resource) {
    return of(ResourceIdentity.of(resource));
  }

  /** Puts {@code identity} into the MDC of this thread until closed. */
  public static ResourceMdc of(ResourceIdentity identity) {
    put(KIND, identity.kind());
    put(NAMESPACE, identity.namespace());
    put(NAME, identity.name());
    put(GENERATION, identity.generation() == null ? null : identity.generation().toString());
    return new ResourceMdc();
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  @Override
  public void close() {
    KEYS.forEach(MDC::remove);
  }
}
