package dev.orrery.app.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orrery.renderer.ChartRelease;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Release records as Helm reads them: the Secret's data decoded the way Helm's Secret driver does
 * (Kubernetes base64, then base64, gzip magic, gunzip, JSON) into classes shaped like Helm's Go
 * structs (their JSON tags and types; unknown fields ignored as Go's decoder does).
 */
class HelmReleaseCodecTest {

  /** helm.sh/helm/v3/pkg/release.Release, as JSON. */
  record GoRelease(
      String name,
      GoInfo info,
      GoChart chart,
      Map<String, Object> config,
      String manifest,
      int version,
      String namespace) {}

  record GoInfo(
      @JsonProperty("first_deployed") String firstDeployed,
      @JsonProperty("last_deployed") String lastDeployed,
      String deleted,
      String description,
      String status,
      String notes) {}

  record GoChart(
      GoMetadata metadata,
      Object lock,
      List<Map<String, Object>> templates,
      Map<String, Object> values,
      Object schema,
      List<Map<String, Object>> files) {}

  record GoMetadata(String name, String version, String appVersion, String apiVersion) {}

  static final ObjectMapper GO =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  static ChartRelease release(String greeting) {
    return new ChartRelease(
        "charts/web",
        "front",
        "shop",
        Map.of("apiVersion", "v2", "name", "web", "version", "1.2.3", "appVersion", "4.5"),
        Map.of("greeting", "hello"),
        Map.of("greeting", greeting),
        "---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n");
  }

  /** Decodes a Secret's {@code data.release} as Helm's storage driver does. */
  static GoRelease decodeAsHelm(String secretData) throws Exception {
    byte[] helmString = Base64.getDecoder().decode(secretData); // Kubernetes' base64
    byte[] bytes = Base64.getDecoder().decode(helmString); // Helm's base64
    assertThat(new byte[] {bytes[0], bytes[1], bytes[2]})
        .as("gzip magic Helm looks for")
        .containsExactly(0x1f, 0x8b, 0x08);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return GO.readValue(in.readAllBytes(), GoRelease.class);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRecordSecretDecodesAsHelmWouldWithChartVersionsRevisionStatusAndValues() throws Exception {
    Instant now = Instant.parse("2026-12-06T19:30:00.123456Z");
    ReleaseRecord record =
        new ReleaseHistory(10)
            .next(release("hi"), "sha256:x", List.of(), now, "Git revision abc")
            .get(0);
    Map<String, Object> secret = ReleaseSecrets.manifest("front", "shop", record, Map.of());

    Map<String, Object> metadata = (Map<String, Object>) secret.get("metadata");
    assertThat(metadata.get("name")).isEqualTo("sh.helm.release.v1.front.v1");
    assertThat(metadata.get("namespace")).isEqualTo("shop");
    assertThat((Map<String, Object>) metadata.get("labels"))
        .containsEntry("name", "front")
        .containsEntry("owner", "helm")
        .containsEntry("status", "deployed")
        .containsEntry("version", "1")
        .containsEntry("createdAt", Long.toString(now.getEpochSecond()));
    assertThat(secret.get("type")).isEqualTo("helm.sh/release.v1");

    GoRelease go = decodeAsHelm((String) ((Map<String, Object>) secret.get("data")).get("release"));
    assertThat(go.name()).isEqualTo("front");
    assertThat(go.namespace()).isEqualTo("shop");
    assertThat(go.version()).isEqualTo(1);
    assertThat(go.info().status()).isEqualTo("deployed");
    assertThat(go.info().description()).isEqualTo("Install complete: Git revision abc");
    assertThat(go.info().deleted()).isEmpty();
    assertThat(OffsetDateTime.parse(go.info().firstDeployed()).toInstant()).isEqualTo(now);
    assertThat(OffsetDateTime.parse(go.info().lastDeployed()).toInstant()).isEqualTo(now);
    assertThat(go.chart().metadata().name()).isEqualTo("web");
    assertThat(go.chart().metadata().version()).isEqualTo("1.2.3");
    assertThat(go.chart().metadata().appVersion()).isEqualTo("4.5");
    assertThat(go.chart().metadata().apiVersion()).isEqualTo("v2");
    assertThat(go.chart().values()).containsEntry("greeting", "hello");
    assertThat(go.chart().templates()).isEmpty();
    assertThat(go.config()).containsEntry("greeting", "hi");
    assertThat(go.manifest()).startsWith("---\n# Source: web/templates/cm.yaml");
  }

  @Test
  void ourDecoderReadsBackWhatWeEncodeAndUncompressedJsonAsHelmDoes() {
    Map<String, Object> json = Map.of("name", "a", "version", 3);
    assertThat(HelmReleaseCodec.decode(HelmReleaseCodec.encode(json))).isEqualTo(json);
    String plain =
        Base64.getEncoder()
            .encodeToString("{\"name\":\"old\",\"version\":1}".getBytes(StandardCharsets.UTF_8));
    assertThat(HelmReleaseCodec.decode(plain)).containsEntry("name", "old");
    assertThatThrownBy(() -> HelmReleaseCodec.decode("%%%"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStoredSecretReadsBackIntoTheSameRecord() {
    ReleaseRecord record =
        new ReleaseHistory(10).next(release("hi"), "sha256:y", List.of(), Instant.EPOCH, "").get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> secret =
        ReleaseSecrets.manifest("front", "shop", record, Map.of("app", "shop"));
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) secret.get("metadata");
    @SuppressWarnings("unchecked")
    ReleaseRecord read =
        ReleaseSecrets.record(
                (Map<String, String>) (Map<?, ?>) metadata.get("labels"),
                (Map<String, String>) (Map<?, ?>) metadata.get("annotations"),
                (String) secret.get("type"),
                (Map<String, String>) (Map<?, ?>) secret.get("data"))
            .orElseThrow();
    assertThat(read).isEqualTo(record);
    assertThat(ReleaseSecrets.record(Map.of(), Map.of(), "Opaque", Map.of("release", "x")))
        .isEmpty();
  }

  @Test
  void secretNamesHoldTheirVersion() {
    assertThat(ReleaseSecrets.version("front", "sh.helm.release.v1.front.v12")).hasValue(12);
    assertThat(ReleaseSecrets.version("front", "sh.helm.release.v1.frontend.v1")).isEmpty();
    assertThat(ReleaseSecrets.version("front", "sh.helm.release.v1.front.v")).isEmpty();
    assertThat(ReleaseSecrets.version("front", "sh.helm.release.v1.front.vx")).isEmpty();
  }
}
