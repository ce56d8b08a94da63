package dev.orrery.app.sync;

import dev.orrery.controller.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server-side apply with field manager {@code orrery}. A conflict with another field manager is
 * reported as {@link FieldConflictException} naming that manager, unless the caller forces.
 */
public final class ServerSideApplier {
  public static final String FIELD_MANAGER = "orrery";
  private static final Pattern CONFLICT = Pattern.compile("conflict with \"([^\"]+)\"");

  /** Applies {@code object}; returns the object as stored. */
  public GenericKubernetesResource apply(
      KubernetesClient client, PlannedObject object, boolean force) {
    Resource<GenericKubernetesResource> resource = resource(client, object);
    try {
      return force
          ? resource.fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply()
          : resource.fieldManager(FIELD_MANAGER).serverSideApply();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new FieldConflictException(object.describe(), managers(e), e);
      }
      throw e;
    }
  }

  /**
   * Applies {@code object} as a server-side dry run: the API server authorizes it (with RBAC's
   * escalation check for roles and bindings), runs admission and validation, and stores nothing.
   *
   * @throws KubernetesClientException as {@link #apply} would
   */
  public void dryRun(KubernetesClient client, PlannedObject object, boolean force) {
    Resource<GenericKubernetesResource> resource = resource(client, object);
    if (force) {
      resource.dryRun().fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    } else {
      resource.dryRun().fieldManager(FIELD_MANAGER).serverSideApply();
    }
  }

  /** The live object {@code object} names, or null when there is none. */
  public GenericKubernetesResource live(KubernetesClient client, PlannedObject object) {
    return resource(client, object).get();
  }

  /**
   * Whether the live object differs from what applying {@code object} would make of it (server-side
   * dry run), i.e. whether someone changed a field Orrery owns. A missing object is drift too.
   */
  public boolean drifted(KubernetesClient client, PlannedObject object) {
    Resource<GenericKubernetesResource> resource = resource(client, object);
    GenericKubernetesResource live = resource.get();
    if (live == null) {
      return true;
    }
    GenericKubernetesResource wouldBe;
    try {
      wouldBe = resource.dryRun().fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    } catch (KubernetesClientException e) {
      return true;
    }
    return !Objects.equals(comparable(live), comparable(wouldBe));
  }

  static Resource<GenericKubernetesResource> resource(
      KubernetesClient client, PlannedObject object) {
    GenericKubernetesResource generic =
        Serialization.unmarshal(
            Serialization.asJson(object.manifest()), GenericKubernetesResource.class);
    ResourceType t = object.type();
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(t.group())
            .withVersion(t.version())
            .withKind(t.kind())
            .withPlural(t.plural())
            .withNamespaced(t.namespaced())
            .build();
    return t.namespaced()
        ? client
            .genericKubernetesResources(context)
            .inNamespace(object.namespace())
            .resource(generic)
        : client.genericKubernetesResources(context).resource(generic);
  }

  private static Map<String, Object> comparable(GenericKubernetesResource r) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m =
        Maps.deepCopy(Serialization.unmarshal(Serialization.asJson(r), Map.class));
    Map<String, Object> metadata = Maps.child(m, "metadata");
    List.of("managedFields", "resourceVersion", "generation").forEach(metadata::remove);
    return new LinkedHashMap<>(m);
  }

  static Set<String> managers(KubernetesClientException e) {
    Set<String> managers = new LinkedHashSet<>();
    if (e.getStatus() != null && e.getStatus().getDetails() != null) {
      for (StatusCause cause : e.getStatus().getDetails().getCauses()) {
        find(cause.getMessage(), managers);
      }
    }
    find(e.getMessage(), managers);
    return managers;
  }

  private static void find(String text, Set<String> into) {
    if (text == null) {
      return;
    }
    Matcher m = CONFLICT.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  /** Another field manager owns fields this apply would change. */
  public static final class FieldConflictException extends RuntimeException {
    private final Set<String> managers;

    FieldConflictException(String object, Set<String> managers, Throwable cause) {
      super(
          object
              + ": conflict with field manager(s) "
              + String.join(", ", managers)
              + " (set spec.force to take the fields over)",
          cause);
      this.managers = Set.copyOf(managers);
    }

    public Set<String> managers() {
      return managers;
    }
  }
}
