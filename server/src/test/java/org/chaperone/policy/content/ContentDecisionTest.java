package org.chaperone.policy.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.chaperone.policy.content.ContentDecision.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision table: how rule actions and severities combine into the outcome. */
class ContentDecisionTest {
  private static final ContentPolicy DEFAULTS = new ContentPolicy(Drafts.districtSettings());

  static Stream<Arguments> defaults() {
    return Stream.of(
        Arguments.of("clean school message", Drafts.staffToClass("Unit 3 quiz on Friday, room 204"), Outcome.ALLOW),
        Arguments.of("personal phone blocks", Drafts.staffToClass("call me 971-555-0143"), Outcome.BLOCK),
        Arguments.of("personal email blocks", Drafts.staffToClass("jr@gmail.com"), Outcome.BLOCK),
        Arguments.of("private channel blocks", Drafts.staffToClass("add me on snap"), Outcome.BLOCK),
        Arguments.of("secrecy holds", Drafts.staffToStudent("don't tell your parents"), Outcome.HOLD),
        Arguments.of("grooming holds", Drafts.staffToStudent("you look so pretty"), Outcome.HOLD),
        Arguments.of("slur blocks", Drafts.studentToClass("you f4ggot"), Outcome.BLOCK),
        Arguments.of("threat blocks", Drafts.studentToClass("i will kill you"), Outcome.BLOCK),
        Arguments.of("profanity holds", Drafts.studentToClass("this is bullshit"), Outcome.HOLD),
        Arguments.of("aimed insult holds", Drafts.studentToClass("you idiot"), Outcome.HOLD),
        Arguments.of("mild word is flagged, delivered", Drafts.studentToClass("this quiz was stupid"), Outcome.ALLOW),
        Arguments.of("student PII holds", Drafts.staffToClass("Jake Miller failed the quiz"), Outcome.HOLD),
        Arguments.of("off-topic holds", Drafts.staffToStudent("want to hang out and get coffee?"), Outcome.HOLD),
        Arguments.of("BLOCK wins over HOLD",
            Drafts.staffToStudent("don't tell your parents, text me at 971-555-0143"), Outcome.BLOCK));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defaults")
  void defaultActions(String name, ContentDraft draft, Outcome expected) {
    assertThat(DEFAULTS.evaluate(draft, Drafts.DIRECTORY, Drafts.NOW).outcome()).isEqualTo(expected);
  }

  @Test
  void flaggedViolationsAreKeptInAnAllowDecision() {
    ContentDecision d = DEFAULTS.evaluate(Drafts.studentToClass("this quiz was stupid"),
        Drafts.DIRECTORY, Drafts.NOW);
    assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(d.violations()).singleElement().satisfies(v -> {
      assertThat(v.action()).isEqualTo(Action.FLAG);
      assertThat(v.severity()).isEqualTo(Severity.LOW);
      assertThat(v.spans()).extracting(Span::excerpt).containsExactly("stupid");
    });
    assertThat(d.evaluatedAt()).isEqualTo(Drafts.NOW);
  }

  @Test
  void settingsChooseTheAction() {
    ContentPolicy lenient = new ContentPolicy(Drafts.districtSettings()
        .withAction(RuleId.CONTACT_PHONE, Action.HOLD)
        .withAction(RuleId.TOPIC_SCOPE, Action.OFF));
    assertThat(lenient.evaluate(Drafts.staffToClass("call me 971-555-0143"), Drafts.DIRECTORY,
        Drafts.NOW).outcome()).isEqualTo(Outcome.HOLD);
    assertThat(lenient.evaluate(Drafts.staffToStudent("want to hang out and get coffee?"),
        Drafts.DIRECTORY, Drafts.NOW).violations()).isEmpty();
  }

  @Test
  void districtNumbersGivenInAnyFormatAreAllowed() {
    ContentPolicy policy = new ContentPolicy(ContentPolicySettings.defaults()
        .withDistrictContacts(List.of("+1 (971) 555-0143"), List.of("riverafamily.net")));
    assertThat(policy.evaluate(Drafts.staffToClass("call 971-555-0143 or jr@riverafamily.net"),
        Drafts.DIRECTORY, Drafts.NOW).violations()).isEmpty();
  }

  @Test
  void harassmentActionsArePerSeverity() {
    ContentPolicy strict = new ContentPolicy(ContentPolicySettingsParser.parse("""
        action.harassment.low = hold
        action.harassment.high = block
        """));
    assertThat(strict.evaluate(Drafts.studentToClass("this quiz was stupid"), Drafts.DIRECTORY,
        Drafts.NOW).outcome()).isEqualTo(Outcome.HOLD);
    assertThat(strict.evaluate(Drafts.studentToClass("bullshit"), Drafts.DIRECTORY,
        Drafts.NOW).outcome()).isEqualTo(Outcome.BLOCK);
    ContentPolicy off = new ContentPolicy(ContentPolicySettingsParser.parse("action.harassment = off"));
    assertThat(off.evaluate(Drafts.studentToClass("i will kill you"), Drafts.DIRECTORY,
        Drafts.NOW).violations()).isEmpty();
  }

  @Test
  void districtLexiconChoices() {
    ContentPolicy custom = new ContentPolicy(ContentPolicySettingsParser.parse("""
        lexicon.add.high = frick, dang it
        lexicon.allow = crap
        """));
    ContentDecision d = custom.evaluate(Drafts.studentToClass("frick, dang it, crap"),
        Drafts.DIRECTORY, Drafts.NOW);
    assertThat(d.violations()).extracting(v -> v.spans().get(0).excerpt())
        .containsExactly("frick", "dang it");
    ContentPolicy none = new ContentPolicy(ContentPolicySettingsParser.parse("lexicon = none"));
    assertThat(none.evaluate(Drafts.studentToClass("bullshit"), Drafts.DIRECTORY, Drafts.NOW)
        .violations()).isEmpty();
  }

  @Test
  void everyViolationOfOneMessageIsReported() {
    String text = "Don't tell your parents. Text me at 971-555-0143 or jr@gmail.com, you look so hot";
    ContentDecision d = DEFAULTS.evaluate(Drafts.staffToStudent(text), Drafts.DIRECTORY, Drafts.NOW);
    assertThat(d.rules()).containsExactlyInAnyOrder(RuleId.SECRECY, RuleId.PRIVATE_CHANNEL,
        RuleId.CONTACT_PHONE, RuleId.CONTACT_EMAIL, RuleId.GROOMING);
    for (Violation v : d.violations()) {
      for (Span s : v.spans()) {
        assertThat(text.substring(s.start(), s.end())).isEqualTo(s.excerpt());
      }
    }
  }

  @Test
  void mediaReleaseIsRequiredForEveryDepictedStudent() {
    ContentDraft draft = Drafts.withAttachments(Drafts.staffToClass("Photos from the science fair!"),
        new AttachmentDeclaration("fair-1.jpg", List.of("st-maya", "st-leo")),
        new AttachmentDeclaration("fair-2.jpg", List.of("st-ava")),
        new AttachmentDeclaration("poster.pdf", List.of()),
        new AttachmentDeclaration("fair-3.jpg", List.of("st-unknown")));
    ContentDecision d = DEFAULTS.evaluate(draft, Drafts.DIRECTORY, Drafts.NOW);
    assertThat(d.outcome()).isEqualTo(Outcome.BLOCK);
    assertThat(d.violations()).allSatisfy(v -> {
      assertThat(v.rule()).isEqualTo(RuleId.MEDIA_RELEASE);
      assertThat(v.clause()).isEqualTo("P001-media-release");
      assertThat(v.spans()).isEmpty();
    });
    assertThat(d.violations()).extracting(Violation::attachment)
        .containsExactly("fair-1.jpg", "fair-3.jpg");
    assertThat(d.violations().get(0).explanation()).contains("Leo Park");

    ContentDraft fromStudent = Drafts.withAttachments(Drafts.studentToClass("look at this"),
        new AttachmentDeclaration("lunch.jpg", List.of("st-leo")));
    assertThat(DEFAULTS.evaluate(fromStudent, Drafts.DIRECTORY, Drafts.NOW).violations())
        .extracting(Violation::clause).containsExactly("P001-student-posting");
  }

  @Test
  void studentPiiCitesTheClauseOfTheDetail() {
    Map<String, String> expected = Map.of(
        "Jake Miller failed the quiz", "P000-confidential",
        "Jake Miller lives on Elm Street", "P000-student-pii");
    expected.forEach((text, clause) -> assertThat(DEFAULTS.evaluate(Drafts.staffToClass(text),
        Drafts.DIRECTORY, Drafts.NOW).violations()).filteredOn(v -> v.rule() == RuleId.STUDENT_PII)
        .extracting(Violation::clause).containsExactly(clause));
    assertThat(DEFAULTS.evaluate(Drafts.studentToClass("Jake Miller failed the quiz"),
        Drafts.DIRECTORY, Drafts.NOW).violations()).extracting(Violation::clause)
        .containsExactly("P001-student-posting");
  }

  @Test
  void randomTextNeverBreaksTheEngineAndSpansStayInsideIt() {
    java.util.Random random = new java.util.Random(20250304);
    String alphabet = "aeiou tnsrl@.$!*#1234567890-()+:\n\u200B\u0430\u0435\uFF41\u00E9\uD835\uDC1A";
    for (int i = 0; i < 3_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(120);
      for (int k = 0; k < length; k++) {
        if (random.nextInt(10) == 0) {
          sb.appendCodePoint(random.nextInt(0x10FFFF)); // anything, lone surrogates included
        } else {
          sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      String text = sb.toString();
      for (ContentDraft draft : List.of(Drafts.staffToStudent(text), Drafts.studentToClass(text))) {
        ContentDecision d = DEFAULTS.evaluate(draft, Drafts.DIRECTORY, Drafts.NOW);
        for (Violation v : d.violations()) {
          for (Span s : v.spans()) {
            assertThat(s.start()).isBetween(0, text.length());
            assertThat(s.end()).isBetween(s.start(), text.length());
            assertThat(text.substring(s.start(), s.end())).isEqualTo(s.excerpt());
          }
        }
      }
    }
  }

  @Test
  void emptyAndHugeTextsAreHandled() {
    assertThat(DEFAULTS.evaluate(Drafts.staffToClass(""), Drafts.DIRECTORY, Drafts.NOW).outcome())
        .isEqualTo(Outcome.ALLOW);
    String big = "Reminder: read chapter 4 and bring your calculator. ".repeat(400);
    assertThat(DEFAULTS.evaluate(Drafts.staffToClass(big), Drafts.DIRECTORY, Drafts.NOW).outcome())
        .isEqualTo(Outcome.ALLOW);
  }
}
