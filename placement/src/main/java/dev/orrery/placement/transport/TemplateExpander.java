package dev.orrery.placement.transport;

import dev.orrery.placement.match.Unstructured;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands Go-template-style {@code {{.key}}} placeholders (spaces allowed: {@code {{ .key }}};
 * Go's trim markers {@code {{- .key -}}} too) in every string value, never in keys, of objects
 * annotated {@code control.kubestellar.io/expand-templates: "true"}, using a cluster's {@link
 * ClusterProperties}. Other template actions, an unclosed {@code {{} and an unknown key are errors
 * returned as {@link ExpansionResult.Failed}. The input is never mutated.
 */
public final class TemplateExpander {

  /** The annotation that opts an object into template expansion (value {@code "true"}). */
  public static final String EXPAND_ANNOTATION = "control.kubestellar.io/expand-templates";

  private static final Pattern KEY = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern SIMPLE_SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private TemplateExpander() {}

  /** Whether the object asks for expansion. */
  public static boolean wantsExpansion(Map<String, Object> object) {
    return "true"
        .equals(
            Unstructured.string(object, "metadata", "annotations", EXPAND_ANNOTATION).orElse(null));
  }

  /** Expands the object for one cluster; objects that do not ask for it come back unchanged. */
  public static ExpansionResult expand(Map<String, Object> object, ClusterProperties properties) {
    if (!wantsExpansion(object)) {
      return new ExpansionResult.Expanded(object);
    }
    Walk walk = new Walk(describe(object), properties);
    Object expanded = walk.value(object, "");
    if (walk.error != null) {
      return new ExpansionResult.Failed(walk.error);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) expanded;
    return new ExpansionResult.Expanded(result);
  }

  /** A readable name for an object: {@code Kind namespace/name} or {@code Kind name}. */
  static String describe(Map<String, Object> object) {
    String kind = Unstructured.string(object, "kind").orElse("object");
    String namespace = Unstructured.string(object, "metadata", "namespace").orElse("");
    String name = Unstructured.string(object, "metadata", "name").orElse("");
    return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }

  /** One expansion pass; stops at the first error. */
  private static final class Walk {
    private final String objectName;
    private final ClusterProperties properties;
    private TemplateError error;

    Walk(String objectName, ClusterProperties properties) {
      this.objectName = objectName;
      this.properties = properties;
    }

    Object value(Object value, String path) {
      if (error != null) {
        return value;
      }
      if (value instanceof Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          String key = String.valueOf(entry.getKey());
          copy.put(key, value(entry.getValue(), child(path, key)));
        }
        return copy;
      }
      if (value instanceof List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
          copy.add(value(list.get(i), path + "[" + i + "]"));
        }
        return copy;
      }
      if (value instanceof String text && text.contains("{{")) {
        return string(text, path);
      }
      return value;
    }

    private String string(String text, String path) {
      StringBuilder out = new StringBuilder();
      int i = 0;
      boolean trimNextText = false;
      while (i < text.length()) {
        int open = text.indexOf("{{", i);
        String literal = open < 0 ? text.substring(i) : text.substring(i, open);
        out.append(trimNextText ? literal.stripLeading() : literal);
        if (open < 0) {
          break;
        }
        int close = text.indexOf("}}", open + 2);
        if (close < 0) {
          fail(path, "", "malformed template: \"{{\" at offset " + open + " is never closed");
          return text;
        }
        String action = text.substring(open + 2, close);
        if (action.length() >= 2
            && action.charAt(0) == '-'
            && Character.isWhitespace(action.charAt(1))) {
          trimTrailing(out);
          action = action.substring(1);
        }
        trimNextText =
            action.length() >= 2
                && action.charAt(action.length() - 1) == '-'
                && Character.isWhitespace(action.charAt(action.length() - 2));
        if (trimNextText) {
          action = action.substring(0, action.length() - 1);
        }
        Optional<String> replacement = action(action.strip(), path);
        if (replacement.isEmpty()) {
          return text;
        }
        out.append(replacement.get());
        i = close + 2;
      }
      return out.toString();
    }

    private Optional<String> action(String action, String path) {
      Matcher matcher = KEY.matcher(action);
      if (!matcher.matches()) {
        fail(
            path,
            "",
            "malformed template: unsupported action \"{{"
                + action
                + "}}\" (only {{.key}} is supported)");
        return Optional.empty();
      }
      String key = matcher.group(1);
      Optional<String> value = properties.lookup(key);
      if (value.isEmpty()) {
        fail(
            path,
            key,
            "no property \""
                + key
                + "\" for cluster "
                + properties.clusterName()
                + " (looked in ConfigMap "
                + ClusterProperties.CONFIGMAP_NAMESPACE
                + "/"
                + properties.clusterName()
                + ", ManagedCluster annotations and labels, clusterName)");
      }
      return value;
    }

    private void fail(String path, String key, String problem) {
      String where = path.isEmpty() ? "" : " at " + path;
      error =
          new TemplateError(
              objectName,
              properties.clusterName(),
              path,
              key,
              "template expansion of " + objectName + where + " failed: " + problem);
    }

    private static void trimTrailing(StringBuilder out) {
      int end = out.length();
      while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
        end--;
      }
      out.setLength(end);
    }

    private static String child(String path, String key) {
      String segment = SIMPLE_SEGMENT.matcher(key).matches() ? key : null;
      if (segment == null) {
        return path + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
      }
      return path.isEmpty() ? segment : path + "." + segment;
    }
  }
}
