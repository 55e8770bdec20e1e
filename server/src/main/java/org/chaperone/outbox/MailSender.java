package org.chaperone.outbox;

/**
 * Sends emails: over SMTP, or into a folder of {@code .eml} files. Implementations live in
 * {@code org.chaperone.mail}, the only package that uses Jakarta Mail.
 *
 * <p>Thread-safe for up to {@link #parallelism()} concurrent callers.
 */
public interface MailSender extends AutoCloseable {

  /** How many emails it sends at once (for SMTP: the size of its connection pool). */
  int parallelism();

  /**
   * Sends one email and says what happened. Delivery failures are outcomes, not exceptions;
   * sending the same email again (same {@code Message-ID}) is safe.
   */
  SendOutcome send(OutgoingEmail email);

  /** Closes its connections. */
  @Override
  void close();
}
