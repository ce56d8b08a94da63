package dev.orrery.app.argocd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orrery.placement.match.LabelSelector;
import dev.orrery.placement.match.Parsed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body Argo CD's ApplicationSet controller posts to {@code /api/v1/getparams.execute}: {@code
 * {"applicationSetName": "...", "input": {"parameters": {...}}}}. The parameters name exactly one
 * of {@code bindingPolicy} (a BindingPolicy name), {@code clusterSelector} (a label selector object
 * with {@code matchLabels}/{@code matchExpressions}) or {@code labelSelector} (the same as a
 * string, {@code "a=b,c in (d)"}); other parameters are ignored.
 *
 * @param applicationSetName the ApplicationSet asking (for logs)
 * @param input what it asks for
 */
public record GeneratorRequest(String applicationSetName, GeneratorInput input) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KEYS =
      List.of("bindingPolicy", "clusterSelector", "labelSelector");

  /** Rejects nulls. */
  public GeneratorRequest {
    Objects.requireNonNull(applicationSetName, "applicationSetName");
    Objects.requireNonNull(input, "input");
  }

  /**
   * Parses a request body.
   *
   * @throws GeneratorRequestException with status 400 naming what is wrong
   */
  public static GeneratorRequest parse(byte[] body) {
    Object root;
    try {
      root = body == null || body.length == 0 ? null : JSON.readValue(body, Object.class);
    } catch (JsonProcessingException e) {
      throw bad("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw bad("the body cannot be read: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> request)) {
      throw bad(
          "the body must be a JSON object {\"applicationSetName\": ..., \"input\": {\"parameters\": {...}}}");
    }
    Object name = request.get("applicationSetName");
    if (name != null && !(name instanceof String)) {
      throw bad("applicationSetName must be a string");
    }
    Object input = request.get("input");
    if (input != null && !(input instanceof Map)) {
      throw bad("input must be an object");
    }
    Object parameters = input == null ? null : ((Map<?, ?>) input).get("parameters");
    if (parameters != null && !(parameters instanceof Map)) {
      throw bad("input.parameters must be an object");
    }
    Map<?, ?> params = parameters == null ? Map.of() : (Map<?, ?>) parameters;
    return new GeneratorRequest(name == null ? "" : (String) name, input(params));
  }

  private static GeneratorInput input(Map<?, ?> params) {
    List<String> given = new ArrayList<>();
    for (String key : KEYS) {
      if (params.containsKey(key)) {
        given.add(key);
      }
    }
    if (given.size() != 1) {
      throw bad(
          "input.parameters must hold exactly one of bindingPolicy, clusterSelector or labelSelector"
              + (given.isEmpty() ? "" : "; got " + String.join(", ", given)));
    }
    Object value = params.get(given.get(0));
    switch (given.get(0)) {
      case "bindingPolicy" -> {
        if (!(value instanceof String policy) || policy.isBlank()) {
          throw bad(
              "input.parameters.bindingPolicy must be a non-empty string (a BindingPolicy name)");
        }
        return new GeneratorInput.Policy(policy);
      }
      case "clusterSelector" -> {
        if (!(value instanceof Map)) {
          throw bad(
              "input.parameters.clusterSelector must be a label selector object (matchLabels, matchExpressions)");
        }
        return new GeneratorInput.Selector(selector(LabelSelector.parse(value), "clusterSelector"));
      }
      default -> {
        if (!(value instanceof String text)) {
          throw bad(
              "input.parameters.labelSelector must be a string such as \"env=prod,tier in (web,api)\"");
        }
        return new GeneratorInput.Selector(selector(SelectorSyntax.parse(text), "labelSelector"));
      }
    }
  }

  private static LabelSelector selector(Parsed<LabelSelector> parsed, String key) {
    if (!parsed.isValid()) {
      throw bad("input.parameters." + key + " is invalid: " + String.join("; ", parsed.errors()));
    }
    return parsed.value();
  }

  private static GeneratorRequestException bad(String message) {
    return new GeneratorRequestException(400, message);
  }
}
