package org.chaperone.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.chaperone.domain.Person;
import org.chaperone.outbox.CopyContext;
import org.chaperone.outbox.CopyDelivery;
import org.chaperone.outbox.EmailJob;
import org.chaperone.outbox.EmailState;
import org.chaperone.outbox.NewEmail;

/**
 * The email outbox inside one store transaction ({@link StoreTransaction#outbox()}): its rows
 * commit or roll back with everything else the transaction does. Not thread-safe.
 */
public interface OutboxTransaction {

  /**
   * The conversation, sender and recipients of a message in {@code channelId}, with each
   * recipient's membership and stored delivery preference. Recipients missing from the directory
   * are left out.
   */
  CopyContext copyContext(String channelId, String senderId, Collection<String> recipientIds);

  /** An active person. */
  Optional<Person> person(String personId);

  /** Writes new outbox rows. */
  void insert(List<NewEmail> emails);

  /** Writes one new outbox row and returns its id. */
  long insertReturningId(NewEmail email);

  /** A row, in any state. */
  Optional<EmailJob> job(long id);

  /**
   * Claims up to {@code limit} PENDING rows due at {@code now} that no other mailer holds and that
   * are not in {@code exclude} (rows the caller still holds), oldest due first, and holds them
   * until {@code leaseUntil}.
   */
  List<EmailJob> claimDue(Instant now, Instant leaseUntil, int limit, Collection<Long> exclude);

  /**
   * Records the outcome of an attempt on a PENDING row and releases its claim: SENT or FAILED
   * (with {@code finishTime}), or PENDING again (due at {@code nextAttempt}). Returns false, and
   * changes nothing, when the row is no longer PENDING.
   */
  boolean recordAttempt(long id, EmailState state, int attempts, Instant nextAttempt,
      String lastReply, Instant finishTime);

  /**
   * Releases a claimed PENDING row without an attempt, due again at {@code nextAttempt}; only if
   * the claim is still the one that ended at {@code leaseUntil} (another mailer may hold it now).
   */
  void release(long id, Instant leaseUntil, Instant nextAttempt);

  /** Digest entries due at {@code now}, ordered by person, due time and id. */
  List<EmailJob> dueDigestEntries(Instant now, int limit);

  /** Marks digest entries as sent inside the digest email {@code digestId}. */
  void markDigested(Collection<Long> entryIds, long digestId, Instant now);

  /**
   * Makes a FAILED row PENDING again, due now, with its attempts reset and its address replaced by
   * {@code address}. Returns false when the row is not FAILED.
   */
  boolean requeue(long id, String address, Instant now);

  /** The stored delivery preference of a person. */
  Optional<CopyDelivery> preference(String personId);

  /** Stores a person's delivery preference. */
  void setPreference(String personId, CopyDelivery delivery, String setBy, Instant now);
}
