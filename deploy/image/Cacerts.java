import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The base image's Java trust store, from the PEM files of Debian's ca-certificates package:
 * {@code java Cacerts.java OUT EPOCH_SECONDS CERT.crt...}.
 *
 * <p>Debian's JRE reads {@code /etc/ssl/certs/java/cacerts}, which the ca-certificates-java package
 * creates when it is installed (keytool, today's date). The image installs nothing, so build-base.sh
 * writes that file with this program instead, in the JKS format (which every JDK 17 reads as a trust
 * store, see keystore.type.compat) and byte for byte reproducible: entries sorted by alias, every
 * entry dated EPOCH_SECONDS, no random salt. Aliases are Debian's ({@code debian:<file>.pem}).
 * Password for the integrity check: {@code changeit}, the JDK's default.
 */
public final class Cacerts {
  private static final int MAGIC = 0xFEEDFEED;
  private static final int VERSION = 2;
  private static final int TRUSTED_CERT = 2;

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: java Cacerts.java OUT EPOCH_SECONDS CERT.crt...");
    }
    Path out = Path.of(args[0]);
    long date = Long.parseLong(args[1]) * 1000;
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    Map<String, X509Certificate> byAlias = new TreeMap<>();
    for (int i = 2; i < args.length; i++) {
      Path pem = Path.of(args[i]);
      X509Certificate cert;
      try (InputStream in = Files.newInputStream(pem)) {
        cert = (X509Certificate) x509.generateCertificate(in);
      }
      String alias = "debian:" + pem.getFileName().toString().replaceFirst("\\.crt$", ".pem").toLowerCase(Locale.ROOT);
      if (byAlias.put(alias, cert) != null) {
        throw new IllegalArgumentException("two certificates with alias " + alias);
      }
    }

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream data = new DataOutputStream(bytes)) {
      data.writeInt(MAGIC);
      data.writeInt(VERSION);
      data.writeInt(byAlias.size());
      for (Map.Entry<String, X509Certificate> e : byAlias.entrySet()) {
        byte[] encoded = e.getValue().getEncoded();
        data.writeInt(TRUSTED_CERT);
        data.writeUTF(e.getKey());
        data.writeLong(date);
        data.writeUTF("X.509");
        data.writeInt(encoded.length);
        data.write(encoded);
      }
    }
    byte[] body = bytes.toByteArray();
    Files.write(out, concat(body, integrity("changeit".toCharArray(), body)));
    System.err.println("[image] " + out + ": " + byAlias.size() + " trusted certificates");
  }

  /** JKS's keyed digest: SHA-1 over the password (UTF-16BE), "Mighty Aphrodite" and the store. */
  private static byte[] integrity(char[] password, byte[] body) throws Exception {
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    for (char c : password) {
      sha1.update((byte) (c >> 8));
      sha1.update((byte) c);
    }
    sha1.update("Mighty Aphrodite".getBytes(StandardCharsets.UTF_8));
    sha1.update(body);
    return sha1.digest();
  }

  private static byte[] concat(byte[] a, byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.write(a);
    out.write(b);
    return out.toByteArray();
  }
}
