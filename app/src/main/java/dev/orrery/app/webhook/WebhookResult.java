package dev.orrery.app.webhook;

import java.util.Locale;

/**
 * How a webhook delivery ended, as the receiver's reply says: the {@code result} tag of {@code
 * orrery_webhook_deliveries_total}.
 */
public enum WebhookResult {
  /** A push triggered at least one GitSource. */
  TRIGGERED,
  /** A pull request was handed to the preview. */
  PREVIEW,
  /** Verified, but nothing to do: another event type, or a ref no GitSource follows. */
  IGNORED,
  /** Signed, but no GitSource watches the repository (and there is no shared secret). */
  UNKNOWN_REPOSITORY,
  /** A repeated delivery id. */
  DUPLICATE,
  /** Signature missing or invalid. */
  UNAUTHORIZED,
  /** Body over the size limit. */
  TOO_LARGE,
  /** A correctly signed body that could not be parsed. */
  BAD_PAYLOAD,
  /** The receiver failed. */
  ERROR;

  /** The metric tag: lower case with underscores. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
