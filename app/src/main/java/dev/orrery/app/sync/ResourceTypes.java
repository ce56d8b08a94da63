package dev.orrery.app.sync;

import dev.orrery.controller.ResourceType;
import java.util.Optional;

/** Looks up resource types by apiVersion and kind (discovery in production, a map in tests). */
public interface ResourceTypes {
  Optional<ResourceType> find(String apiVersion, String kind);
}
