package dev.orrery.app.helmrelease;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orrery.renderer.ChartRelease;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a release revision released, as a SHA-256 of its chart fields, default values, user values
 * and rendered manifest (maps with sorted keys): equal digests mean Git changed nothing Helm would
 * have upgraded, so the revision stays.
 */
public final class ReleaseDigest {
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private ReleaseDigest() {}

  public static String of(ChartRelease release) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("chart", release.chart());
    content.put("values", release.chartValues());
    content.put("config", release.config());
    content.put("manifest", release.manifest());
    try {
      byte[] json = CANONICAL.writeValueAsBytes(content);
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("release content is not JSON: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
