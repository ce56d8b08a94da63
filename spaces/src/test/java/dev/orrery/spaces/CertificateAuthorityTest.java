package dev.orrery.spaces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  private final CertificateAuthority ca = CertificateAuthority.create("test-ca");

  @Test
  void serverCertificateIsSignedByTheCaAndNamesItsAddresses() throws Exception {
    CertificateAuthority.Credential server =
        ca.issueServer("apiserver", List.of("localhost"), List.of("127.0.0.1"));
    X509Certificate cert = parse(server.certificatePem());
    cert.verify(parse(ca.certificatePem()).getPublicKey());
    assertThat(
            cert.getSubjectAlternativeNames().stream()
                .map(san -> String.valueOf(san.get(1)))
                .toList())
        .contains("localhost", "127.0.0.1");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(server.privateKeyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
  }

  @Test
  void clientCertificateCarriesUserAsCommonNameAndGroupsAsOrganizations() throws Exception {
    X509Certificate cert =
        parse(ca.issueClient("alice", List.of("system:masters", "team-a")).certificatePem());
    cert.verify(parse(ca.certificatePem()).getPublicKey());
    String subject = cert.getSubjectX500Principal().getName();
    assertThat(subject).contains("CN=alice", "O=system:masters", "O=team-a");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
  }

  @Test
  void credentialToStringHidesTheKey() {
    assertThat(ca.issueClient("bob", List.of()).toString()).doesNotContain("PRIVATE");
  }

  private static X509Certificate parse(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
  }
}
