package org.chaperone.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity a token was verified to carry.
 *
 * @param subject the value of the configured identity claim (for example {@code sub} or {@code
 *     email}); never blank
 * @param issuer the token's {@code iss}
 * @param expiresAt the token's {@code exp}
 * @param actor the integration client the token was issued to ({@code azp}), when it names one
 */
public record VerifiedToken(
    String subject, String issuer, Instant expiresAt, Optional<String> actor) {

  public VerifiedToken {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(actor, "actor");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("subject is blank");
    }
  }
}
