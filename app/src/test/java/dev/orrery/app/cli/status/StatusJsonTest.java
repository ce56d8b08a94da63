package dev.orrery.app.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusJsonTest {

  @Test
  void theJsonHasEverySectionWithFullRevisionsAndNullsForUnknowns() throws Exception {
    JsonNode json = new ObjectMapper().readTree(StatusJson.render(StatusTableTest.STATUS));

    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly("sources", "policies", "clusters", "rollouts");
    JsonNode fleet = json.get("sources").get(0);
    assertThat(fleet.get("namespace").asText()).isEqualTo("default");
    assertThat(fleet.get("revision").asText()).isEqualTo("0123456789abcdef");
    assertThat(fleet.get("ready").asText()).isEqualTo("True");
    assertThat(fleet.has("key")).isFalse();
    assertThat(json.get("sources").get(1).get("ready").isNull()).isTrue();
    assertThat(json.get("policies").get(0).get("clusters").asInt()).isEqualTo(2);
    assertThat(json.get("policies").get(1).get("objects").isNull()).isTrue();
    JsonNode cluster1 = json.get("clusters").get(0);
    assertThat(cluster1.get("labels").get("location-group").asText()).isEqualTo("edge");
    assertThat(cluster1.get("works").get(1).get("applied").asText()).isEqualTo("False");
    assertThat(cluster1.get("works").get(1).get("message").asText())
        .isEqualTo("Failed to apply manifest");
  }
}
