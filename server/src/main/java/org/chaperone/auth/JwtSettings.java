package org.chaperone.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link JwtTokenVerifier} requires of a token.
 *
 * @param issuer the exact {@code iss} accepted
 * @param audience a value {@code aud} must contain
 * @param identityClaim the claim naming the caller, for example {@code sub} or {@code email}
 * @param clockSkew how far {@code exp} and {@code nbf} may be off from this server's clock
 * @param keys where the trusted public keys come from
 */
public record JwtSettings(
    String issuer, String audience, String identityClaim, Duration clockSkew, KeySource keys) {

  public JwtSettings {
    requireText(issuer, "issuer");
    requireText(audience, "audience");
    requireText(identityClaim, "identityClaim");
    Objects.requireNonNull(clockSkew, "clockSkew");
    Objects.requireNonNull(keys, "keys");
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clockSkew is negative: " + clockSkew);
    }
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }
}
