package org.chaperone.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chaperone.auth.TestTokens.AUDIENCE;
import static org.chaperone.auth.TestTokens.ISSUER;
import static org.chaperone.auth.TestTokens.NOW;
import static org.chaperone.auth.TestTokens.sign;
import static org.chaperone.auth.TestTokens.validClaims;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.chaperone.auth.TokenRejectedException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtKeySourceTest {
  private static RSAKey rsa;
  private static ECKey ec;
  private static RSAKey rotated;

  @TempDir Path dir;
  private HttpServer server;

  @BeforeAll
  static void keys() {
    rsa = TestTokens.rsaKey("rsa-2025");
    ec = TestTokens.ecKey("ec-2025");
    rotated = TestTokens.rsaKey("rsa-2026");
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static JwtTokenVerifier verifier(KeySource keys) {
    return new JwtTokenVerifier(
        new JwtSettings(ISSUER, AUDIENCE, "sub", Duration.ofSeconds(30), keys),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static Reason rejectionOf(TokenVerifier verifier, String token) {
    try {
      verifier.verify(token);
    } catch (TokenRejectedException e) {
      return e.reason();
    }
    throw new AssertionError("token was accepted but should have been rejected");
  }

  @Test
  void jwksFileWithPrivateKeysTrustsTheirPublicHalves() throws Exception {
    Path file = dir.resolve("keys.jwks");
    Files.writeString(file, new JWKSet(List.of(rsa, ec)).toString(false));

    JwtTokenVerifier verifier = verifier(new KeySource.JwksFile(file));

    assertThat(verifier.verify(sign(rsa, validClaims().build())).subject()).isEqualTo("teacher-17");
    assertThat(verifier.verify(sign(ec, validClaims().build())).subject()).isEqualTo("teacher-17");
    assertThat(rejectionOf(verifier, sign(rotated, validClaims().build())))
        .isEqualTo(Reason.UNTRUSTED_KEY);
  }

  @Test
  void fileWithASingleJwkIsAccepted() throws Exception {
    Path file = dir.resolve("key.jwk");
    Files.writeString(file, ec.toPublicJWK().toJSONString());

    JwtTokenVerifier verifier = verifier(new KeySource.JwksFile(file));

    assertThat(verifier.verify(sign(ec, validClaims().build())).subject()).isEqualTo("teacher-17");
  }

  @Test
  void pemRsaPublicKeyIsPinnedWhateverKidTheTokenNames() throws Exception {
    Path file = dir.resolve("idp.pem");
    Files.writeString(file, pem(rsa.toRSAPublicKey()));
    JwtTokenVerifier verifier = verifier(new KeySource.JwksFile(file));

    assertThat(verifier.verify(sign(rsa, validClaims().build())).subject()).isEqualTo("teacher-17");
    String noKid = sign(rsa, JWSAlgorithm.RS256, null, validClaims().build());
    assertThat(verifier.verify(noKid).subject()).isEqualTo("teacher-17");
    assertThat(rejectionOf(verifier, sign(rotated, validClaims().build())))
        .isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(rejectionOf(verifier, sign(ec, validClaims().build())))
        .isEqualTo(Reason.UNTRUSTED_KEY);
  }

  @Test
  void pemEcPublicKeyIsAccepted() throws Exception {
    Path file = dir.resolve("idp-ec.pem");
    Files.writeString(file, "\n" + pem(ec.toECPublicKey()));
    JwtTokenVerifier verifier = verifier(new KeySource.JwksFile(file));

    assertThat(verifier.verify(sign(ec, validClaims().build())).subject()).isEqualTo("teacher-17");
    assertThat(rejectionOf(verifier, sign(rsa, validClaims().build())))
        .isEqualTo(Reason.UNTRUSTED_KEY);
  }

  @Test
  void unusableKeyFilesFailAtConstruction() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.jwks"), "{not json");
    Path privatePem =
        Files.writeString(
            dir.resolve("private.pem"),
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    Path badBase64 =
        Files.writeString(
            dir.resolve("bad.pem"), "-----BEGIN PUBLIC KEY-----\n%%%%\n-----END PUBLIC KEY-----\n");
    Path symmetricOnly =
        Files.writeString(
            dir.resolve("oct.jwks"),
            "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\"}]}");

    for (Path file : List.of(garbage, privatePem, badBase64, symmetricOnly)) {
      assertThatThrownBy(() -> verifier(new KeySource.JwksFile(file)))
          .as(file.getFileName().toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(file.toString());
    }
    assertThatThrownBy(() -> verifier(new KeySource.JwksFile(dir.resolve("absent.jwks"))))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void remoteJwksIsFetchedOnceAndRefreshedWhenAKeyRotates() throws Exception {
    AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(rsa.toPublicJWK()));
    AtomicInteger fetches = new AtomicInteger();
    URI url = serveJwks(published, fetches);
    JwtTokenVerifier verifier = verifier(new KeySource.JwksUrl(url));

    assertThat(verifier.verify(sign(rsa, validClaims().build())).subject()).isEqualTo("teacher-17");
    assertThat(verifier.verify(sign(rsa, validClaims().subject("teacher-18").build())).subject())
        .isEqualTo("teacher-18");
    assertThat(fetches).hasValue(1);

    // The provider rotates: the old key is withdrawn and a new kid appears.
    published.set(new JWKSet(rotated.toPublicJWK()));

    assertThat(verifier.verify(sign(rotated, validClaims().build())).subject())
        .isEqualTo("teacher-17");
    assertThat(fetches).hasValue(2);
    assertThat(rejectionOf(verifier, sign(rsa, validClaims().build())))
        .isEqualTo(Reason.UNTRUSTED_KEY);
    assertThat(rejectionOf(verifier, sign(ec, validClaims().build())))
        .isEqualTo(Reason.UNTRUSTED_KEY);
    // Refreshes on unknown kids are rate-limited: no third fetch this soon.
    assertThat(fetches).hasValue(2);
  }

  @Test
  void unreachableJwksRejectsAsUntrustedKey() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    URI url = serveJwks(new AtomicReference<>(new JWKSet(rsa.toPublicJWK())), fetches);
    server.stop(0);
    server = null;

    JwtTokenVerifier verifier = verifier(new KeySource.JwksUrl(url));

    assertThat(rejectionOf(verifier, sign(rsa, validClaims().build())))
        .isEqualTo(Reason.UNTRUSTED_KEY);
  }

  @Test
  void jwksUrlMustBeHttpsUnlessLoopback() {
    assertThatThrownBy(() -> new KeySource.JwksUrl(URI.create("http://idp.example/jwks")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeySource.JwksUrl(URI.create("file:///etc/jwks.json")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeySource.JwksUrl(URI.create("http://127.evil.example/jwks")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new KeySource.JwksUrl(URI.create("http://127.0.0.1:8080/jwks")).url().getPort())
        .isEqualTo(8080);
    assertThat(new KeySource.JwksUrl(URI.create("https://idp.example/jwks")).url().getHost())
        .isEqualTo("idp.example");
    assertThat(new KeySource.JwksUrl(URI.create("http://localhost:8080/jwks")).url().getPort())
        .isEqualTo(8080);
    assertThat(new KeySource.JwksUrl(URI.create("http://[::1]:8080/jwks")).url().getPort())
        .isEqualTo(8080);
  }

  private URI serveJwks(AtomicReference<JWKSet> published, AtomicInteger fetches)
      throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
  }

  private static String pem(PublicKey key) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }
}
