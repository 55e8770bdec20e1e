package org.chaperone.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try an email again after a temporary failure: exponential backoff from
 * {@code initialDelay}, doubling up to {@code maxDelay}, with ±20% jitter so that copies queued
 * together do not retry in lockstep; after {@code maxAttempts} attempts the email fails for good.
 *
 * @param initialDelay the wait after the first failed attempt
 * @param maxDelay the longest wait between attempts
 * @param maxAttempts attempts before giving up
 * @param lease how long a mailer may hold a claimed email before another may take it (covers a
 *     gateway that stopped without releasing its claims)
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts, Duration lease) {

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(lease, "lease");
    if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0
        || maxAttempts < 1 || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("retry delays must be positive, max >= initial, attempts >= 1");
    }
  }

  /**
   * 30 s doubling to 1 h, 80 attempts: about three days of retrying, like a mail server's queue.
   * Claims are held for 5 minutes.
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(1), 80, Duration.ofMinutes(5));
  }

  /** Whether an email that has failed {@code attempts} times may be tried again. */
  public boolean mayRetry(int attempts) {
    return attempts < maxAttempts;
  }

  /** When to try again after the {@code attempts}-th failed attempt (1 for the first). */
  public Instant nextAttempt(Instant now, int attempts) {
    long initial = initialDelay.toMillis();
    int doublings = Math.min(Math.max(attempts - 1, 0), 40);
    long delay = doublings >= 62 || initial > (maxDelay.toMillis() >> doublings)
        ? maxDelay.toMillis() : Math.min(maxDelay.toMillis(), initial << doublings);
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return now.plusMillis(Math.max(1, Math.round(delay * jitter)));
  }
}
