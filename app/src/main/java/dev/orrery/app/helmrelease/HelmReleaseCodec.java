package dev.orrery.app.helmrelease;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Helm 3's storage encoding of a release (the value of a release Secret's {@code data.release}
 * before Kubernetes' own base64): the release as JSON, gzipped at best compression, then base64
 * (standard alphabet, padded). Decoding accepts uncompressed JSON too, as Helm does for records
 * written before it compressed them.
 */
public final class HelmReleaseCodec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private HelmReleaseCodec() {}

  public static String encode(Map<String, Object> release) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new BestGzip(bytes)) {
        gzip.write(JSON.writeValueAsBytes(release));
      }
      return Base64.getEncoder().encodeToString(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The release JSON of an encoded record; throws IllegalArgumentException when it is none. */
  public static Map<String, Object> decode(String encoded) {
    try {
      byte[] bytes = Base64.getDecoder().decode(encoded);
      if (bytes.length > 3
          && (bytes[0] & 0xff) == 0x1f
          && (bytes[1] & 0xff) == 0x8b
          && bytes[2] == 0x08) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        }
      }
      return JSON.readValue(bytes, MAP);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a Helm release record: " + e.getMessage(), e);
    }
  }

  /** gzip at {@link Deflater#BEST_COMPRESSION}, as Helm writes. */
  private static final class BestGzip extends GZIPOutputStream {
    BestGzip(ByteArrayOutputStream out) throws IOException {
      super(out);
      def.setLevel(Deflater.BEST_COMPRESSION);
    }
  }
}
