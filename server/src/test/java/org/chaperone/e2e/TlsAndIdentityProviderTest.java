package org.chaperone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.chaperone.api.v1.DirectoryServiceGrpc;
import org.chaperone.api.v1.GetMyPersonRequest;
import org.chaperone.api.v1.Person;
import org.chaperone.app.Gateway;
import org.chaperone.app.GatewaySettings;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.testing.TestCertificates;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production mode over a real socket: TLS with the district's certificate and tokens from the
 * district's identity provider (an RSA key published as a PEM file), mapped to people by email.
 */
class TlsAndIdentityProviderTest {
  @TempDir Path dir;

  @Test
  void servesTlsAndAcceptsTheDistrictsTokensByEmail() throws Exception {
    Path[] tls = TestCertificates.selfSignedLocalhost(dir);
    RSAKey idp = new RSAKeyGenerator(2048).keyID("idp-1").generate();
    Path publicKey = dir.resolve("idp.pem");
    Files.writeString(publicKey, TestCertificates.pem("PUBLIC KEY", idp.toRSAPublicKey().getEncoded()));
    GatewaySettings settings = new GatewaySettings(dir.resolve("data"), "", "", "", "127.0.0.1", 0,
        tls[0], tls[1], false, new GatewaySettings.JwtIssuer("https://login.lincoln.example.org",
            "chaperone", null, publicKey, "email", Duration.ofSeconds(30)),
        GatewaySettings.DEFAULT_MAX_TEXT_BYTES, true, DistrictPolicy.DEFAULT, null);
    try (Gateway gateway = Gateway.start(settings)) {
      assertThat(gateway.devTokens()).isEmpty();
      gateway.rosterImport().apply("test", OneRosterReader.readZip(TestDistrict.zip()), false);
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", gateway.port(),
          TlsChannelCredentials.newBuilder().trustManager(tls[0].toFile()).build()).build();
      try {
        String token = token(idp, "gina@example.com");
        Person me = DirectoryServiceGrpc.newBlockingStub(channel)
            .withCallCredentials(TestGateway.bearer(token))
            .getMyPerson(GetMyPersonRequest.getDefaultInstance());
        assertThat(me.getName()).isEqualTo("people/g1");
        assertThat(me.getRelatedPeopleList()).containsExactly("people/s1");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void refusesPlaintextOnANonLocalAddress() {
    GatewaySettings settings = new GatewaySettings(dir.resolve("data"), "", "", "", "0.0.0.0", 0,
        null, null, false, new GatewaySettings.JwtIssuer("iss", "aud", null, dir.resolve("k.pem"),
            "sub", null), GatewaySettings.DEFAULT_MAX_TEXT_BYTES, false, DistrictPolicy.DEFAULT, null);
    assertThatThrownBy(() -> Gateway.start(settings).close())
        .hasMessageContaining("without TLS");
  }

  private static String token(RSAKey key, String email) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer("https://login.lincoln.example.org").audience(List.of("chaperone"))
            .subject("opaque-idp-subject").claim("email", email)
            .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
