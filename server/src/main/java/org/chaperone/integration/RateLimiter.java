package org.chaperone.integration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets per key (an integration, a sender), kept in a bounded Caffeine cache: a key idle
 * for a minute starts again with a full bucket. Thread-safe.
 */
public final class RateLimiter {
  private final double perSecond;
  private final double burst;
  private final Clock clock;
  private final Cache<String, Bucket> buckets;

  /**
   * @param perSecond sustained rate allowed per key; 0 turns the limit off
   * @param burst how many calls a key may make at once after being idle
   */
  public RateLimiter(double perSecond, double burst, Clock clock) {
    if (perSecond < 0 || (perSecond > 0 && burst < 1)) {
      throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
    this.buckets = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(1)).build();
  }

  /** Takes one call for {@code key}: empty when allowed, else how long to wait before retrying. */
  public Optional<Duration> acquire(String key) {
    if (perSecond == 0) {
      return Optional.empty();
    }
    Bucket bucket = buckets.get(key, k -> new Bucket(burst, clock.millis()));
    synchronized (bucket) {
      long now = clock.millis();
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * perSecond / 1000.0);
      bucket.updated = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Optional.empty();
      }
      long waitMillis = (long) Math.ceil((1 - bucket.tokens) * 1000.0 / perSecond);
      return Optional.of(Duration.ofMillis(Math.max(1, waitMillis)));
    }
  }

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }
}
