package dev.orrery.gitsource.webhook;

/**
 * An event Orrery does not act on (GitHub's {@code ping}, issue comments, ...).
 *
 * @param forge the sending forge
 * @param deliveryId the delivery id (see {@link WebhookEvent#deliveryId()})
 * @param eventType the value of the forge's event header
 */
public record OtherEvent(Forge forge, String deliveryId, String eventType)
    implements WebhookEvent {}
