package dev.orrery.placement.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orrery.placement.Yaml;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonSizeTest {

  static Stream<Object> values() {
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("a", null);
    withNull.put("quote\"key", List.of());
    List<Object> mixed =
        new ArrayList<>(
            Arrays.asList(1, -2L, 3.5, true, false, null, new BigDecimal("1e400"), "x"));
    return Stream.of(
        Map.of(),
        List.of(),
        "",
        "plain ascii",
        "esc \" \\ \n \r \t \b \f \u0001 \u001f end",
        "unicode é ü 日本 😀 mixed",
        withNull,
        mixed,
        Long.MAX_VALUE,
        Yaml.map(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {a: b}, annotations: {"x/y": "{\\"json\\": [1,2]}"}}
            spec: {replicas: 3, template: {spec: {containers: [{name: c, image: "nginx:1.27", args: ["--a=1", ""]}]}}}
            """));
  }

  @ParameterizedTest
  @MethodSource("values")
  void matchesJacksonsCompactEncoding(Object value) {
    assertThat(JsonSize.of(value)).isEqualTo(Yaml.json(value).length);
  }
}
