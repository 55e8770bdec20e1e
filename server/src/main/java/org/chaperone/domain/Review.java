package org.chaperone.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A school administrator's decision on a message the content policy held for review.
 *
 * @param outcome released or rejected; {@link Outcome#NONE} while nobody has decided
 * @param reviewerId who decided
 * @param reason the reviewer's written reason (always given)
 * @param time when
 */
public record Review(Outcome outcome, String reviewerId, String reason, Instant time) {
  /** No decision (yet), or a message that was never held for review. */
  public static final Review NONE = new Review(Outcome.NONE, "", "", Instant.EPOCH);

  /** What the reviewer decided. */
  public enum Outcome {
    NONE,
    /** Delivered to the channel as if sent at the time of release. */
    RELEASED,
    /** Never delivered. */
    REJECTED
  }

  public Review {
    Objects.requireNonNull(outcome, "outcome");
    reviewerId = Objects.requireNonNullElse(reviewerId, "");
    reason = Objects.requireNonNullElse(reason, "");
    time = Objects.requireNonNullElse(time, Instant.EPOCH).truncatedTo(ChronoUnit.MICROS);
  }

  /** True once a reviewer has decided. */
  public boolean decided() {
    return outcome != Outcome.NONE;
  }
}
