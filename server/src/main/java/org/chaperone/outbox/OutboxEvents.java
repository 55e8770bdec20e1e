package org.chaperone.outbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;

/**
 * The archive entries the outbox writes, one per change of an email's state, in the same
 * transaction as the change. Their subject is the resource the email concerns (e.g. the copied
 * message), so a records search on a message finds its copies.
 *
 * <ul>
 *   <li>{@code email.accepted}: the SMTP server accepted it; {@code reply} is its reply;
 *   <li>{@code email.retrying}: an attempt failed temporarily; {@code next_attempt_time} says when
 *       the next one is;
 *   <li>{@code email.failed}: it will not be sent (rejected, no address, out of attempts);
 *   <li>{@code email.digest_composed}: daily copies were gathered into one digest email;
 *   <li>{@code email.requeued}, {@code email.preference_set}: administrators' actions.
 * </ul>
 */
public final class OutboxEvents {
  /** The actor of the mailer's own entries. */
  public static final String MAILER = "system:mailer";

  private OutboxEvents() {}

  static ArchiveEvent outcome(String type, EmailJob job, int attempt, String reply, Instant when,
      Instant nextAttempt) {
    Map<String, Object> details = base(job);
    details.put("attempt", attempt);
    details.put("reply", reply);
    if (nextAttempt != null) {
      details.put("next_attempt_time", nextAttempt.toString());
    }
    return new ArchiveEvent(type, MAILER, subject(job), when, details);
  }

  static ArchiveEvent failedAtOnce(NewEmail e, long id, Instant when) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("email", "emails/" + id);
    details.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
    details.put("topic", e.topic());
    details.put("to", e.personId());
    details.put("address", e.address());
    details.put("message_id", e.mimeMessageId());
    details.put("attempt", 0);
    details.put("reply", e.lastReply());
    return new ArchiveEvent("email.failed", MAILER,
        e.subjectRef().isEmpty() ? "emails/" + id : e.subjectRef(), when, details);
  }

  static Map<String, Object> base(EmailJob job) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("email", job.name());
    details.put("kind", job.kind().name().toLowerCase(java.util.Locale.ROOT));
    details.put("topic", job.topic());
    details.put("to", job.personId());
    details.put("address", job.address());
    details.put("message_id", job.mimeMessageId());
    return details;
  }

  static String subject(EmailJob job) {
    return job.subjectRef().isEmpty() ? job.name() : job.subjectRef();
  }
}
