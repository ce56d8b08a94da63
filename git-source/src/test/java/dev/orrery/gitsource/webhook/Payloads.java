package dev.orrery.gitsource.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Webhook payloads shaped like the forges' documented examples, and requests carrying them. */
final class Payloads {

  static final String SECRET = "It's a Secret to Everybody";

  private Payloads() {}

  static byte[] body(String name) {
    try (InputStream in = Payloads.class.getResourceAsStream("/webhooks/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no payload " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static WebhookRequest github(String event, String payload) {
    byte[] body = body(payload);
    return new WebhookRequest(
        Map.of(
            "X-GitHub-Event", event,
            "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
            "X-Hub-Signature-256", "sha256=" + WebhookVerifier.signature(SECRET, body),
            "User-Agent", "GitHub-Hookshot/044aadd",
            "Content-Type", "application/json"),
        body);
  }

  static WebhookRequest gitea(String event, String payload) {
    byte[] body = body(payload);
    String signature = WebhookVerifier.signature(SECRET, body);
    return new WebhookRequest(
        Map.of(
            "X-Gitea-Event",
            event,
            "X-Gitea-Delivery",
            "f6266f16-1bf3-46a5-9ea4-602e06ead473",
            "X-Gitea-Signature",
            signature,
            "X-GitHub-Event",
            event,
            "X-GitHub-Delivery",
            "f6266f16-1bf3-46a5-9ea4-602e06ead473",
            "X-Gogs-Event",
            event,
            "X-Hub-Signature-256",
            "sha256=" + signature,
            "Content-Type",
            "application/json"),
        body);
  }

  static WebhookRequest gitlab(String event, String payload) {
    return new WebhookRequest(
        Map.of(
            "X-Gitlab-Event", event,
            "X-Gitlab-Token", SECRET,
            "X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e",
            "X-Gitlab-Webhook-UUID", "e7a4e5b8-2c6d-4b8f-9b8c-0a1c2d3e4f50",
            "Content-Type", "application/json"),
        body(payload));
  }
}
