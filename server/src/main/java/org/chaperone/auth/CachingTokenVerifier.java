package org.chaperone.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Remembers successful verifications, so that a client sending the same token on every call pays
 * for the signature check once.
 *
 * <p>A verified token is remembered until its {@code exp} or for {@link #MAX_CACHE_TIME},
 * whichever comes first, in a cache bounded in size. Rejections are never remembered: a bad token
 * is checked afresh each time, and a token that failed only because keys were briefly unavailable
 * can succeed on the next call.
 *
 * <p>This caches <em>authentication</em> only, that is who a token speaks for. It must never be
 * used to cache authorization outcomes (what that caller may do), which depend on directory data
 * that can change at any moment.
 *
 * <p>Tokens are keyed by their SHA-256, so bearer credentials are not kept as cache keys.
 *
 * <p>Thread-safe.
 */
public final class CachingTokenVerifier implements TokenVerifier {

  /** The longest a verification is remembered, however late the token expires. */
  public static final Duration MAX_CACHE_TIME = Duration.ofMinutes(5);

  /** How many verified tokens are remembered by default. */
  public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

  private final TokenVerifier delegate;
  private final Clock clock;
  private final Cache<String, VerifiedToken> verified;

  /** Caches up to {@link #DEFAULT_MAXIMUM_SIZE} verifications, timed by the system clock. */
  public CachingTokenVerifier(TokenVerifier delegate) {
    this(delegate, DEFAULT_MAXIMUM_SIZE, Clock.systemUTC());
  }

  /**
   * Caches up to {@code maximumSize} verifications, timed by {@code clock}.
   *
   * @param delegate the verifier that does the real checks
   * @param maximumSize how many verified tokens to remember at most
   * @param clock the clock that expiry is judged by; the delegate should use the same one
   */
  public CachingTokenVerifier(TokenVerifier delegate, long maximumSize, Clock clock) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maximumSize <= 0) {
      throw new IllegalArgumentException("maximumSize must be positive: " + maximumSize);
    }
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .expireAfter(new UntilTokenExpiry(clock))
            .ticker(ticker(clock))
            // Why run maintenance on the calling thread: it is tiny, and keeps eviction
            // deterministic instead of borrowing the shared common pool.
            .executor(Runnable::run)
            .build();
  }

  @Override
  public VerifiedToken verify(String compactJwt) throws TokenRejectedException {
    if (compactJwt == null || compactJwt.isBlank()) {
      return delegate.verify(compactJwt);
    }
    String key = sha256(compactJwt);
    VerifiedToken cached = verified.getIfPresent(key);
    // Why check exp again: cache expiry is the backstop, this makes the cut exact.
    if (cached != null && clock.instant().isBefore(cached.expiresAt())) {
      return cached;
    }
    VerifiedToken fresh = delegate.verify(compactJwt);
    verified.put(key, fresh);
    return fresh;
  }

  private static String sha256(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static Ticker ticker(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /** Keeps each entry until its token's expiry, capped at {@link #MAX_CACHE_TIME}. */
  private record UntilTokenExpiry(Clock clock) implements Expiry<String, VerifiedToken> {
    @Override
    public long expireAfterCreate(String key, VerifiedToken token, long currentTime) {
      Duration untilExpiry = Duration.between(clock.instant(), token.expiresAt());
      if (untilExpiry.isNegative()) {
        return 0;
      }
      return (untilExpiry.compareTo(MAX_CACHE_TIME) < 0 ? untilExpiry : MAX_CACHE_TIME).toNanos();
    }

    @Override
    public long expireAfterUpdate(
        String key, VerifiedToken token, long currentTime, long currentDuration) {
      return expireAfterCreate(key, token, currentTime);
    }

    @Override
    public long expireAfterRead(
        String key, VerifiedToken token, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
