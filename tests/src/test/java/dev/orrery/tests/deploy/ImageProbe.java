package dev.orrery.tests.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Run by {@link ImageIT} with the image's own Java, inside the image: prints {@code key=value}
 * lines about what Orrery relies on in its runtime (JDK classes only, so it runs on the bare JRE).
 */
public final class ImageProbe {
  private ImageProbe() {}

  public static void main(String[] args) throws Exception {
    print("java.runtime.version", System.getProperty("java.runtime.version"));
    print("user.name", System.getProperty("user.name"));
    print("user.home", System.getProperty("user.home"));
    print("file.encoding", System.getProperty("file.encoding"));
    print("sun.jnu.encoding", System.getProperty("sun.jnu.encoding"));

    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    X509TrustManager trust = (X509TrustManager) tmf.getTrustManagers()[0];
    print("trusted.issuers", String.valueOf(trust.getAcceptedIssuers().length));
    print(
        "trusts.isrg.root.x1",
        String.valueOf(
            Arrays.stream(trust.getAcceptedIssuers())
                .anyMatch(c -> c.getSubjectX500Principal().getName().contains("CN=ISRG Root X1"))));

    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = ec.generateKeyPair();
    Signature sign = Signature.getInstance("SHA256withECDSA");
    sign.initSign(pair.getPrivate());
    sign.update(new byte[] {1, 2, 3});
    byte[] signature = sign.sign();
    sign.initVerify(pair.getPublic());
    sign.update(new byte[] {1, 2, 3});
    print("ecdsa", String.valueOf(sign.verify(signature)));
    print(
        "tls.protocols",
        String.join(",", SSLContext.getDefault().getSupportedSSLParameters().getProtocols()));

    print(
        "git.cache.writable",
        String.valueOf(writable(Path.of(System.getenv("ORRERY_GIT_CACHE_DIR")))));
    print("tmp.writable", String.valueOf(writable(Path.of(System.getProperty("java.io.tmpdir")))));
  }

  private static boolean writable(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static void print(String key, String value) {
    System.out.println(key + "=" + value);
  }
}
