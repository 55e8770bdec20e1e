package org.chaperone.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.chaperone.auth.TokenRejectedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokenAuthorityTest {
  @TempDir Path dataDir;

  @Test
  void createsAnOwnerOnlyP256KeyFileAndNothingElse() throws Exception {
    DevTokenAuthority authority = DevTokenAuthority.openOrCreate(dataDir);

    Path keyFile = dataDir.resolve(DevTokenAuthority.KEY_FILE_NAME);
    JWK stored = JWK.parse(Files.readString(keyFile));
    assertThat(stored).isInstanceOf(ECKey.class);
    assertThat(((ECKey) stored).getCurve()).isEqualTo(Curve.P_256);
    assertThat(stored.isPrivate()).isTrue();
    assertThat(stored.getKeyID()).isEqualTo(authority.keyId()).isNotBlank();
    try (Stream<Path> files = Files.list(dataDir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly(DevTokenAuthority.KEY_FILE_NAME);
    }
    assumeTrue(Files.getFileStore(keyFile).supportsFileAttributeView("posix"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
  }

  @Test
  void reopeningReusesTheKeySoEarlierTokensStillVerify() throws Exception {
    DevTokenAuthority first = DevTokenAuthority.openOrCreate(dataDir);
    Path keyFile = dataDir.resolve(DevTokenAuthority.KEY_FILE_NAME);
    byte[] keyBytes = Files.readAllBytes(keyFile);
    String token = first.issue("teacher-17", Duration.ofMinutes(5));

    DevTokenAuthority second = DevTokenAuthority.openOrCreate(dataDir);

    assertThat(Files.readAllBytes(keyFile)).isEqualTo(keyBytes);
    assertThat(second.keyId()).isEqualTo(first.keyId());
    assertThat(second.verifier().verify(token).subject()).isEqualTo("teacher-17");
    assertThat(first.verifier().verify(second.issue("teacher-18", Duration.ofMinutes(5))).subject())
        .isEqualTo("teacher-18");
  }

  @Test
  void concurrentFirstOpensAllSettleOnOneKey() throws Exception {
    int openers = 6;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<DevTokenAuthority>> opened = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(openers)) {
      for (int i = 0; i < openers; i++) {
        opened.add(
            pool.submit(
                () -> {
                  start.await();
                  return DevTokenAuthority.openOrCreate(dataDir);
                }));
      }
      start.countDown();
      Set<String> keyIds = new HashSet<>();
      for (Future<DevTokenAuthority> authority : opened) {
        keyIds.add(authority.get(30, TimeUnit.SECONDS).keyId());
      }

      assertThat(keyIds).hasSize(1);
    }
    DevTokenAuthority reopened = DevTokenAuthority.openOrCreate(dataDir);
    assertThat(reopened.keyId()).isEqualTo(opened.getFirst().get().keyId());
    try (Stream<Path> files = Files.list(dataDir)) {
      assertThat(files.count()).isEqualTo(1);
    }
  }

  @Test
  void createsAMissingDataDirectory() throws Exception {
    Path nested = dataDir.resolve("var").resolve("chaperone");

    DevTokenAuthority authority = DevTokenAuthority.openOrCreate(nested);

    assertThat(nested.resolve(DevTokenAuthority.KEY_FILE_NAME)).isRegularFile();
    assertThat(authority.verifier().verify(authority.issue("a", Duration.ofMinutes(1))).subject())
        .isEqualTo("a");
  }

  @Test
  void issuesEs256TokensWithTheDocumentedClaims() throws Exception {
    DevTokenAuthority authority = DevTokenAuthority.openOrCreate(dataDir);
    Instant now = Instant.parse("2026-03-02T08:15:00.750Z");
    MutableClock clock = new MutableClock(now);

    SignedJWT jwt = SignedJWT.parse(authority.issue("teacher-17", Duration.ofMinutes(15), clock));
    JWTClaimsSet claims = jwt.getJWTClaimsSet();

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(authority.keyId());
    assertThat(claims.getIssuer()).isEqualTo(DevTokenAuthority.ISSUER).isEqualTo("chaperone-dev");
    assertThat(claims.getAudience()).containsExactly("chaperone");
    assertThat(claims.getSubject()).isEqualTo("teacher-17");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-03-02T08:15:00Z"));
    assertThat(claims.getExpirationTime().toInstant())
        .isEqualTo(Instant.parse("2026-03-02T08:30:00Z"));
    String otherJti =
        SignedJWT.parse(authority.issue("teacher-17", Duration.ofMinutes(15), clock))
            .getJWTClaimsSet()
            .getJWTID();
    assertThat(claims.getJWTID()).isNotBlank().isNotEqualTo(otherJti);
  }

  @Test
  void tokensExpire() throws Exception {
    DevTokenAuthority authority = DevTokenAuthority.openOrCreate(dataDir);
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:15:00Z"));
    TokenVerifier verifier = authority.verifier(clock);
    String token = authority.issue("teacher-17", Duration.ofMinutes(10), clock);

    assertThat(verifier.verify(token).expiresAt()).isEqualTo(Instant.parse("2026-03-02T08:25:00Z"));
    clock.advance(Duration.ofMinutes(11));
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOfSatisfying(
            TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXPIRED));
  }

  @Test
  void anotherAuthoritysTokensAreNotTrusted(@TempDir Path otherDir) throws Exception {
    DevTokenAuthority ours = DevTokenAuthority.openOrCreate(dataDir);
    DevTokenAuthority theirs = DevTokenAuthority.openOrCreate(otherDir);

    String foreign = theirs.issue("teacher-17", Duration.ofMinutes(5));

    assertThatThrownBy(() -> ours.verifier().verify(foreign))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNTRUSTED_KEY));
  }

  @Test
  void refusesAKeyFileThatIsNotAPrivateP256Key() throws Exception {
    Path keyFile = dataDir.resolve(DevTokenAuthority.KEY_FILE_NAME);
    for (String content :
        List.of(
            "not json",
            TestTokens.ecKey("public-only").toPublicJWK().toJSONString(),
            TestTokens.rsaKey("rsa").toJSONString())) {
      Files.writeString(keyFile, content);

      assertThatThrownBy(() -> DevTokenAuthority.openOrCreate(dataDir))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(keyFile.toString());
    }
  }

  @Test
  void refusesBlankSubjectsAndNonPositiveLifetimes() throws Exception {
    DevTokenAuthority authority = DevTokenAuthority.openOrCreate(dataDir);

    assertThatThrownBy(() -> authority.issue(" ", Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authority.issue("teacher-17", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
