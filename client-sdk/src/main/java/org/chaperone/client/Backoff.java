package org.chaperone.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with "equal jitter" (half fixed, half random). Not thread-safe. */
final class Backoff {
  private final RetrySettings settings;
  private long nextNanos;

  Backoff(RetrySettings settings) {
    this.settings = settings;
    reset();
  }

  void reset() {
    nextNanos = settings.initialBackoff().toNanos();
  }

  /** The wait before the next attempt; a longer delay the gateway asked for wins, up to the cap. */
  Duration next(Optional<Duration> asked) {
    long base = nextNanos;
    long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    nextNanos = (long) Math.min(settings.maxBackoff().toNanos(), base * settings.multiplier());
    Duration wait = Duration.ofNanos(jittered);
    return asked.map(a -> a.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : a)
        .filter(a -> a.compareTo(wait) > 0).orElse(wait);
  }
}
