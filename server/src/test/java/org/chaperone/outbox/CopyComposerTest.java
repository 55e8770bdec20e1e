package org.chaperone.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Message;
import org.chaperone.domain.Person;
import org.chaperone.domain.Role;
import org.junit.jupiter.api.Test;

/** The text of copies and digests. */
class CopyComposerTest {
  static final CopyPolicy POLICY = new CopyPolicy(false, ZoneId.of("America/New_York"),
      LocalTime.of(18, 0), "");
  static final Person TEACHER = new Person("t1", Role.TEACHER, "Ada", "Clark", "ada@school.org", "",
      List.of(), List.of());
  static final Person STUDENT = new Person("s1", Role.STUDENT, "Sam", "One", "", "", List.of(), List.of());
  static final Person GUARDIAN = new Person("g1", Role.GUARDIAN, "Gina", "One", "gina@example.com",
      "", List.of(), List.of());
  static final Person OBSERVER = new Person("st1", Role.STAFF, "Cy", "Counselor", "cy@school.org",
      "", List.of(), List.of());

  final CopyComposer composer = new CopyComposer(POLICY);
  final Message message = Message.delivered(77, "art-201", "t1", "Bring an apron tomorrow.\nThanks!",
      Instant.parse("2026-03-10T14:05:00Z"), "", 5, 12);
  final Addressee gina = new Addressee(GUARDIAN, Optional.of(new ChannelMember("art-201", "g1",
      MemberRole.GUARDIAN_OBSERVER, false, List.of("s1"))), Optional.empty());
  final CopyContext ctx = new CopyContext("Art 201", "Lincoln High", TEACHER,
      Map.of("s1", new Addressee(STUDENT, Optional.empty(), Optional.empty()), "g1", gina));

  @Test
  void aCopySaysWhoWroteToWhomWhereWhenWhyAndHowToRead() {
    CopyComposer.Text copy = composer.copy(message, ctx, gina);
    assertThat(copy.subject()).isEqualTo("Copy: Ada Clark wrote to Art 201");
    assertThat(copy.body())
        .contains("Dear Gina One,")
        .contains("Ada Clark (teacher) wrote to \"Art 201\" at Lincoln High on Tuesday, March 10,"
            + " 2026 at 10:05 AM (America/New_York).")
        .contains("This email is a copy. " + CopyComposer.POLICY_SENTENCE)
        .contains("You receive it as the parent or guardian of Sam One, who is a member of this conversation.")
        .contains("To:       Art 201 (5 recipients)")
        .contains("Message:  channels/art-201/messages/77")
        .contains("Bring an apron tomorrow.\nThanks!")
        .contains("How to read the conversation: sign in to Chaperone")
        .contains("open \"Art 201\"")
        .contains("Replies to this email are not delivered");
  }

  @Test
  void staffObserversAreToldWhyTheyReceiveIt() {
    Addressee cy = new Addressee(OBSERVER, Optional.of(new ChannelMember("art-201", "st1",
        MemberRole.TEACHER, false, List.of())), Optional.empty());
    assertThat(composer.copy(message, ctx, cy).body())
        .contains("You receive it as a staff member supervising this conversation.");
  }

  @Test
  void aDigestListsItsEntriesInOrderWithTheirPeriod() {
    CopyComposer.Text entry = composer.digestEntry(message, ctx);
    assertThat(entry.subject()).isEqualTo("Art 201: Ada Clark");
    EmailJob job = new EmailJob(1, EmailKind.COPY, EmailState.DIGEST_WAIT, "g1", "gina@example.com",
        "Gina One", "<x@y>", "channels/art-201/messages/77", 77, "copy", entry.subject(),
        entry.body(), message.createTime(), 0, POLICY.digestDue(message.createTime()), "", null, 0);
    CopyComposer.Text digest = composer.digest("Gina One", List.of(job, job), job.nextAttemptTime(), 1, 1);
    assertThat(digest.subject()).isEqualTo("Daily copies: 2 messages (March 10, 2026)");
    assertThat(digest.body())
        .contains("Here are copies of 2 messages sent between Monday, March 9, 2026 at 6:00 PM"
            + " (America/New_York) and Tuesday, March 10, 2026 at 6:00 PM (America/New_York)")
        .contains("1. Tuesday, March 10, 2026 at 10:05 AM (America/New_York): Ada Clark (teacher)")
        .contains("2. ")
        .contains("    Bring an apron tomorrow.\n    Thanks!")
        .contains("board policy P003-copy");
  }
}
