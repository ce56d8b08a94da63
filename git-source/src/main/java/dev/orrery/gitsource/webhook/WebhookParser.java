package dev.orrery.gitsource.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Parses push and pull/merge request webhooks of GitHub, Gitea and GitLab into {@link
 * WebhookEvent}s. Verify the request with {@link WebhookVerifier} first.
 */
public final class WebhookParser {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] GITHUB_REPO_URLS = {"html_url", "clone_url", "ssh_url", "git_url"};
  private static final String[] GITLAB_PROJECT_URLS = {
    "web_url", "git_http_url", "git_ssh_url", "http_url", "ssh_url", "url", "homepage"
  };

  private WebhookParser() {}

  /**
   * Parses a request.
   *
   * @throws IllegalArgumentException if no forge is recognized or a push or pull request payload is
   *     not valid JSON or lacks its essential fields
   */
  public static WebhookEvent parse(WebhookRequest request) {
    Forge forge =
        Forge.detect(request)
            .orElseThrow(
                () -> new IllegalArgumentException("not a GitHub, Gitea or GitLab webhook"));
    String event = request.header(forge.eventHeader()).orElseThrow();
    String delivery =
        request.header(forge.deliveryHeader()).orElseGet(() -> bodyId(request.bodyUnsafe()));
    return switch (forge) {
      case GITHUB, GITEA -> parseGitHubStyle(forge, event, delivery, request);
      case GITLAB -> parseGitLab(event, delivery, request);
    };
  }

  private static WebhookEvent parseGitHubStyle(
      Forge forge, String event, String delivery, WebhookRequest request) {
    String type = event.toLowerCase(Locale.ROOT);
    if (type.equals("push")) {
      JsonNode body = json(request);
      return new PushEvent(
          forge,
          delivery,
          required(body, "ref"),
          text(body, "before"),
          required(body, "after"),
          urls(body.path("repository"), GITHUB_REPO_URLS));
    }
    if (type.equals("pull_request") || type.equals("pull_request_sync")) {
      JsonNode body = json(request);
      JsonNode pr = body.path("pull_request");
      if (pr.path("head").isObject() && pr.path("base").isObject()) {
        long number = body.path("number").asLong(pr.path("number").asLong(0));
        return new PullRequestEvent(
            forge,
            delivery,
            text(body, "action"),
            number,
            required(pr.path("head"), "sha"),
            required(pr.path("head"), "ref"),
            required(pr.path("base"), "ref"),
            urls(body.path("repository"), GITHUB_REPO_URLS),
            urls(pr.path("head").path("repo"), GITHUB_REPO_URLS));
      }
    }
    return new OtherEvent(forge, delivery, event);
  }

  private static WebhookEvent parseGitLab(String event, String delivery, WebhookRequest request) {
    String type = event.toLowerCase(Locale.ROOT);
    boolean maybeRelevant =
        type.equals("push hook")
            || type.equals("tag push hook")
            || type.equals("merge request hook")
            || type.equals("system hook");
    if (!maybeRelevant) {
      return new OtherEvent(Forge.GITLAB, delivery, event);
    }
    JsonNode body = json(request);
    String kind = text(body, "object_kind");
    if ("push".equals(kind) || "tag_push".equals(kind)) {
      Set<String> urls = urls(body.path("project"), GITLAB_PROJECT_URLS);
      urls.addAll(urls(body.path("repository"), GITLAB_PROJECT_URLS));
      return new PushEvent(
          Forge.GITLAB,
          delivery,
          required(body, "ref"),
          text(body, "before"),
          required(body, "after"),
          urls);
    }
    if ("merge_request".equals(kind)) {
      JsonNode mr = body.path("object_attributes");
      Set<String> target = urls(body.path("project"), GITLAB_PROJECT_URLS);
      target.addAll(urls(mr.path("target"), GITLAB_PROJECT_URLS));
      return new PullRequestEvent(
          Forge.GITLAB,
          delivery,
          text(mr, "action"),
          mr.path("iid").asLong(0),
          required(mr.path("last_commit"), "id"),
          required(mr, "source_branch"),
          required(mr, "target_branch"),
          target,
          urls(mr.path("source"), GITLAB_PROJECT_URLS));
    }
    return new OtherEvent(Forge.GITLAB, delivery, event);
  }

  private static JsonNode json(WebhookRequest request) {
    try {
      JsonNode node = JSON.readTree(request.bodyUnsafe());
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("webhook body is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("webhook body is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  private static String required(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("webhook payload lacks '" + field + "'");
    }
    return value;
  }

  private static Set<String> urls(JsonNode node, String[] fields) {
    Set<String> urls = new LinkedHashSet<>();
    for (String field : fields) {
      String url = text(node, field);
      if (url != null && RepositoryUrls.parse(url).isPresent()) {
        urls.add(url);
      }
    }
    return urls;
  }

  private static String bodyId(byte[] body) {
    try {
      return "body-sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
