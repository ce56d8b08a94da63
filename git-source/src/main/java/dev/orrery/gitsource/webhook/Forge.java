package dev.orrery.gitsource.webhook;

import java.util.Optional;

/** The Git forges whose webhooks Orrery understands, with the headers each one sends. */
public enum Forge {
  GITHUB("X-GitHub-Event", "X-GitHub-Delivery"),
  GITEA("X-Gitea-Event", "X-Gitea-Delivery"),
  GITLAB("X-Gitlab-Event", "X-Gitlab-Event-UUID");

  private final String eventHeader;
  private final String deliveryHeader;

  Forge(String eventHeader, String deliveryHeader) {
    this.eventHeader = eventHeader;
    this.deliveryHeader = deliveryHeader;
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
