package dev.orrery.spaces;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * Writes kubeconfig files that carry their certificates inline, so one file is all a user needs.
 */
final class Kubeconfig {
  private Kubeconfig() {}

  /**
   * Writes a kubeconfig for {@code server} with context {@code name}, readable by the owner only.
   */
  static Path write(
      Path file, String name, URI server, String caPem, CertificateAuthority.Credential user) {
    String text =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
            certificate-authority-data: %3$s
        users:
        - name: %1$s-admin
          user:
            client-certificate-data: %4$s
            client-key-data: %5$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s-admin
        current-context: %1$s
        """
            .formatted(
                name, server, b64(caPem), b64(user.certificatePem()), b64(user.privateKeyPem()));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException e) {
      throw new SpacesException("cannot write kubeconfig " + file, e);
    }
  }

  private static String b64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
