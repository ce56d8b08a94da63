package dev.orrery.app.argocd;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The example manifests in {@code argocd/}, applied as a user would (server-side apply, field
 * manager {@code kubectl}), after replacing the values a real installation edits (the URL of
 * Orrery, the token, the repository).
 */
final class ArgoCdExamples {
  static final Path DIR = Path.of("..", "argocd");

  private ArgoCdExamples() {}

  /** Applies {@code file} from {@code argocd/} into {@code client}, with {@code edits} replaced. */
  static void apply(KubernetesClient client, String file, Map<String, String> edits) {
    String text;
    try {
      text = Files.readString(DIR.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> edit : edits.entrySet()) {
      if (!text.contains(edit.getKey())) {
        throw new IllegalStateException(file + " no longer contains " + edit.getKey());
      }
      text = text.replace(edit.getKey(), edit.getValue());
    }
    List<HasMetadata> objects =
        client.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata object : objects) {
      client.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
    }
  }

  /** The Applications in Argo CD's namespace of {@code client}, by name. */
  static Map<String, GenericKubernetesResource> applications(KubernetesClient client) {
    // An Application the ApplicationSet controller deleted keeps Argo CD's
    // resources-finalizer until the application controller has removed what it synced (with no
    // application controller running, for good): deleted is gone.
    return client
        .genericKubernetesResources("argoproj.io/v1alpha1", "Application")
        .inNamespace("argocd")
        .list()
        .getItems()
        .stream()
        .filter(a -> a.getMetadata().getDeletionTimestamp() == null)
        .collect(
            java.util.stream.Collectors.toMap(
                a -> a.getMetadata().getName(), a -> a, (a, b) -> a, java.util.TreeMap::new));
  }

  /** {@code object}'s value at {@code path} (map keys), or null. */
  static Object at(GenericKubernetesResource object, String... path) {
    Object current = object.getAdditionalProperties();
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }
}
