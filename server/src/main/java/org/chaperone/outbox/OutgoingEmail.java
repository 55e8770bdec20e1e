package org.chaperone.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * An email ready to hand to a {@link MailSender}: everything but the sender address, which is the
 * mail sender's configuration.
 *
 * @param id the outbox row id
 * @param kind copy, digest or notice
 * @param mimeMessageId the {@code Message-ID}, with angle brackets; the same on every attempt
 * @param toAddress the addressee's email address
 * @param toName the addressee's name
 * @param subject the subject
 * @param body the plain-text body
 * @param date the {@code Date} header: when the email was written (the same on every attempt)
 * @param subjectRef the resource it concerns, e.g. {@code channels/c1/messages/42}
 */
public record OutgoingEmail(long id, EmailKind kind, String mimeMessageId, String toAddress,
    String toName, String subject, String body, Instant date, String subjectRef) {

  public OutgoingEmail {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mimeMessageId, "mimeMessageId");
    Objects.requireNonNull(toAddress, "toAddress");
    toName = Objects.requireNonNullElse(toName, "");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(date, "date");
    subjectRef = Objects.requireNonNullElse(subjectRef, "");
  }

  static OutgoingEmail of(EmailJob job) {
    return new OutgoingEmail(job.id(), job.kind(), job.mimeMessageId(), job.address(),
        job.displayName(), job.subject(), job.body(), job.createTime(), job.subjectRef());
  }
}
