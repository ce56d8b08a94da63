package dev.orrery.placement.transport;

import java.util.List;
import java.util.Map;

/**
 * The length in bytes of the compact UTF-8 JSON encoding of a JSON-decoded tree, computed without
 * encoding it; matches what Jackson 2 writes for maps, lists, strings, numbers, booleans and null
 * (characters outside the Basic Multilingual Plane count as two six-byte escapes, which is how
 * Jackson 2 writes them by default).
 */
public final class JsonSize {

  private JsonSize() {}

  /** The compact JSON size of {@code value} in bytes. */
  public static long of(Object value) {
    if (value == null) {
      return 4;
    }
    if (value instanceof String s) {
      return string(s);
    }
    if (value instanceof Boolean b) {
      return b ? 4 : 5;
    }
    if (value instanceof Number n) {
      return n.toString().length();
    }
    if (value instanceof Map<?, ?> map) {
      long size = 2 + Math.max(0, map.size() - 1);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        size += string(String.valueOf(entry.getKey())) + 1 + of(entry.getValue());
      }
      return size;
    }
    if (value instanceof List<?> list) {
      long size = 2 + Math.max(0, list.size() - 1);
      for (Object item : list) {
        size += of(item);
      }
      return size;
    }
    return string(value.toString());
  }

  private static long string(String s) {
    long size = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
        size += 2;
      } else if (c < 0x20) {
        size += 6;
      } else if (c < 0x80) {
        size += 1;
      } else if (c < 0x800) {
        size += 2;
      } else if (Character.isSurrogate(c)) {
        size += 6;
      } else {
        size += 3;
      }
    }
    return size;
  }
}
