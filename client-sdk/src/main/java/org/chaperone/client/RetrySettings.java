package org.chaperone.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client retries a call that failed with {@code UNAVAILABLE} or {@code DEADLINE_EXCEEDED},
 * and how a {@link Subscription} waits between attempts to resubscribe.
 *
 * <p>Waits grow from {@code initialBackoff} by {@code multiplier} up to {@code maxBackoff}, each
 * randomised to between half and all of its value so that many clients do not retry in step; a
 * longer {@code RetryInfo} delay from the gateway wins, up to {@code maxBackoff}. A deadline
 * applies to each attempt. Every call of the client is safe to retry: reads change nothing,
 * {@code CreateMessage} carries the same {@code request_id} in every attempt, and importing the
 * same roster twice changes nothing.
 *
 * @param maxAttempts attempts per call, the first included (1: never retry); subscriptions
 *     resubscribe without limit
 * @param initialBackoff the wait before the first retry
 * @param maxBackoff the longest wait between attempts
 * @param multiplier the growth of the wait per attempt, at least 1
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
    double multiplier) {

  /** Five attempts, waiting from 100 ms up to 5 s (subscriptions: up to 5 s between attempts). */
  public static final RetrySettings DEFAULT =
      new RetrySettings(5, Duration.ofMillis(100), Duration.ofSeconds(5), 2.0);

  /**
   * Checks the settings.
   *
   * @param maxAttempts attempts per call, at least 1
   * @param initialBackoff the first wait, positive
   * @param maxBackoff the longest wait, at least {@code initialBackoff}
   * @param multiplier the growth per attempt, at least 1
   */
  public RetrySettings {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be a finite number of at least 1");
    }
  }

  /**
   * These settings with another number of attempts, e.g. {@code DEFAULT.withMaxAttempts(1)} to
   * turn retries off.
   *
   * @param attempts attempts per call, at least 1
   * @return the new settings
   */
  public RetrySettings withMaxAttempts(int attempts) {
    return new RetrySettings(attempts, initialBackoff, maxBackoff, multiplier);
  }
}
