package org.chaperone.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Person;
import org.chaperone.domain.Role;
import org.junit.jupiter.api.Test;

/** Who receives copies, and when digests are due. */
class CopyPolicyTest {
  static final CopyPolicy STRICT = new CopyPolicy(false, ZoneId.of("America/Chicago"), LocalTime.of(18, 0), "");
  static final CopyPolicy LENIENT = new CopyPolicy(true, ZoneId.of("America/Chicago"), LocalTime.of(18, 0), "");

  static Addressee addressee(Role role, MemberRole memberRole, boolean canPost, CopyDelivery stored) {
    Person p = new Person("p", role, "Pat", "Doe", "pat@example.com", "", List.of(), List.of());
    return new Addressee(p, memberRole == null ? Optional.empty()
        : Optional.of(new ChannelMember("c", "p", memberRole, canPost, List.of())),
        Optional.ofNullable(stored));
  }

  @Test
  void defaultsFollowWhoSupervises() {
    // Guardians: each message. Staff observing without posting: each message. Staff
    // participants: none (they read through the API). Students: never.
    assertThat(STRICT.effectiveDelivery(addressee(Role.GUARDIAN, MemberRole.GUARDIAN_OBSERVER, false, null)))
        .isEqualTo(CopyDelivery.EACH_MESSAGE);
    assertThat(STRICT.effectiveDelivery(addressee(Role.STAFF, MemberRole.TEACHER, false, null)))
        .isEqualTo(CopyDelivery.EACH_MESSAGE);
    assertThat(STRICT.effectiveDelivery(addressee(Role.TEACHER, MemberRole.TEACHER, true, null)))
        .isEqualTo(CopyDelivery.NONE);
    assertThat(STRICT.effectiveDelivery(addressee(Role.STUDENT, MemberRole.STUDENT, true, CopyDelivery.EACH_MESSAGE)))
        .isEqualTo(CopyDelivery.NONE);
  }

  @Test
  void storedPreferencesApplyButOptingOutOnlyWhereAllowed() {
    assertThat(STRICT.effectiveDelivery(addressee(Role.GUARDIAN, MemberRole.GUARDIAN_OBSERVER, false, CopyDelivery.DAILY_DIGEST)))
        .isEqualTo(CopyDelivery.DAILY_DIGEST);
    assertThat(STRICT.effectiveDelivery(addressee(Role.TEACHER, MemberRole.TEACHER, true, CopyDelivery.EACH_MESSAGE)))
        .isEqualTo(CopyDelivery.EACH_MESSAGE);
    assertThat(STRICT.effectiveDelivery(addressee(Role.GUARDIAN, MemberRole.GUARDIAN_OBSERVER, false, CopyDelivery.NONE)))
        .isEqualTo(CopyDelivery.EACH_MESSAGE);
    assertThat(STRICT.effectiveDelivery(addressee(Role.STAFF, MemberRole.TEACHER, false, CopyDelivery.NONE)))
        .isEqualTo(CopyDelivery.EACH_MESSAGE);
    assertThat(LENIENT.effectiveDelivery(addressee(Role.GUARDIAN, MemberRole.GUARDIAN_OBSERVER, false, CopyDelivery.NONE)))
        .isEqualTo(CopyDelivery.NONE);
  }

  @Test
  void aDigestIsDueAtTheNextDigestTimeInTheDistrictsZone() {
    // 17:59 in Chicago (CDT, UTC-5) goes out the same day at 18:00; 18:00 itself the next day.
    assertThat(STRICT.digestDue(Instant.parse("2026-09-01T22:59:00Z"))).isEqualTo(Instant.parse("2026-09-01T23:00:00Z"));
    assertThat(STRICT.digestDue(Instant.parse("2026-09-01T23:00:00Z"))).isEqualTo(Instant.parse("2026-09-02T23:00:00Z"));
    assertThat(STRICT.digestDue(Instant.parse("2026-09-02T04:00:00Z"))).isEqualTo(Instant.parse("2026-09-02T23:00:00Z"));
    // Across the end of daylight saving time (1 November 2026), 18:00 local is 00:00 UTC.
    assertThat(STRICT.digestDue(Instant.parse("2026-11-01T12:00:00Z"))).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
  }

  @Test
  void theConversationLinkFillsInThePlaceholders() {
    CopyPolicy p = new CopyPolicy(false, ZoneId.of("UTC"), LocalTime.NOON,
        "https://chaperone.example.org/channels/{channel}?m={message}");
    assertThat(p.conversationLink("math 101", 42)).isEqualTo("https://chaperone.example.org/channels/math+101?m=42");
    assertThat(STRICT.conversationLink("c", 1)).isEmpty();
  }

  @Test
  void retriesBackOffExponentiallyUpToTheLimit() {
    RetryPolicy r = new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(1), 5, Duration.ofMinutes(5));
    Instant now = Instant.parse("2026-09-01T00:00:00Z");
    long[] expected = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600};
    for (int attempt = 1; attempt <= expected.length; attempt++) {
      long wait = Duration.between(now, r.nextAttempt(now, attempt)).toSeconds();
      assertThat(wait).as("after attempt %d", attempt)
          .isBetween((long) (expected[attempt - 1] * 0.8) - 1, (long) (expected[attempt - 1] * 1.2) + 1);
    }
    assertThat(r.mayRetry(4)).isTrue();
    assertThat(r.mayRetry(5)).isFalse();
    assertThat(Duration.between(now, r.nextAttempt(now, 10_000)).toSeconds()).isLessThanOrEqualTo(4320);
  }
}
