package org.chaperone.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chaperone.auth.TestTokens.AUDIENCE;
import static org.chaperone.auth.TestTokens.ISSUER;
import static org.chaperone.auth.TestTokens.NOW;
import static org.chaperone.auth.TestTokens.sign;
import static org.chaperone.auth.TestTokens.validClaims;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.chaperone.auth.TokenRejectedException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JwtTokenVerifierTest {
  private static final Duration SKEW = Duration.ofSeconds(30);

  private static RSAKey rsa;
  private static ECKey ec;
  private static RSAKey stranger;

  @BeforeAll
  static void keys() {
    rsa = TestTokens.rsaKey("rsa-1");
    ec = TestTokens.ecKey("ec-1");
    stranger = TestTokens.rsaKey("stranger");
  }

  private static JwtTokenVerifier verifierAt(Instant now, String identityClaim) {
    JwtSettings settings =
        new JwtSettings(
            ISSUER,
            AUDIENCE,
            identityClaim,
            SKEW,
            // Private halves included on purpose: the verifier must trust only the public ones.
            new KeySource.StaticKeys(new JWKSet(List.of(rsa, ec))));
    return new JwtTokenVerifier(settings, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static JwtTokenVerifier verifier() {
    return verifierAt(NOW, "sub");
  }

  private static Reason rejectionOf(TokenVerifier verifier, String token) {
    try {
      verifier.verify(token);
    } catch (TokenRejectedException e) {
      if (token != null && token.length() > 8) {
        assertThat(e.getMessage()).doesNotContain(token);
        for (String part : token.split("\\.")) {
          if (part.length() > 8) {
            assertThat(e.getMessage()).doesNotContain(part);
          }
        }
      }
      return e.reason();
    }
    throw new AssertionError("token was accepted but should have been rejected");
  }

  @Test
  void acceptsRs256TokenWithIdentityFromSub() throws Exception {
    VerifiedToken token = verifier().verify(sign(rsa, validClaims().build()));

    assertThat(token.subject()).isEqualTo("teacher-17");
    assertThat(token.issuer()).isEqualTo(ISSUER);
    assertThat(token.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    assertThat(token.actor()).isEmpty();
  }

  @Test
  void acceptsEs256Ps256AndRs512Tokens() throws Exception {
    JWTClaimsSet claims = validClaims().build();

    assertThat(verifier().verify(sign(ec, claims)).subject()).isEqualTo("teacher-17");
    assertThat(verifier().verify(sign(rsa, JWSAlgorithm.PS256, "rsa-1", claims)).subject())
        .isEqualTo("teacher-17");
    assertThat(verifier().verify(sign(rsa, JWSAlgorithm.RS512, "rsa-1", claims)).subject())
        .isEqualTo("teacher-17");
  }

  @Test
  void takesIdentityFromTheConfiguredEmailClaim() throws Exception {
    JWTClaimsSet claims =
        validClaims().subject("00u1a2b3c").claim("email", "ms.rivera@district.example").build();

    VerifiedToken token = verifierAt(NOW, "email").verify(sign(rsa, claims));

    assertThat(token.subject()).isEqualTo("ms.rivera@district.example");
  }

  @Test
  void reportsTheAuthorizedPartyAsActor() throws Exception {
    JWTClaimsSet claims = validClaims().claim("azp", "sis-sync-client").build();

    assertThat(verifier().verify(sign(rsa, claims)).actor())
        .isEqualTo(Optional.of("sis-sync-client"));
  }

  @Test
  void acceptsAccessTokenType() throws Exception {
    String token = signWithType(new JOSEObjectType("at+jwt"));

    assertThat(verifier().verify(token).subject()).isEqualTo("teacher-17");
  }

  @Test
  void rejectsOtherTokenTypes() {
    assertThat(rejectionOf(verifier(), signWithType(new JOSEObjectType("dpop+jwt"))))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void rejectsExpiredTokenOnceClockSkewIsUsedUp() throws Exception {
    String token = sign(rsa, validClaims().build());
    Instant expiry = NOW.plus(Duration.ofMinutes(10));

    assertThat(verifierAt(expiry.plusSeconds(20), "sub").verify(token).subject())
        .isEqualTo("teacher-17");
    assertThat(rejectionOf(verifierAt(expiry.plus(SKEW), "sub"), token))
        .isEqualTo(Reason.EXPIRED);
    assertThat(rejectionOf(verifierAt(expiry.plus(Duration.ofHours(3)), "sub"), token))
        .isEqualTo(Reason.EXPIRED);
  }

  @Test
  void rejectsTokenWithoutExpiry() {
    String token = sign(rsa, validClaims().expirationTime(null).build());

    assertThat(rejectionOf(verifier(), token)).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void rejectsTokenNotYetValid() throws Exception {
    String early = sign(rsa, validClaims().notBeforeTime(Date.from(NOW.plusSeconds(300))).build());
    String withinSkew =
        sign(rsa, validClaims().notBeforeTime(Date.from(NOW.plusSeconds(20))).build());

    assertThat(rejectionOf(verifier(), early)).isEqualTo(Reason.NOT_YET_VALID);
    assertThat(verifier().verify(withinSkew).subject()).isEqualTo("teacher-17");
  }

  @Test
  void rejectsWrongOrMissingIssuer() {
    String foreign = sign(rsa, validClaims().issuer("https://evil.example").build());
    assertThat(rejectionOf(verifier(), foreign)).isEqualTo(Reason.WRONG_ISSUER);
    assertThat(rejectionOf(verifier(), sign(rsa, validClaims().issuer(null).build())))
        .isEqualTo(Reason.WRONG_ISSUER);
  }

  @Test
  void rejectsWrongAudienceButAcceptsOneOfSeveral() throws Exception {
    assertThat(rejectionOf(verifier(), sign(rsa, validClaims().audience("another-app").build())))
        .isEqualTo(Reason.WRONG_AUDIENCE);
    assertThat(rejectionOf(verifier(), sign(rsa, validClaims().audience((String) null).build())))
        .isEqualTo(Reason.WRONG_AUDIENCE);
    String several = sign(rsa, validClaims().audience(List.of("another-app", AUDIENCE)).build());
    assertThat(verifier().verify(several).subject()).isEqualTo("teacher-17");
  }

  @Test
  void rejectsMissingBlankOrNonStringIdentity() {
    assertThat(rejectionOf(verifier(), sign(rsa, validClaims().subject(null).build())))
        .isEqualTo(Reason.MISSING_IDENTITY);
    assertThat(rejectionOf(verifier(), sign(rsa, validClaims().subject("  ").build())))
        .isEqualTo(Reason.MISSING_IDENTITY);
    assertThat(rejectionOf(verifierAt(NOW, "email"), sign(rsa, validClaims().build())))
        .isEqualTo(Reason.MISSING_IDENTITY);
    assertThat(
            rejectionOf(
                verifierAt(NOW, "email"), sign(rsa, validClaims().claim("email", 42).build())))
        .isEqualTo(Reason.MISSING_IDENTITY);
  }

  @Test
  void rejectsTamperedPayload() throws Exception {
    String[] parts = sign(rsa, validClaims().build()).split("\\.");
    String forgedPayload =
        Base64URL.encode(validClaims().subject("principal-1").build().toString()).toString();
    String tampered = parts[0] + "." + forgedPayload + "." + parts[2];

    assertThat(rejectionOf(verifier(), tampered)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsTamperedSignature() {
    String[] parts = sign(ec, validClaims().build()).split("\\.");
    char[] signature = parts[2].toCharArray();
    signature[10] = signature[10] == 'A' ? 'B' : 'A';
    String tampered = parts[0] + "." + parts[1] + "." + new String(signature);

    assertThat(rejectionOf(verifier(), tampered)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsTokenFromUnknownKey() {
    assertThat(rejectionOf(verifier(), sign(stranger, validClaims().build())))
        .isEqualTo(Reason.UNTRUSTED_KEY);
  }

  @Test
  void rejectsTokenThatClaimsATrustedKidButIsSignedByAnother() {
    String token = sign(stranger, JWSAlgorithm.RS256, "rsa-1", validClaims().build());

    assertThat(rejectionOf(verifier(), token)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsTokenWhoseAlgorithmDoesNotFitTheNamedKey() {
    // An ES256 header naming the RSA key's kid: no key of the right type matches.
    String token = sign(ec, JWSAlgorithm.ES256, "rsa-1", validClaims().build());

    assertThat(rejectionOf(verifier(), token)).isEqualTo(Reason.UNTRUSTED_KEY);
  }

  @Test
  void rejectsUnsignedToken() {
    assertThat(rejectionOf(verifier(), TestTokens.unsigned(validClaims().build())))
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsHmacTokensIncludingKeyConfusion() {
    byte[] secret = new byte[32];
    assertThat(rejectionOf(verifier(), TestTokens.signHs256(secret, validClaims().build())))
        .isEqualTo(Reason.BAD_SIGNATURE);

    // The classic attack: HMAC keyed with the verifier's own public key bytes.
    byte[] publicKeyAsSecret = rsa.toPublicJWK().toJSONString().getBytes();
    assertThat(
            rejectionOf(verifier(), TestTokens.signHs256(publicKeyAsSecret, validClaims().build())))
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void rejectsRsaKeysShorterThan2048Bits() throws Exception {
    RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
    JwtTokenVerifier trustsWeakKey =
        new JwtTokenVerifier(
            new JwtSettings(
                ISSUER, AUDIENCE, "sub", SKEW, new KeySource.StaticKeys(new JWKSet(weak))),
            Clock.fixed(NOW, ZoneOffset.UTC));

    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("weak").build(), validClaims().build());
    jwt.sign(new RSASSASigner(weak.toPrivateKey(), Set.of(AllowWeakRSAKey.getInstance())));

    assertThat(rejectionOf(trustsWeakKey, jwt.serialize())).isEqualTo(Reason.UNTRUSTED_KEY);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "garbage",
        "   ",
        "a.b.c",
        "eyJhbGciOiJSUzI1NiJ9.not-base64-json.c2ln",
        "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2lnbmF0dXJl",
        "one.two",
        "a.b.c.d.e.f"
      })
  void rejectsGarbageAsMalformed(String token) {
    assertThat(rejectionOf(verifier(), token)).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void rejectsOversizedToken() {
    String token = sign(rsa, validClaims().claim("padding", "x".repeat(20_000)).build());

    assertThat(rejectionOf(verifier(), token)).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void settingsRejectNonsense() {
    KeySource keys = new KeySource.StaticKeys(new JWKSet(rsa));
    assertThatThrownBy(() -> new JwtSettings(" ", AUDIENCE, "sub", SKEW, keys))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JwtSettings(ISSUER, AUDIENCE, "sub", SKEW.negated(), keys))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new JwtTokenVerifier(
                    new JwtSettings(
                        ISSUER,
                        AUDIENCE,
                        "sub",
                        SKEW,
                        new KeySource.StaticKeys(new JWKSet(List.of())))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String signWithType(JOSEObjectType type) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").type(type).build(),
            validClaims().build());
    try {
      jwt.sign(new RSASSASigner(rsa));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
