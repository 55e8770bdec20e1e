package org.chaperone.outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An outbox row to write. See {@link EmailJob} for the fields; a new row has made no attempts.
 *
 * @param lastReply empty, or why the email cannot be sent (for rows written as FAILED)
 */
public record NewEmail(
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
    Instant nextAttemptTime,
    String lastReply) {

  public NewEmail {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(personId, "personId");
    Objects.requireNonNull(mimeMessageId, "mimeMessageId");
    address = Objects.requireNonNullElse(address, "");
    displayName = Objects.requireNonNullElse(displayName, "");
    subjectRef = Objects.requireNonNullElse(subjectRef, "");
    topic = Objects.requireNonNullElse(topic, "");
    subject = Objects.requireNonNullElse(subject, "");
    body = Objects.requireNonNullElse(body, "");
    lastReply = Objects.requireNonNullElse(lastReply, "");
    createTime = createTime.truncatedTo(ChronoUnit.MICROS);
    nextAttemptTime = nextAttemptTime.truncatedTo(ChronoUnit.MICROS);
  }
}
