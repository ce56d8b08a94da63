package dev.orrery.gitsource.webhook;

/** The outcome of checking a webhook's signature or token. */
public enum WebhookVerification {
  /** The signature or token matches the secret. */
  VALID,
  /** The request carries no signature or token header. */
  MISSING_SIGNATURE,
  /** The signature or token does not match the secret, or is malformed. */
  INVALID_SIGNATURE,
  /** No known forge's event header is present. */
  UNKNOWN_FORGE;

  /** Whether the request may be trusted. */
  public boolean isValid() {
    return this == VALID;
  }
}
