package dev.orrery.spaces;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority that issues the serving and client certificates of one run.
 */
public final class CertificateAuthority {
  private static final Duration VALIDITY = Duration.ofDays(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair keyPair;
  private final X500Name subject;
  private final X509Certificate certificate;

  private CertificateAuthority(KeyPair keyPair, X500Name subject, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.subject = subject;
    this.certificate = certificate;
  }

  /** Creates a new self-signed CA named {@code commonName}. */
  public static CertificateAuthority create(String commonName) {
    KeyPair keys = newKeyPair();
    X500Name name = name(commonName, List.of());
    try {
      X509v3CertificateBuilder builder = builder(name, name, keys);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new CertificateAuthority(keys, name, sign(builder, keys.getPrivate()));
    } catch (IOException e) {
      throw new SpacesException("cannot create CA certificate", e);
    }
  }

  /** The CA certificate in PEM form. */
  public String certificatePem() {
    return pem(certificate);
  }

  /**
   * The CA's private key in PEM form, for a signer that issues certificates in its name (the ITS's
   * kube-controller-manager signs the client certificates of OCM registration).
   */
  public String privateKeyPem() {
    return pem(keyPair.getPrivate());
  }

  /** Issues a certificate for a server reachable at the given DNS names and IP addresses. */
  public Credential issueServer(String commonName, List<String> dnsNames, List<String> ips) {
    List<GeneralName> sans = new ArrayList<>();
    dnsNames.forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
    ips.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
    return issue(commonName, List.of(), sans, KeyPurposeId.id_kp_serverAuth);
  }

  /**
   * Issues a client certificate; Kubernetes reads the common name as the user name and the
   * organizations as its groups.
   */
  public Credential issueClient(String user, List<String> groups) {
    return issue(user, groups, List.of(), KeyPurposeId.id_kp_clientAuth);
  }

  private Credential issue(
      String commonName, List<String> orgs, List<GeneralName> sans, KeyPurposeId purpose) {
    KeyPair keys = newKeyPair();
    try {
      X509v3CertificateBuilder builder = builder(subject, name(commonName, orgs), keys);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (!sans.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(sans.toArray(GeneralName[]::new)));
      }
      X509Certificate cert = sign(builder, keyPair.getPrivate());
      return new Credential(pem(cert), pem(keys.getPrivate()));
    } catch (IOException e) {
      throw new SpacesException("cannot issue certificate for " + commonName, e);
    }
  }

  /** A new RSA key pair in PEM form, e.g. for signing service-account tokens. */
  public static Credential newSigningKey() {
    KeyPair keys = newKeyPair();
    return new Credential(pem(keys.getPublic()), pem(keys.getPrivate()));
  }

  private static X500Name name(String commonName, List<String> orgs) {
    X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
    orgs.forEach(o -> b.addRDN(BCStyle.O, o));
    b.addRDN(BCStyle.CN, commonName);
    return b.build();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(VALIDITY)),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new SpacesException("cannot sign certificate", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new SpacesException("cannot generate RSA key", e);
    }
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new SpacesException("cannot encode PEM", e);
    }
    return out.toString();
  }

  /** A certificate (or public key) and its private key, both in PEM form. */
  public record Credential(String certificatePem, String privateKeyPem) {
    @Override
    public String toString() {
      return "Credential[certificate, private key hidden]";
    }
  }
}
