package org.chaperone.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the email outbox: an email the gateway owes somebody, and where it stands.
 *
 * @param id the row id ({@code emails/<id>} in the archive)
 * @param kind copy, digest or notice
 * @param state where it stands
 * @param personId the addressee
 * @param address the addressee's email address when the row was written
 * @param displayName the addressee's name
 * @param mimeMessageId the RFC 5322 {@code Message-ID}, with angle brackets; the same on every
 *     attempt, so a receiving system can recognise a repeated delivery
 * @param subjectRef the resource the email concerns, e.g. {@code channels/c1/messages/42}; the
 *     archive entries of its attempts carry it as their subject
 * @param messageId for copies, the message copied; otherwise 0
 * @param topic what kind of notice (e.g. {@code copy}, {@code digest}, {@code channel.purpose})
 * @param subject the email subject (for digest entries: a one-line summary)
 * @param body the plain-text body (for digest entries: the entry's text)
 * @param createTime when the row was written
 * @param attempts how many delivery attempts were made
 * @param nextAttemptTime when it is due (for digest entries: when the digest is due)
 * @param lastReply the SMTP server's last reply, or why the email could not be sent
 * @param finishTime when it reached a final state, or null
 * @param digestId for digested copies, the digest email's id; otherwise 0
 */
public record EmailJob(
    long id,
    EmailKind kind,
    EmailState state,
    String personId,
    String address,
    String displayName,
    String mimeMessageId,
    String subjectRef,
    long messageId,
    String topic,
    String subject,
    String body,
    Instant createTime,
    int attempts,
    Instant nextAttemptTime,
    String lastReply,
    Instant finishTime,
    long digestId) {

  public EmailJob {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(personId, "personId");
  }

  /** The resource name used in the archive: {@code emails/<id>}. */
  public String name() {
    return "emails/" + id;
  }
}
