package dev.orrery.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service's logback.xml: text by default, one JSON object per line with ORRERY_LOG_FORMAT=json;
 * MDC in both.
 */
class LogFormatTest {

  @Test
  void jsonLinesCarryTheMdcAndTheFormattedMessage() throws Exception {
    String line = encode(configure("json"), "status of {} committed", "default/fleet");

    assertThat(line).endsWith("}\n").containsOnlyOnce("\n");
    Map<String, Object> json =
        new ObjectMapper().readValue(line, new TypeReference<Map<String, Object>>() {});
    assertThat(json)
        .containsEntry("level", "INFO")
        .containsEntry("loggerName", "dev.orrery.Test")
        .containsEntry("mdc", Map.of("bindingpolicy", "edge", "cluster", "cluster1"))
        .containsEntry("formattedMessage", "status of default/fleet committed");
  }

  @Test
  void textIsTheDefaultWithTheMdcAsKeyValuePairs() throws Exception {
    String line = encode(configure(null), "status of {} committed", "default/fleet");

    assertThat(line)
        .contains(
            "INFO", "bindingpolicy=edge, cluster=cluster1 - status of default/fleet committed")
        .doesNotContain("{");
  }

  private static LoggerContext configure(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    if (format != null) {
      context.putProperty("ORRERY_LOG_FORMAT", format);
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .as("logback configuration errors")
        .noneMatch(s -> s.getLevel() >= Status.WARN);
    return context;
  }

  @SuppressWarnings("unchecked")
  private static String encode(LoggerContext context, String message, Object argument) {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    OutputStreamAppender<ILoggingEvent> stdout =
        (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDOUT");
    LoggingEvent event =
        new LoggingEvent(
            "dev.orrery.Test",
            context.getLogger("dev.orrery.Test"),
            ch.qos.logback.classic.Level.INFO,
            message,
            null,
            new Object[] {argument});
    event.setMDCPropertyMap(
        new java.util.TreeMap<>(Map.of("bindingpolicy", "edge", "cluster", "cluster1")));
    return new String(stdout.getEncoder().encode(event), StandardCharsets.UTF_8);
  }
}
