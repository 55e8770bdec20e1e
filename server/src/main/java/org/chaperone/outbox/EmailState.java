package org.chaperone.outbox;

/** Where an outbox row is in its life. */
public enum EmailState {
  /** Waiting to be sent (again) once its next attempt time has come. */
  PENDING,
  /** Accepted by the SMTP server (or written to the mail folder). Final. */
  SENT,
  /** Permanently failed: rejected by the server, no usable address, or out of attempts. */
  FAILED,
  /** A copy waiting for its daily digest, which is due at the row's next attempt time. */
  DIGEST_WAIT,
  /** A copy that went out as part of a digest (the row's {@code digestId}). Final. */
  DIGESTED;

  /** True once nothing more will happen to the row unless an administrator requeues it. */
  public boolean isFinal() {
    return this == SENT || this == FAILED || this == DIGESTED;
  }
}
