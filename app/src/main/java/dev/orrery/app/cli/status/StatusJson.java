package dev.orrery.app.cli.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code orrery status --output json}: the {@link SystemStatus} as indented JSON; absent values are
 * {@code null}.
 */
public final class StatusJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatusJson() {}

  public static String render(SystemStatus status) {
    try {
      return MAPPER.writeValueAsString(status) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the status as JSON", e);
    }
  }
}
