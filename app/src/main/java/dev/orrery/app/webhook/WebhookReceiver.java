package dev.orrery.app.webhook;

import dev.orrery.gitsource.GitRef;
import dev.orrery.gitsource.webhook.DeliveryDeduplicator;
import dev.orrery.gitsource.webhook.Forge;
import dev.orrery.gitsource.webhook.PullRequestEvent;
import dev.orrery.gitsource.webhook.PushEvent;
import dev.orrery.gitsource.webhook.WebhookEvent;
import dev.orrery.gitsource.webhook.WebhookParser;
import dev.orrery.gitsource.webhook.WebhookRequest;
import dev.orrery.gitsource.webhook.WebhookVerifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Decides what a webhook delivery does, independent of HTTP: verifies its signature against the
 * secrets of the GitSources it concerns (or the shared secret), drops repeated deliveries, triggers
 * the GitSources a push concerns (once per source and pushed revision: a trigger enqueues a
 * reconcile that fetches that revision or a newer one, so repeating it only costs fetches), and
 * hands a pull request that was opened or updated against a watched branch to the preview.
 */
public final class WebhookReceiver {

  /** A GitSource as the receiver needs it. */
  public record Source(String key, String url, GitRef ref, Optional<String> secret) {}

  /**
   * The HTTP answer: status code, how the delivery ended (the metric's result), a short message.
   */
  public record Reply(int status, WebhookResult result, String message, List<String> triggered) {}

  private final Function<String, List<Source>> sourcesForUrl;
  private final Optional<String> sharedSecret;
  private final Consumer<String> trigger;
  private final BiConsumer<PullRequestEvent, List<String>> preview;
  private final DeliveryDeduplicator deliveries = new DeliveryDeduplicator(10_000);
  private final TriggeredRevisions triggeredRevisions = new TriggeredRevisions(10_000);
  private final long maxBodyBytes;

  /**
   * Pull-request actions that change what the head would place (GitHub, Gitea and GitLab names).
   */
  static final Set<String> PREVIEW_ACTIONS =
      Set.of(
          "opened",
          "reopened",
          "synchronize",
          "synchronized",
          "edited",
          "ready_for_review",
          "open",
          "reopen",
          "update");

  public WebhookReceiver(
      Function<String, List<Source>> sourcesForUrl,
      Optional<String> sharedSecret,
      Consumer<String> trigger,
      long maxBodyBytes) {
    this(sourcesForUrl, sharedSecret, trigger, (event, keys) -> {}, maxBodyBytes);
  }

