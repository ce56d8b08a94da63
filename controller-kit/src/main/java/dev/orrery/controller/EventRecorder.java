package dev.orrery.controller;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on Orrery's objects (GitSources, BindingPolicies); events on a
 * cluster-scoped object go to namespace {@code default}. Names are deterministic per (object,
 * reason, message), so a repeat bumps the count instead of piling up; a failure is logged, never
 * thrown.
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void record(HasMetadata object, boolean warning, String reason, String message) {
    try {
      String namespace =
          object.getMetadata().getNamespace() == null
              ? "default"
              : object.getMetadata().getNamespace();
      String text =
          message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
      String name =
          object.getMetadata().getName()
              + "."
              + checksum(object.getMetadata().getUid() + reason + text);
      String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
      if (existing != null) {
        existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
        existing.setLastTimestamp(now);
        client.v1().events().inNamespace(namespace).resource(existing).update();
        return;
      }
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(object.getApiVersion())
                          .withKind(object.getKind())
                          .withNamespace(object.getMetadata().getNamespace())
                          .withName(object.getMetadata().getName())
                          .withUid(object.getMetadata().getUid())
                          .withResourceVersion(object.getMetadata().getResourceVersion())
                          .build())
                  .withType(warning ? "Warning" : "Normal")
                  .withReason(reason)
                  .withMessage(text)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent("orrery")
                  .endSource()
                  .withReportingComponent("orrery")
                  .build())
          .create();
    } catch (RuntimeException e) {
      LOG.warn(
          "could not record event {} on {}: {}",
          reason,
          object.getMetadata().getName(),
          e.getMessage());
    }
  }

  private static String checksum(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().toHexDigits((int) crc.getValue());
  }
}
