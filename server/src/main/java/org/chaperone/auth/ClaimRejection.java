package org.chaperone.auth;

import com.nimbusds.jwt.proc.BadJWTException;

/**
 * A claims check that failed, carrying its {@link TokenRejectedException.Reason} through nimbus'
 * processor so that it can be reported precisely rather than guessed from a message.
 */
final class ClaimRejection extends BadJWTException {
  private final TokenRejectedException.Reason reason;

  ClaimRejection(TokenRejectedException.Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  TokenRejectedException.Reason reason() {
    return reason;
  }
}
