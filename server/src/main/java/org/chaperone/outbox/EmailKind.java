package org.chaperone.outbox;

/** What an outgoing email is. */
public enum EmailKind {
  /** A copy of one message, sent because district policy requires it (board policy P003-copy). */
  COPY,
  /** A day's copies for one person, in one email. */
  DIGEST,
  /** Any other email the gateway sends: channel purpose notices, review outcomes. */
  NOTICE
}
