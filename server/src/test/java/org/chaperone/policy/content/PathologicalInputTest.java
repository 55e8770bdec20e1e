package org.chaperone.policy.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs built to make a regular expression backtrack: thousands of letters or words between the
 * words a rule looks for ("at ... dot", "keep ... between us", "I will ... kill you"). Every one
 * must be decided, not hang: like the gateway's fuzz tests, a decision that takes ten seconds
 * counts as a hang.
 */
class PathologicalInputTest {
  private static final ContentPolicy POLICY = new ContentPolicy(Drafts.districtSettings());

  static Stream<String> inputs() {
    String letters = "a".repeat(5_000);
    String words = "a ".repeat(2_500);
    return Stream.of(
        letters,
        "jo at " + letters + " dot com",
        letters + " at " + letters,
        "at " + "ab ".repeat(2_000) + "gmail",
        "snap " + letters,
        "snap: " + "x".repeat(3_000) + "_",
        "keep " + words + "between us",
        "i will " + words + "kill you",
        "meet " + words + "alone",
        "dont tell " + words + "your parents",
        "text me " + "9 ".repeat(3_000),
        "s e c r e t ".repeat(500),
        "you " + "look ".repeat(1_500) + "beautiful",
        "@" + letters,
        letters.replace('a', '1'));
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void isDecidedWithoutHanging(String text) {
    ContentDecision decision = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> POLICY.evaluate(Drafts.staffToStudent(text), Drafts.DIRECTORY, Drafts.NOW));
    assertThat(decision).isNotNull();
  }
}
