package org.chaperone.auth;

import static org.chaperone.auth.TokenRejectedException.Reason.BAD_SIGNATURE;
import static org.chaperone.auth.TokenRejectedException.Reason.MALFORMED;
import static org.chaperone.auth.TokenRejectedException.Reason.UNTRUSTED_KEY;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies JWTs signed by an identity provider's asymmetric keys.
 *
 * <p>A token is accepted when it is a JWS signed with RS256, RS384, RS512, PS256, ES256 or ES384
 * by a trusted key, its {@code typ} (if any) is {@code JWT} or {@code at+jwt}, {@code iss} equals
 * the configured issuer, {@code aud} contains the configured audience, {@code exp} is present and
 * not past, {@code nbf} (if present) is not in the future, both allowing for the configured clock
 * skew, and the configured identity claim is a non-blank string. Unsigned ({@code alg: none}),
 * HMAC-signed and encrypted tokens are always rejected.
 *
 * <p>Keys are matched by the token's {@code kid}, algorithm family and curve; RSA keys shorter
 * than 2048 bits are never trusted. A file or static key set holding exactly one key without a
 * key id (a PEM file, say) pins that key: it is tried whatever {@code kid} the token names.
 *
 * <p>Thread-safe: after construction, all state is immutable or internally synchronised (the
 * remote JWKS cache).
 */
public final class JwtTokenVerifier implements TokenVerifier {
  private static final Logger log = LoggerFactory.getLogger(JwtTokenVerifier.class);

