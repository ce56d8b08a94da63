package dev.orrery.app.argocd;

import dev.orrery.placement.match.LabelSelector;
import dev.orrery.placement.match.Parsed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' string form of a label selector, as {@code kubectl -l} takes it: comma-separated
 * requirements {@code key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)},
 * {@code key notin (a,b)}, {@code key} (exists) and {@code !key} (does not exist), all of which
 * must hold. Keys and values are validated as the API server would.
 */
public final class SelectorSyntax {

  private SelectorSyntax() {}

  /** Parses {@code text}; the empty string selects everything. */
  public static Parsed<LabelSelector> parse(String text) {
    List<Object> expressions = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String part : split(text, errors)) {
      String requirement = part.trim();
      if (requirement.isEmpty()) {
        errors.add("empty requirement in \"" + text + "\"");
        continue;
      }
      Map<String, Object> expression = requirement(requirement, errors);
      if (expression != null) {
        expressions.add(expression);
      }
    }
    if (!errors.isEmpty()) {
      return Parsed.failed(errors);
    }
    return LabelSelector.parse(Map.of("matchExpressions", expressions));
  }

  private static Map<String, Object> requirement(String r, List<String> errors) {
    if (r.startsWith("!")) {
      return expression(r.substring(1).trim(), "DoesNotExist", List.of());
    }
    int ne = r.indexOf("!=");
    if (ne >= 0) {
      return expression(r.substring(0, ne).trim(), "NotIn", List.of(r.substring(ne + 2).trim()));
    }
    int eq = r.indexOf('=');
    if (eq >= 0) {
      String value = r.substring(eq + (r.startsWith("==", eq) ? 2 : 1)).trim();
      return expression(r.substring(0, eq).trim(), "In", List.of(value));
    }
    String[] words = r.split("\\s+", 2);
    if (words.length == 1) {
      return expression(words[0], "Exists", List.of());
    }
    String rest = words[1].trim();
    String operator = rest.startsWith("notin") ? "NotIn" : rest.startsWith("in") ? "In" : null;
    String list = operator == null ? "" : rest.substring(operator.equals("In") ? 2 : 5).trim();
    if (operator == null || !list.startsWith("(") || !list.endsWith(")")) {
      errors.add(
          "cannot parse requirement \""
              + r
              + "\" (want key=value, key!=value, key in (a,b), key notin (a,b),"
              + " key or !key)");
      return null;
    }
    List<String> values = new ArrayList<>();
    for (String v : list.substring(1, list.length() - 1).split(",", -1)) {
      values.add(v.trim());
    }
    return expression(words[0], operator, values);
  }

  private static Map<String, Object> expression(String key, String operator, List<String> values) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("key", key);
    e.put("operator", operator);
    if (!values.isEmpty()) {
      e.put("values", values);
    }
    return e;
  }

  /** Splits on commas outside parentheses. */
  private static List<String> split(String text, List<String> errors) {
    List<String> parts = new ArrayList<>();
    if (text.isBlank()) {
      return parts;
    }
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
      if (depth < 0 || depth > 1) {
        errors.add("unbalanced parentheses in \"" + text + "\"");
        return List.of();
      }
    }
    if (depth != 0) {
      errors.add("unbalanced parentheses in \"" + text + "\"");
      return List.of();
    }
    parts.add(current.toString());
    return parts;
  }
}
