package dev.orrery.gitsource.webhook;

/** A parsed webhook: a push, a pull/merge request change, or another event Orrery ignores. */
public sealed interface WebhookEvent permits PushEvent, PullRequestEvent, OtherEvent {

  /** The forge that sent it. */
  Forge forge();

  /**
   * The delivery id from the forge's delivery header, or {@code body-sha256:<hex>} of the body when
   * the header is missing, for de-duplication.
   */
  String deliveryId();
}