  /**
   * @param preview receives a pull request opened or updated against the branch of watched
   *     GitSources, with their keys
   */
  public WebhookReceiver(
      Function<String, List<Source>> sourcesForUrl,
      Optional<String> sharedSecret,
      Consumer<String> trigger,
      BiConsumer<PullRequestEvent, List<String>> preview,
      long maxBodyBytes) {
    this.sourcesForUrl = sourcesForUrl;
    this.sharedSecret = sharedSecret;
    this.trigger = trigger;
    this.preview = preview;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Reply receive(Forge forge, WebhookRequest request) {
    if (request.body().length > maxBodyBytes) {
      return new Reply(
          413, WebhookResult.TOO_LARGE, "body larger than " + maxBodyBytes + " bytes", List.of());
    }
    WebhookEvent event;
    try {
      event = WebhookParser.parse(request);
    } catch (RuntimeException e) {
      return verified(forge, request, List.of())
          ? new Reply(400, WebhookResult.BAD_PAYLOAD, "unreadable payload", List.of())
          : new Reply(401, WebhookResult.UNAUTHORIZED, "signature missing or invalid", List.of());
    }
    List<Source> sources = new ArrayList<>();
    Set<String> urls =
        event instanceof PushEvent push
            ? push.repositoryUrls()
            : event instanceof PullRequestEvent pr ? pr.repositoryUrls() : Set.of();
    Set<String> seenKeys = new LinkedHashSet<>();
    for (String url : urls) {
      for (Source s : sourcesForUrl.apply(url)) {
        if (seenKeys.add(s.key())) {
          sources.add(s);
        }
      }
    }
    if (!verified(forge, request, sources)) {
      if (sources.isEmpty() && sharedSecret.isEmpty() && hasSignature(forge, request)) {
        return new Reply(
            202,
            WebhookResult.UNKNOWN_REPOSITORY,
            "no GitSource watches this repository",
            List.of());
      }
      return new Reply(401, WebhookResult.UNAUTHORIZED, "signature missing or invalid", List.of());
    }
    if (deliveries.seen(event.deliveryId())) {
      return new Reply(
          200,
          WebhookResult.DUPLICATE,
          "delivery " + event.deliveryId() + " already received",
          List.of());
    }
    if (event instanceof PullRequestEvent pr) {
      return previewPullRequest(pr, sources);
    }
    if (!(event instanceof PushEvent push)) {
      return new Reply(202, WebhookResult.IGNORED, "event ignored", List.of());
    }
    if (sources.isEmpty()) {
      return new Reply(
          202, WebhookResult.UNKNOWN_REPOSITORY, "no GitSource watches this repository", List.of());
    }
    List<String> triggered = new ArrayList<>();
    List<String> already = new ArrayList<>();
    for (Source s : sources) {
      if (!push.deleted() && concernsRef(s.ref(), push)) {
        if (triggeredRevisions.firstTime(s.key(), push.after())) {
          trigger.accept(s.key());
          triggered.add(s.key());
        } else {
          already.add(s.key());
        }
      }
    }
    if (triggered.isEmpty() && !already.isEmpty()) {
      return new Reply(
          200,
          WebhookResult.DUPLICATE,
          "revision " + push.after() + " already triggered for " + String.join(", ", already),
          List.of());
    }
    return triggered.isEmpty()
        ? new Reply(202, WebhookResult.IGNORED, "no GitSource watches ref " + push.ref(), List.of())
        : new Reply(
            200, WebhookResult.TRIGGERED, "triggered " + String.join(", ", triggered), triggered);
  }

  private Reply previewPullRequest(PullRequestEvent pr, List<Source> sources) {
    if (!PREVIEW_ACTIONS.contains(pr.action())) {
      return new Reply(
          202,
          WebhookResult.IGNORED,
          "pull request action '" + pr.action() + "' needs no preview",
          List.of());
    }
    List<String> keys =
        sources.stream()
            .filter(s -> s.ref() instanceof GitRef.Branch b && b.name().equals(pr.baseRef()))
            .map(Source::key)
            .toList();
    if (keys.isEmpty()) {
      return new Reply(
          202, WebhookResult.IGNORED, "no GitSource watches branch " + pr.baseRef(), List.of());
    }
    preview.accept(pr, keys);
    return new Reply(
        202,
        WebhookResult.PREVIEW,
        "preview of #" + pr.number() + " queued for " + String.join(", ", keys),
        List.of());
  }

  private boolean verified(Forge forge, WebhookRequest request, List<Source> sources) {
    List<String> secrets = new ArrayList<>();
    sources.forEach(s -> s.secret().ifPresent(secrets::add));
    sharedSecret.ifPresent(secrets::add);
    return secrets.stream()
        .anyMatch(secret -> WebhookVerifier.verify(forge, request, secret).isValid());
  }

  private static boolean hasSignature(Forge forge, WebhookRequest request) {
    return WebhookVerifier.verify(forge, request, "\0").name().equals("INVALID_SIGNATURE");
  }

  static boolean concernsRef(GitRef ref, PushEvent push) {
    if (ref instanceof GitRef.Branch b) {
      return push.isBranch() && push.shortRef().equals(b.name());
    }
    if (ref instanceof GitRef.Tag t) {
      return push.isTag() && push.shortRef().equals(t.name());
    }
    return ref instanceof GitRef.Semver && push.isTag();
  }
}
