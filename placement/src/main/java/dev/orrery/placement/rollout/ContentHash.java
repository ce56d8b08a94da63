package dev.orrery.placement.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A short, stable name for a JSON-decoded content (one content of a Binding: its cleaned objects,
 * their identities and createOnly flags; or a ManifestWork as written): SHA-256 over a canonical
 * rendering (map keys sorted, numbers by value), as 12 hex digits.
 */
public final class ContentHash {
  private ContentHash() {}

  /**
   * @param objects each object's identity ({@code group/resource/namespace/name}), createOnly flag
   *     and cleaned manifest, in a stable order
   */
  public static String of(List<Map.Entry<String, Map<String, Object>>> objects) {
    StringBuilder canonical = new StringBuilder();
    for (Map.Entry<String, Map<String, Object>> o : objects) {
      canonical.append(o.getKey()).append('\n');
      render(o.getValue(), canonical);
      canonical.append('\n');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void render(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      sorted.forEach(
          (k, v) -> {
            out.append('"').append(k).append("\":");
            render(v, out);
            out.append(',');
          });
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (Object item : list) {
        render(item, out);
        out.append(',');
      }
      out.append(']');
    } else if (value instanceof String s) {
      out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    } else if (value instanceof Number n) {
      // 1 and 1L and 1.0 from different decoders are the same JSON number.
      double d = n.doubleValue();
      out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : n.toString());
    } else {
      out.append(value);
    }
  }
}
