package dev.orrery.gitsource.webhook;

import java.util.Optional;

/**
 * The Git forges Orrery works with: the headers their webhooks carry, and the names used in
 * configuration, metrics and messages.
 */
public enum Forge {
  GITHUB("github", "GitHub", "X-GitHub-Event", "X-GitHub-Delivery"),
  GITEA("gitea", "Gitea", "X-Gitea-Event", "X-Gitea-Delivery"),
  GITLAB("gitlab", "GitLab", "X-Gitlab-Event", "X-Gitlab-Event-UUID");

  private final String tag;
  private final String displayName;
  private final String eventHeader;
  private final String deliveryHeader;

  Forge(String tag, String displayName, String eventHeader, String deliveryHeader) {
    this.tag = tag;
    this.displayName = displayName;
    this.eventHeader = eventHeader;
    this.deliveryHeader = deliveryHeader;
  }

  /**
   * The lower-case name used in configuration ({@code spec.report.forge.kind}) and as a metric tag.
   */
  public String tag() {
    return tag;
  }

  /** The product name used in messages. */
  public String displayName() {
    return displayName;
  }

  /** The forge a configuration names by its {@link #tag()}, or empty. */
  public static Optional<Forge> byTag(String tag) {
    for (Forge forge : values()) {
      if (forge.tag.equals(tag)) {
        return Optional.of(forge);
      }
    }
    return Optional.empty();
  }

  /** The header naming the event type. */
  public String eventHeader() {
    return eventHeader;
  }

  /** The header carrying the unique id of one delivery (kept on redelivery). */
  public String deliveryHeader() {
    return deliveryHeader;
  }

  /**
   * The forge that sent a request, told by its event header. Gitea also sends GitHub's headers for
   * compatibility, so it is checked first.
   */
  public static Optional<Forge> detect(WebhookRequest request) {
    for (Forge forge : new Forge[] {GITEA, GITLAB, GITHUB}) {
      if (request.header(forge.eventHeader).isPresent()) {
        return Optional.of(forge);
      }
    }
    return Optional.empty();
  }
}
