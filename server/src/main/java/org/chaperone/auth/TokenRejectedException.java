package org.chaperone.auth;

import java.util.Objects;

/**
 * A token that did not verify, with the reason why.
 *
 * <p>The message is meant for logs and for the caller; it never contains the token or any part of
 * it, since a token is a bearer credential.
 */
public final class TokenRejectedException extends Exception {

  /** Why a token was rejected. */
  public enum Reason {
    /**
     * Not a well-formed JWS-signed JWT (including encrypted tokens and unknown {@code typ}s), or
     * {@code exp} is absent.
     */
    MALFORMED,
    /**
     * Unsigned ({@code alg: none}), signed with an algorithm that is not accepted (such as HMAC),
     * or the signature does not verify against the matching trusted key.
     */
    BAD_SIGNATURE,
    /** Past its {@code exp}, allowing for clock skew. */
    EXPIRED,
    /** Before its {@code nbf}, allowing for clock skew. */
    NOT_YET_VALID,
    /** {@code iss} is absent or not the configured issuer. */
    WRONG_ISSUER,
    /** {@code aud} is absent or does not contain the configured audience. */
    WRONG_AUDIENCE,
    /** The configured identity claim is absent, not a string, or blank. */
    MISSING_IDENTITY,
    /**
     * No trusted key matches the token's key id and algorithm, or the trusted keys could not be
     * fetched.
     */
    UNTRUSTED_KEY
  }

  private final Reason reason;

  public TokenRejectedException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public TokenRejectedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the token was rejected. */
  public Reason reason() {
    return reason;
  }
}
