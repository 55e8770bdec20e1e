package org.chaperone.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.chaperone.app.Gateway;
import org.chaperone.app.GatewaySettings;
import org.chaperone.policy.DistrictPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outside development mode (an identity provider is configured) bearer tokens travel on the
 * gateway's connections, so it serves TLS unless told explicitly that a TLS proxy fronts it —
 * on localhost too.
 */
class TransportSecurityTest {
  @TempDir Path dir;

  private GatewaySettings production(boolean plaintext) {
    return new GatewaySettings(dir.resolve("data"), "", "", "", "127.0.0.1", 0, null, null,
        plaintext, new GatewaySettings.JwtIssuer("https://login.example.org", "chaperone", null,
            dir.resolve("idp.pem"), "sub", null),
        GatewaySettings.DEFAULT_MAX_TEXT_BYTES, false, DistrictPolicy.DEFAULT, null);
  }

  @Test
  void refusesToServeWithoutTlsOutsideDevelopmentModeEvenOnLocalhost() {
    assertThatThrownBy(() -> Gateway.start(production(false)).close())
        .hasMessageContaining("without TLS outside development mode")
        .hasMessageContaining("--tls-cert").hasMessageContaining("--plaintext");
    assertThat(dir.resolve("data").resolve("chaperone.db")).as("a refused start touches no data")
        .doesNotExist();
  }

  @Test
  void servesPlaintextOnlyWhenToldATlsProxyFrontsIt() throws Exception {
    java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    java.nio.file.Files.writeString(dir.resolve("idp.pem"), "-----BEGIN PUBLIC KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(
            rsa.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    try (Gateway gateway = Gateway.start(production(true))) {
      assertThat(gateway.port()).isPositive();
    }
  }

  @Test
  void clientCertificatesNeedTls() {
    assertThatThrownBy(() -> new GatewaySettings(dir, "", "", "", "127.0.0.1", 0, null, null, false,
        null, 1000, false, null, null, null, null, null, dir.resolve("ca.pem")))
        .hasMessageContaining("mutual TLS");
  }
}
