package org.chaperone.policy.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule against every evasion: one violating message per rule, disguised each way, must still
 * be found, with spans that are exact substrings of the disguised text.
 */
class EvasionTableTest {
  private static final ContentPolicy POLICY = new ContentPolicy(Drafts.districtSettings());

  private record Case(RuleId rule, Function<String, ContentDraft> context, String text) {}

  private static final List<Case> CASES = List.of(
      new Case(RuleId.CONTACT_PHONE, Drafts::staffToStudent, "call me at 971-555-0143 tonight"),
      new Case(RuleId.CONTACT_EMAIL, Drafts::staffToStudent, "email me at jrivera77@gmail.com"),
      new Case(RuleId.PRIVATE_CHANNEL, Drafts::staffToStudent, "add me on snapchat later"),
      new Case(RuleId.SECRECY, Drafts::staffToStudent, "don't tell your parents about this"),
      new Case(RuleId.GROOMING, Drafts::staffToStudent, "come over to my house this weekend"),
      new Case(RuleId.HARASSMENT, Drafts::studentToClass, "this is bullshit"),
      new Case(RuleId.HARASSMENT, Drafts::studentToClass, "i will kill you"),
      new Case(RuleId.STUDENT_PII, Drafts::staffToClass, "Jake Miller is failing algebra"),
      new Case(RuleId.TOPIC_SCOPE, Drafts::staffToStudent, "want to hang out and watch a movie"));

  private static final List<Object[]> EVASIONS = List.of(
      new Object[] {"as written", (UnaryOperator<String>) s -> s},
      new Object[] {"zero-width", (UnaryOperator<String>) EvasionGenerator::zeroWidth},
      new Object[] {"look-alike letters", (UnaryOperator<String>) EvasionGenerator::homoglyphs},
      new Object[] {"full-width", (UnaryOperator<String>) EvasionGenerator::fullWidth},
      new Object[] {"mathematical bold", (UnaryOperator<String>) EvasionGenerator::mathBold},
      new Object[] {"leetspeak", (UnaryOperator<String>) EvasionGenerator::leet},
      new Object[] {"spaced-out word", (UnaryOperator<String>) EvasionGenerator::spaceLongestWord},
      new Object[] {"stretched word", (UnaryOperator<String>) EvasionGenerator::stretchLongestWord},
      new Object[] {"digits spelled out", (UnaryOperator<String>) EvasionGenerator::digitWords},
      new Object[] {"digits spaced out", (UnaryOperator<String>) EvasionGenerator::digitsSpaced},
      new Object[] {"at and dot", (UnaryOperator<String>) EvasionGenerator::atDot});

  static Stream<Arguments> table() {
    return CASES.stream().flatMap(c -> EVASIONS.stream()
        .filter(e -> applies(c.rule(), (String) e[0]))
        .map(e -> {
          @SuppressWarnings("unchecked")
          String text = ((UnaryOperator<String>) e[1]).apply(c.text());
          return Arguments.of(c.rule(), e[0], text, c.context().apply(text));
        }));
  }

  /** Leetspeak turns an address into another one; digit evasions only concern numbers. */
  private static boolean applies(RuleId rule, String evasion) {
    return switch (evasion) {
      case "leetspeak" -> rule != RuleId.CONTACT_EMAIL;
      case "digits spelled out", "digits spaced out" -> rule == RuleId.CONTACT_PHONE;
      case "at and dot" -> rule == RuleId.CONTACT_EMAIL;
      case "spaced-out word", "stretched word" ->
          rule != RuleId.CONTACT_EMAIL && rule != RuleId.CONTACT_PHONE;
      default -> true;
    };
  }

  @ParameterizedTest(name = "{0} / {1}: {2}")
  @MethodSource("table")
  void ruleSurvivesEvasion(RuleId rule, String evasion, String text, ContentDraft draft) {
    ContentDecision d = POLICY.evaluate(draft, Drafts.DIRECTORY, Drafts.NOW);
    List<Violation> found = d.violations().stream().filter(v -> v.rule() == rule).toList();
    assertThat(found).as("%s after %s in %s", rule, evasion, text).isNotEmpty();
    for (Violation v : found) {
      assertThat(v.spans()).isNotEmpty();
      for (Span s : v.spans()) {
        assertThat(s.end()).isGreaterThan(s.start()).isLessThanOrEqualTo(text.length());
        assertThat(text.substring(s.start(), s.end())).isEqualTo(s.excerpt());
      }
    }
  }
}
