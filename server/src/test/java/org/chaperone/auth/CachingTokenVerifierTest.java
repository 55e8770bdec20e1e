package org.chaperone.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chaperone.auth.TestTokens.AUDIENCE;
import static org.chaperone.auth.TestTokens.ISSUER;
import static org.chaperone.auth.TestTokens.NOW;
import static org.chaperone.auth.TestTokens.sign;
import static org.chaperone.auth.TestTokens.validClaims;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaperone.auth.TokenRejectedException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachingTokenVerifierTest {
  private static ECKey key;

  private MutableClock clock;
  private CountingVerifier counting;
  private CachingTokenVerifier caching;

  /** Counts the calls that reach the real verifier. */
  private static final class CountingVerifier implements TokenVerifier {
    private final TokenVerifier real;
    final AtomicInteger calls = new AtomicInteger();

    CountingVerifier(TokenVerifier real) {
      this.real = real;
    }

    @Override
    public VerifiedToken verify(String compactJwt) throws TokenRejectedException {
      calls.incrementAndGet();
      return real.verify(compactJwt);
    }
  }

  @BeforeAll
  static void keys() {
    key = TestTokens.ecKey("ec-cache");
  }

  @BeforeEach
  void setUp() {
    clock = new MutableClock(NOW);
    JwtTokenVerifier real =
        new JwtTokenVerifier(
            new JwtSettings(
                ISSUER,
                AUDIENCE,
                "sub",
                Duration.ofSeconds(30),
                new KeySource.StaticKeys(new JWKSet(key))),
            clock);
    counting = new CountingVerifier(real);
    caching = new CachingTokenVerifier(counting, 100, clock);
  }

  private static String tokenValidFor(Duration lifetime) {
    return sign(key, validClaims().expirationTime(Date.from(NOW.plus(lifetime))).build());
  }

  private Reason rejectionOf(String token) {
    try {
      caching.verify(token);
    } catch (TokenRejectedException e) {
      return e.reason();
    }
    throw new AssertionError("token was accepted but should have been rejected");
  }

  @Test
  void verifiesARepeatedTokenOnce() throws Exception {
    String token = tokenValidFor(Duration.ofMinutes(10));

    VerifiedToken first = caching.verify(token);
    VerifiedToken second = caching.verify(token);

    assertThat(second).isSameAs(first);
    assertThat(second.subject()).isEqualTo("teacher-17");
    assertThat(counting.calls).hasValue(1);
  }

  @Test
  void cachesDifferentTokensSeparately() throws Exception {
    String teacher = tokenValidFor(Duration.ofMinutes(10));
    String student = sign(key, validClaims().subject("student-4").build());

    assertThat(caching.verify(teacher).subject()).isEqualTo("teacher-17");
    assertThat(caching.verify(student).subject()).isEqualTo("student-4");
    assertThat(caching.verify(teacher).subject()).isEqualTo("teacher-17");
    assertThat(counting.calls).hasValue(2);
  }

  @Test
  void neverCachesRejections() throws Exception {
    String good = tokenValidFor(Duration.ofMinutes(10));
    String[] parts = good.split("\\.");
    char[] signature = parts[2].toCharArray();
    signature[10] = signature[10] == 'A' ? 'B' : 'A';
    String tampered = parts[0] + "." + parts[1] + "." + new String(signature);
    caching.verify(good);

    assertThat(rejectionOf("garbage")).isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf("garbage")).isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf(tampered)).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(rejectionOf(tampered)).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(counting.calls).hasValue(5);
  }

  @Test
  void stopsAcceptingATokenAfterItExpires() throws Exception {
    String token = tokenValidFor(Duration.ofMinutes(2));
    assertThat(caching.verify(token).subject()).isEqualTo("teacher-17");

    clock.advance(Duration.ofMinutes(3));

    assertThat(rejectionOf(token)).isEqualTo(Reason.EXPIRED);
    assertThat(rejectionOf(token)).isEqualTo(Reason.EXPIRED);
    assertThat(counting.calls).hasValue(3);
  }

  @Test
  void reverifiesAfterFiveMinutesEvenForLongLivedTokens() throws Exception {
    String token = tokenValidFor(Duration.ofHours(1));
    caching.verify(token);

    clock.advance(Duration.ofMinutes(4));
    caching.verify(token);
    assertThat(counting.calls).hasValue(1);

    clock.advance(Duration.ofMinutes(2));
    assertThat(caching.verify(token).subject()).isEqualTo("teacher-17");
    assertThat(counting.calls).hasValue(2);
  }

  @Test
  void servesConcurrentCallersConsistently() throws Exception {
    List<String> tokens =
        List.of(
            tokenValidFor(Duration.ofMinutes(10)),
            sign(key, validClaims().subject("student-4").build()),
            sign(key, validClaims().subject("guardian-9").build()));
    List<Future<List<String>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  List<String> subjects = new ArrayList<>();
                  for (int i = 0; i < 300; i++) {
                    subjects.add(caching.verify(tokens.get(i % tokens.size())).subject());
                  }
                  return subjects;
                }));
      }
      for (Future<List<String>> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS))
            .hasSize(300)
            .containsOnly("teacher-17", "student-4", "guardian-9");
      }
    }
    // Racing first calls may each verify, but the cache absorbs nearly all of the 1200.
    assertThat(counting.calls.get()).isBetween(3, 12);
  }

  @Test
  void refusesNonPositiveSize() {
    assertThatThrownBy(() -> new CachingTokenVerifier(counting, 0, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
