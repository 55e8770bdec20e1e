package org.chaperone.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Person;
import org.chaperone.domain.RequestRejected;
import org.chaperone.store.Store;

/**
 * What administrators do with email copies: set how a person receives them, list the emails that
 * could not be delivered, and send one again once its address is fixed. Every change is archived.
 *
 * <p>Thread-safe.
 */
public final class EmailAdministration {
  private final Store store;
  private final Clock clock;
  private final CopyPolicy policy;

  public EmailAdministration(Store store, Clock clock, CopyPolicy policy) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** A person's delivery: what is stored for them (if anything) and the default otherwise. */
  public record PreferenceView(Person person, Optional<CopyDelivery> stored, CopyDelivery fallback) {
    /** The delivery in effect for a conversation they observe. */
    public CopyDelivery effective() {
      return stored.orElse(fallback);
    }
  }

  /** The stored and default delivery of {@code personId}. */
  public PreferenceView preference(String personId) {
    Person person = store.reader().person(personId).orElseThrow(() -> new RequestRejected(
        ErrorReason.PERSON_NOT_FOUND, "people/" + personId + " is not in the directory"));
    Optional<CopyDelivery> stored = store.reader().outbox().preference(personId);
    // Staff default to copies only where they observe without posting (CopyPolicy); shown as none.
    CopyDelivery fallback = person.role() == org.chaperone.domain.Role.GUARDIAN
        ? CopyDelivery.EACH_MESSAGE : CopyDelivery.NONE;
    if (stored.orElse(null) == CopyDelivery.NONE && !policy.allowOptOut()) {
      stored = Optional.empty(); // not in effect while the district does not allow opting out
    }
    return new PreferenceView(person, stored, fallback);
  }

  /**
   * Stores how {@code personId} receives copies, on behalf of {@code actor} (archived as
   * {@code email.preference_set}). Guardians and staff only; {@link CopyDelivery#NONE} only where
   * the district policy allows opting out.
   */
  public void setPreference(String actor, String personId, CopyDelivery delivery) {
    Objects.requireNonNull(delivery, "delivery");
    Person person = store.reader().person(personId).orElseThrow(() -> new RequestRejected(
        ErrorReason.PERSON_NOT_FOUND, "people/" + personId + " is not in the directory"));
    if (!CopyPolicy.mayReceiveCopies(person.role())) {
      throw RequestRejected.invalidField("person", "people/" + personId + " is a "
          + person.role().name().toLowerCase(java.util.Locale.ROOT)
          + "; only guardians and staff receive email copies");
    }
    if (delivery == CopyDelivery.NONE && !policy.allowOptOut()) {
      throw RequestRejected.invalidField("delivery", "the district policy requires copies"
          + " (board policy P003-copy) and does not allow opting out; choose each or digest");
    }
    store.write(tx -> {
      Instant now = clock.instant();
      Optional<CopyDelivery> previous = tx.outbox().preference(personId);
      tx.outbox().setPreference(personId, delivery, actor, now);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("delivery", delivery.word());
      details.put("previous", previous.map(CopyDelivery::word).orElse("default"));
      tx.append(new ArchiveEvent("email.preference_set", actor, "people/" + personId, now, details));
      return null;
    });
  }

  /** Emails that will not be delivered, oldest first, with ids above {@code afterId}. */
  public List<EmailJob> failures(long afterId, int limit) {
    return store.reader().outbox().jobs(EmailState.FAILED, afterId, limit);
  }

  /** How many emails are in each state. */
  public Map<EmailState, Long> counts() {
    return store.reader().outbox().counts();
  }

  /**
   * Sends a failed email again, to the address the directory now has for its addressee (archived
   * as {@code email.requeued}). Returns the email as requeued.
   */
  public EmailJob requeue(String actor, long id) {
    return store.write(tx -> {
      EmailJob job = tx.outbox().job(id).orElseThrow(() -> RequestRejected.invalidField("email",
          "emails/" + id + " does not exist"));
      if (job.state() != EmailState.FAILED) {
        throw RequestRejected.invalidField("email", job.name() + " is " + job.state()
            + "; only failed emails can be sent again");
      }
      String address = tx.outbox().person(job.personId()).map(Person::email).orElse("");
      if (address.isBlank()) {
        throw RequestRejected.invalidField("email", "people/" + job.personId()
            + " has no email address in the directory; fix the roster and import it first");
      }
      Instant now = clock.instant();
      tx.outbox().requeue(id, address, now);
      Map<String, Object> details = OutboxEvents.base(job);
      details.put("address", address);
      details.put("previous_address", job.address());
      details.put("previous_reply", job.lastReply());
      tx.append(new ArchiveEvent("email.requeued", actor, OutboxEvents.subject(job), now, details));
      return tx.outbox().job(id).orElseThrow();
    });
  }
}
