package org.chaperone.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaperone.outbox.CopyDelivery;
import org.chaperone.outbox.EmailJob;
import org.chaperone.outbox.EmailState;

/** Queries over the committed email outbox ({@link StoreReader#outbox()}). Thread-safe. */
public interface OutboxReader {

  /** Rows in {@code state} with ids above {@code afterId}, by id; every state when null. */
  List<EmailJob> jobs(EmailState state, long afterId, int limit);

  /** The rows copying message {@code messageId}, by id. */
  List<EmailJob> jobsOfMessage(long messageId);

  /** A row. */
  Optional<EmailJob> job(long id);

  /**
   * When the next PENDING row falls due: its next attempt, or the end of its claim if later.
   * Empty when nothing is pending.
   */
  Optional<Instant> nextDue();

  /** When the next digest falls due; empty when no copy waits for one. */
  Optional<Instant> nextDigestDue();

  /** How many rows are in each state. */
  Map<EmailState, Long> counts();

  /** The stored delivery preference of a person. */
  Optional<CopyDelivery> preference(String personId);
}
