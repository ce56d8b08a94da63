package dev.orrery.app.report;

import dev.orrery.app.gitsource.GitSourceController;
import dev.orrery.app.gitsource.GitSourceStatus;
import dev.orrery.app.rollout.RolloutViews;
import dev.orrery.placement.controller.InventoryUnavailableException;
import dev.orrery.placement.controller.PlacementService;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/namespaces/{namespace}/gitsources/{name}/placement}: what a GitSource's
 * revision runs where, read from the caches (the page commit statuses link to). The same content as
 * the status files of {@code report.mode: commit}; errors are Kubernetes {@code Status} objects.
 */
@Controller("/api/v1/namespaces/{namespace}/gitsources/{name}/placement")
@ExecuteOn(TaskExecutors.BLOCKING)
public class GitSourcePlacementController {
  private final GitSourceController sources;
  private final PlacementService placement;

  public GitSourcePlacementController(GitSourceController sources, PlacementService placement) {
    this.sources = sources;
    this.placement = placement;
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<Map<String, Object>> get(
      @PathVariable String namespace, @PathVariable String name) {
    GenericKubernetesResource source = sources.cached(namespace + "/" + name);
    if (source == null) {
      return status(
          HttpStatus.NOT_FOUND,
          "NotFound",
          "gitsources.gitops.orrery.dev \"" + name + "\" not found");
    }
    GitSourceStatus status = GitSourceStatus.parse(source.getAdditionalProperties().get("status"));
    String revision = status.lastAppliedRevision() == null ? "" : status.lastAppliedRevision();
    List<Map<String, Object>> policies = new ArrayList<>();
    try {
      Map<String, String> unavailable = new java.util.TreeMap<>();
      placement
          .inventory()
          .forEach(c -> c.unavailable().ifPresent(why -> unavailable.put(c.name(), why)));
      for (String policy : status.inventoryOrEmpty().bindingPolicies()) {
        Map<String, Object> doc =
            StatusDocuments.policyDocument(
                policy, revision, placement.placedObjects(policy), unavailable);
        RolloutViews.currentOf(policy, placement.bindingRevisions(policy))
            .ifPresent(r -> doc.put("rollout", RolloutReport.document(r)));
        policies.add(doc);
      }
    } catch (InventoryUnavailableException e) {
      return status(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", e.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", "gitops.orrery.dev/v1alpha1");
    body.put("kind", "GitSourcePlacement");
    body.put("metadata", Map.of("namespace", namespace, "name", name));
    body.put("lastAppliedRevision", revision);
    body.put(
        "lastFetchedRevision",
        status.lastFetchedRevision() == null ? "" : status.lastFetchedRevision());
    body.put("conditions", status.conditions());
    body.put("errors", status.errorsOrEmpty());
    body.put("policies", policies);
    return HttpResponse.ok(body);
  }

  private static HttpResponse<Map<String, Object>> status(
      HttpStatus code, String reason, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", "Status");
    body.put("apiVersion", "v1");
    body.put("status", "Failure");
    body.put("message", message);
    body.put("reason", reason);
    body.put("code", code.getCode());
    return HttpResponse.<Map<String, Object>>status(code).body(body);
  }
}
