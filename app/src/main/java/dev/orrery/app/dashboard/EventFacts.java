package dev.orrery.app.dashboard;

/**
 * A Kubernetes Event about a GitSource or BindingPolicy, as the dashboard shows it.
 *
 * @param kind the involved object's kind
 * @param namespace its namespace ({@code ""} for a BindingPolicy)
 * @param name its name
 * @param type {@code Normal} or {@code Warning}
 * @param reason the Event's reason
 * @param message its message
 * @param count how often it happened
 * @param last when it last happened (RFC 3339), or {@code ""}
 */
public record EventFacts(
    String kind,
    String namespace,
    String name,
    String type,
    String reason,
    String message,
    int count,
    String last) {}
