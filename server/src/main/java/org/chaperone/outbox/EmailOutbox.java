package org.chaperone.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.chaperone.domain.Person;
import org.chaperone.store.StoreTransaction;

/**
 * The way in to the email outbox: queues emails inside the caller's store transaction, so they
 * commit (or vanish) together with what they are about, and wakes the mailer after the commit.
 *
 * <p>Other use cases queue their emails here, e.g. a channel's purpose notice to guardians:
 * <pre>{@code
 * store.write(tx -> {
 *   ... // the change itself
 *   outbox.enqueueNotice(tx, new Notice(guardianId, "channel.purpose", "channels/" + id,
 *       subject, body));
 * });
 * }</pre>
 *
 * <p>An addressee without a usable address still gets a row, written as FAILED with the reason,
 * and an {@code email.failed} archive entry: a required email never disappears silently, and
 * administrators see it among the failures.
 *
 * <p>Thread-safe.
 */
public final class EmailOutbox {
  private static final Pattern PLAUSIBLE_ADDRESS = Pattern.compile("[^\\s@<>,;]+@[^\\s@<>,;]+");

  private final Clock clock;
  private final String mailDomain;
  private final Runnable wake;

  /**
   * @param mailDomain the domain part of the {@code Message-ID}s it makes (the sender address's)
   * @param wake called after a commit that queued something
   */
  public EmailOutbox(Clock clock, String mailDomain, Runnable wake) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.mailDomain = Objects.requireNonNull(mailDomain, "mailDomain");
    this.wake = Objects.requireNonNull(wake, "wake");
  }

  /**
   * Queues {@code notice} in {@code tx}; it is sent after the commit, once, on its own (never in a
   * digest, whatever the addressee's copy preference). Returns its {@code Message-ID}.
   */
  public String enqueueNotice(StoreTransaction tx, Notice notice) {
    Instant now = clock.instant();
    Person person = tx.outbox().person(notice.personId()).orElse(null);
    String address = person == null ? "" : person.email();
    NewEmail email = new NewEmail(EmailKind.NOTICE, EmailState.PENDING, notice.personId(), address,
        person == null ? notice.personId() : person.displayName(), newMessageId(EmailKind.NOTICE),
        notice.subjectRef(), 0, notice.topic(), notice.subject(), notice.body(), now, now, "");
    enqueue(tx, List.of(person == null
        ? failed(email, "people/" + notice.personId() + " is not in the directory") : email));
    return email.mimeMessageId();
  }

  /** Writes {@code emails}: PENDING and DIGEST_WAIT as they are, unusable addresses as FAILED. */
  void enqueue(StoreTransaction tx, List<NewEmail> emails) {
    if (emails.isEmpty()) {
      return;
    }
    List<NewEmail> ready = new ArrayList<>(emails.size());
    List<NewEmail> failed = new ArrayList<>();
    for (NewEmail e : emails) {
      NewEmail checked = e.state() == EmailState.FAILED ? e : checkAddress(e);
      (checked.state() == EmailState.FAILED ? failed : ready).add(checked);
    }
    tx.outbox().insert(ready);
    Instant now = clock.instant();
    for (NewEmail f : failed) {
      long id = tx.outbox().insertReturningId(f);
      tx.append(OutboxEvents.failedAtOnce(f, id, now));
    }
    if (ready.stream().anyMatch(e -> e.state() == EmailState.PENDING)) {
      tx.afterCommit(wake);
    }
  }

  /** A new, globally unique {@code Message-ID} for an email of {@code kind}. */
  String newMessageId(EmailKind kind) {
    return "<" + kind.name().toLowerCase(Locale.ROOT) + "." + UUID.randomUUID() + "@" + mailDomain + ">";
  }

  String mailDomain() {
    return mailDomain;
  }

  Clock clock() {
    return clock;
  }

  private static NewEmail checkAddress(NewEmail e) {
    if (e.address().isBlank()) {
      return failed(e, "no email address for people/" + e.personId() + " in the roster");
    }
    if (!PLAUSIBLE_ADDRESS.matcher(e.address()).matches()) {
      return failed(e, "the roster's email address for people/" + e.personId() + " is not valid: "
          + e.address());
    }
    return e;
  }

  private static NewEmail failed(NewEmail e, String reason) {
    return new NewEmail(e.kind(), EmailState.FAILED, e.personId(), e.address(), e.displayName(),
        e.mimeMessageId(), e.subjectRef(), e.messageId(), e.topic(), e.subject(), e.body(),
        e.createTime(), e.nextAttemptTime(), reason);
  }
}