  /** The signature algorithms accepted; HMAC is absent on purpose (see parseSigned). */
  static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384);

  private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt");

  // Why a limit: a token arrives on every call before anything is known about the caller, so
  // parsing effort is bounded. Real ID and access tokens are a few KiB at most.
  private static final int MAX_TOKEN_CHARS = 16 * 1024;

  // Why longer than nimbus' 500 ms default: the JWKS fetch is rare (start, rotation) and may cross
  // the internet to a provider; failing it rejects every new token.
  private static final int JWKS_TIMEOUT_MILLIS = 3_000;
  private static final int JWKS_SIZE_LIMIT_BYTES = 256 * 1024;

  private final JwtSettings settings;
  private final DefaultJWTProcessor<SecurityContext> processor;

  /** A verifier that reads the system clock. */
  public JwtTokenVerifier(JwtSettings settings) {
    this(settings, Clock.systemUTC());
  }

  /**
   * A verifier that judges {@code exp} and {@code nbf} against {@code clock}.
   *
   * <p>A {@link KeySource.JwksFile} is read here, once; a {@link KeySource.JwksUrl} is fetched
   * lazily, on the first token.
   *
   * @throws IllegalArgumentException when the key source holds no usable key or is malformed
   * @throws java.io.UncheckedIOException when a key file cannot be read
   */
  public JwtTokenVerifier(JwtSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    processor = new DefaultJWTProcessor<>();
    // Why accept any typ here: verify() checks it first, case-insensitively as RFC 7515 asks,
    // so a rejection here could only be misreported.
    processor.setJWSTypeVerifier((type, context) -> {});
    processor.setJWSKeySelector(keySelector(settings.keys()));
    processor.setJWTClaimsSetVerifier(new ClockedClaimsVerifier(settings, clock));
  }

  /** The settings this verifier enforces. */
  public JwtSettings settings() {
    return settings;
  }

  @Override
  public VerifiedToken verify(String compactJwt) throws TokenRejectedException {
    SignedJWT jwt = parseSigned(compactJwt);
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (ClaimRejection e) {
      throw new TokenRejectedException(e.reason(), e.getMessage());
    } catch (BadJWSException e) {
      throw new TokenRejectedException(BAD_SIGNATURE, "token signature does not verify");
    } catch (BadJWTException e) {
      // The processor's other JWT failure: a payload that is not a valid claims set.
      throw new TokenRejectedException(MALFORMED, "token payload is not a valid JWT claims set");
    } catch (BadJOSEException e) {
      // Algorithm and type were checked in parseSigned, so what is left is "no key matches".
      throw new TokenRejectedException(
          UNTRUSTED_KEY, "token is not signed by a trusted key (unknown key id or key type)");
    } catch (RateLimitReachedException e) {
      // An unknown kid, and the JWKS was refetched too recently to look again: as untrusted as
      // any other unknown key. Not logged above debug, since anyone can send made-up kids.
      log.debug("JWKS refresh skipped: rate limit reached");
      throw new TokenRejectedException(
          UNTRUSTED_KEY, "token is not signed by a trusted key (unknown key id)");
    } catch (KeySourceException e) {
      // Why log: an unreachable JWKS endpoint rejects every new token; operators must see it.
      // The exception names the URL and the network failure, never the token.
      log.warn(
          "Cannot obtain trusted signing keys: {}",
          Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
      throw new TokenRejectedException(
          UNTRUSTED_KEY, "trusted signing keys could not be obtained", e);
    } catch (JOSEException e) {
      throw new TokenRejectedException(BAD_SIGNATURE, "token signature could not be checked");
    }
    return new VerifiedToken(
        (String) claims.getClaim(settings.identityClaim()),
        claims.getIssuer(),
        claims.getExpirationTime().toInstant(),
        authorizedParty(claims));
  }

  /** Parses the token, rejecting before any key lookup everything that is not an accepted JWS. */
  private static SignedJWT parseSigned(String compactJwt) throws TokenRejectedException {
    if (compactJwt == null || compactJwt.isBlank()) {
      throw new TokenRejectedException(MALFORMED, "no token");
    }
    if (compactJwt.length() > MAX_TOKEN_CHARS) {
      throw new TokenRejectedException(
          MALFORMED, "token is longer than " + MAX_TOKEN_CHARS + " characters");
    }
    JWT parsed;
    try {
      parsed = JWTParser.parse(compactJwt);
    } catch (ParseException e) {
      // Why not the parse error's message: it can quote parts of the token.
      throw new TokenRejectedException(MALFORMED, "token is not a compact-serialised JWT");
    }
    if (parsed instanceof EncryptedJWT) {
      throw new TokenRejectedException(MALFORMED, "encrypted tokens are not accepted");
    }
    if (!(parsed instanceof SignedJWT signed)) {
      throw new TokenRejectedException(BAD_SIGNATURE, "token is unsigned (alg: none)");
    }
    JWSHeader header = signed.getHeader();
    if (!ACCEPTED_ALGORITHMS.contains(header.getAlgorithm())) {
      // Why HMAC is refused: a shared secret would let whoever can verify also mint tokens, and
      // accepting HS256 alongside RSA keys is the classic key-confusion attack.
      throw new TokenRejectedException(
          BAD_SIGNATURE,
          "token signing algorithm is not accepted (accepted: RS256, RS384, RS512, PS256,"
              + " ES256, ES384)");
    }
    JOSEObjectType type = header.getType();
    if (type != null && !ACCEPTED_TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
      throw new TokenRejectedException(MALFORMED, "token type (typ) is not JWT or at+jwt");
    }
    return signed;
  }

  private static Optional<String> authorizedParty(JWTClaimsSet claims) {
    return claims.getClaim("azp") instanceof String azp && !azp.isBlank()
        ? Optional.of(azp)
        : Optional.empty();
  }

  private static TrustedKeySelector keySelector(KeySource source) {
    return switch (source) {
      case KeySource.JwksUrl url -> new TrustedKeySelector(ACCEPTED_ALGORITHMS, remote(url), false);
      case KeySource.JwksFile file -> local(KeyFileReader.read(file.file()));
      case KeySource.StaticKeys keys -> local(keys.set().toPublicJWKSet());
    };
  }

  private static JWKSource<SecurityContext> remote(KeySource.JwksUrl source) {
    try {
      return JWKSourceBuilder.<SecurityContext>create(
              source.url().toURL(),
              new DefaultResourceRetriever(
                  JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT_BYTES))
          // Why: a token naming an unknown kid refetches the set at once (key rotation), but no
          // more than twice per interval, so forged kids cannot hammer the provider.
          .rateLimited(true)
          // Why: if the provider's JWKS endpoint is briefly down when the cache expires, keep
          // using the keys last fetched rather than locking every user out.
          .outageTolerant(true)
          .build();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("JWKS URL is not a valid URL: " + source.url(), e);
    }
  }

  private static TrustedKeySelector local(JWKSet publicKeys) {
    if (publicKeys.isEmpty()) {
      throw new IllegalArgumentException("the trusted key set holds no public key");
    }
    // Why: a lone key without a kid (a PEM file) is pinned; tokens from its issuer may still name
    // a kid, and refusing them for it would make the pinned key useless.
    boolean pinned =
        publicKeys.size() == 1 && publicKeys.getKeys().getFirst().getKeyID() == null;
    return new TrustedKeySelector(
        ACCEPTED_ALGORITHMS, new ImmutableJWKSet<>(publicKeys), pinned);
  }
}
