package org.chaperone.auth;

import static org.chaperone.auth.TokenRejectedException.Reason.EXPIRED;
import static org.chaperone.auth.TokenRejectedException.Reason.MALFORMED;
import static org.chaperone.auth.TokenRejectedException.Reason.MISSING_IDENTITY;
import static org.chaperone.auth.TokenRejectedException.Reason.NOT_YET_VALID;
import static org.chaperone.auth.TokenRejectedException.Reason.WRONG_AUDIENCE;
import static org.chaperone.auth.TokenRejectedException.Reason.WRONG_ISSUER;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Checks the claims of a token whose signature has already verified: issuer, audience, validity
 * window and identity claim.
 *
 * <p>Why not nimbus' {@code DefaultJWTClaimsVerifier}: it reads the system time, so expiry could
 * not be tested deterministically, and its failures are told apart only by message text. This one
 * reads an injected {@link Clock} and fails with a {@link ClaimRejection} naming the reason.
 *
 * <p>Immutable and thread-safe.
 */
final class ClockedClaimsVerifier implements JWTClaimsSetVerifier<SecurityContext> {
  private final JwtSettings settings;
  private final Clock clock;

  ClockedClaimsVerifier(JwtSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws ClaimRejection {
    // Why no claim values in the messages: they come from an unauthenticated-until-now token and
    // end up in logs; the configured values are enough to diagnose a mismatch.
    if (!settings.issuer().equals(claims.getIssuer())) {
      throw new ClaimRejection(
          WRONG_ISSUER, "token was not issued by the configured issuer " + settings.issuer());
    }
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(settings.audience())) {
      throw new ClaimRejection(
          WRONG_AUDIENCE, "token audience does not include " + settings.audience());
    }

    Instant now = clock.instant();
    Duration skew = settings.clockSkew();
    Date expiry = claims.getExpirationTime();
    if (expiry == null) {
      // Why: a token without expiry would stay valid forever once leaked.
      throw new ClaimRejection(MALFORMED, "token has no expiry (exp) claim");
    }
    if (!now.isBefore(expiry.toInstant().plus(skew))) {
      throw new ClaimRejection(EXPIRED, "token expired at " + expiry.toInstant());
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && now.plus(skew).isBefore(notBefore.toInstant())) {
      throw new ClaimRejection(
          NOT_YET_VALID, "token is not valid before " + notBefore.toInstant());
    }

    if (!(claims.getClaim(settings.identityClaim()) instanceof String identity)
        || identity.isBlank()) {
      throw new ClaimRejection(
          MISSING_IDENTITY,
          "token has no non-blank string '" + settings.identityClaim() + "' claim");
    }
  }
}
