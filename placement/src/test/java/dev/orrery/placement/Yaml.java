package dev.orrery.placement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test support: JSON-decoded trees written as YAML text, the way objects arrive from the API. */
public final class Yaml {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private Yaml() {}

  /** Parses a YAML mapping into mutable maps and lists. */
  public static Map<String, Object> map(String yaml) {
    try {
      Map<String, Object> map = YAML.readValue(yaml, new TypeReference<Map<String, Object>>() {});
      return map == null ? new LinkedHashMap<>() : map;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test YAML: " + e.getMessage(), e);
    }
  }

  /** The compact JSON encoding as Jackson writes it. */
  public static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
