package dev.orrery.app.dashboard;

import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.app.gitsource.GitSourceReconciler;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code confirm-deletions}: annotates a GitSource with {@code
 * gitops.orrery.dev/confirm-deletions=<revision>}, exactly what {@code kubectl annotate} would do,
 * and only for the revision the deletion guard holds right now (parameters {@code namespace},
 * {@code name}, {@code revision}).
 */
@Singleton
public class ConfirmDeletionsAction implements DashboardAction {
  private final KubernetesClient wds;
  private final GitSourceController sources;

  public ConfirmDeletionsAction(@Named("wds") KubernetesClient wds, GitSourceController sources) {
    this.wds = wds;
    this.sources = sources;
  }

  @Override
  public String name() {
    return "confirm-deletions";
  }

  @Override
  public String description() {
    return "Confirm the deletions the deletion guard holds for one revision of a GitSource.";
  }

  @Override
  public String perform(Map<String, String> parameters) {
    String namespace = required(parameters, "namespace");
    String name = required(parameters, "name");
    String revision = required(parameters, "revision");
    GenericKubernetesResource cached = sources.cached(namespace + "/" + name);
    if (cached == null) {
      throw new ActionException(404, "no GitSource " + namespace + "/" + name);
    }
    SourceFacts source = SourceFacts.of(cached);
    if (!source.held() || !revision.equals(source.status().lastFetchedRevision())) {
      throw new ActionException(
          409,
          "GitSource "
              + source.key()
              + " holds no deletions of revision "
              + revision
              + " (it may have moved on; reload)");
    }
    try {
      wds.genericKubernetesResources(GitSourceController.GIT_SOURCES)
          .inNamespace(namespace)
          .withName(name)
          .edit(
              g -> {
                Map<String, String> annotations =
                    g.getMetadata().getAnnotations() == null
                        ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(g.getMetadata().getAnnotations());
                annotations.put(GitSourceReconciler.CONFIRM_DELETIONS_ANNOTATION, revision);
                g.getMetadata().setAnnotations(annotations);
                return g;
              });
    } catch (KubernetesClientException e) {
      throw new ActionException(
          502, "the WDS refused the annotation (HTTP " + e.getCode() + "): " + e.getStatus());
    }
    return "confirmed the held deletions of revision " + revision + " on GitSource " + source.key();
  }

  private static String required(Map<String, String> parameters, String key) {
    String value = parameters.get(key);
    if (value == null || value.isBlank()) {
      throw new ActionException(400, "missing parameter " + key);
    }
    return value;
  }
}
