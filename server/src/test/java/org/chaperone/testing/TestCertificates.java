package org.chaperone.testing;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Certificates for tests over real sockets, made with the JDK's {@code keytool} (no extra
 * dependency) and written as the PEM files the gateway's settings take.
 */
public final class TestCertificates {
  private static final String PASSWORD = "changeit";

  private TestCertificates() {}

  /** A self-signed certificate for localhost: {@code [certificate PEM, PKCS#8 key PEM]}. */
  public static Path[] selfSignedLocalhost(Path dir) throws Exception {
    Path store = dir.resolve("localhost.p12");
    keytool("-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    KeyStore ks = load(store);
    Path certFile = dir.resolve("localhost.crt");
    Path keyFile = dir.resolve("localhost.key");
    Files.writeString(certFile, pem("CERTIFICATE", ks.getCertificate("gateway").getEncoded()));
    Files.writeString(keyFile, pem("PRIVATE KEY",
        ks.getKey("gateway", PASSWORD.toCharArray()).getEncoded()));
    return new Path[] {certFile, keyFile};
  }

  /** A new certificate authority named {@code name}, kept in {@code dir}. */
  public static Authority authority(Path dir, String name) throws Exception {
    Path store = dir.resolve(name + "-ca.p12");
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + name, "-ext", "bc:c", "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    Path pemFile = dir.resolve(name + "-ca.pem");
    Files.writeString(pemFile, pem("CERTIFICATE", load(store).getCertificate("ca").getEncoded()));
    return new Authority(dir, store, pemFile);
  }

  /** A certificate authority: its certificate as PEM, and the client certificates it issues. */
  public record Authority(Path dir, Path store, Path certificatePem) {
    /** A key pair with a certificate for {@code commonName} signed by this authority. */
    public Issued issue(String commonName) throws Exception {
      Path client = dir.resolve("client-" + Integer.toHexString(commonName.hashCode())
          + "-" + store.getFileName());
      // keytool signs with a key of the same keystore: start from a copy of the authority's.
      Files.copy(store, client);
      keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=" + commonName, "-validity", "2", "-ext", "EKU=clientAuth",
          "-keystore", client.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
          "-signer", "ca", "-signerkeypass", PASSWORD);
      KeyStore ks = load(client);
      Certificate[] chain = ks.getCertificateChain("client");
      return new Issued((PrivateKey) ks.getKey("client", PASSWORD.toCharArray()),
          Arrays.copyOf(chain, chain.length, X509Certificate[].class));
    }
  }

  /** A client's key and certificate chain (its certificate first). */
  public record Issued(PrivateKey key, X509Certificate[] chain) {
    /**
     * A key manager that always presents this certificate, whichever authorities the server
     * names as acceptable — so that a certificate from another authority is really offered.
     */
    public X509ExtendedKeyManager keyManager() {
      return new X509ExtendedKeyManager() {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
          return new String[] {"client"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
          return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
          return "client";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
          return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
          return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
          return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
          return key;
        }
      };
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (keytool.waitFor() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }

  private static KeyStore load(Path store) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  /** {@code der} as a PEM block of {@code type}. */
  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
