package org.chaperone.policy.content;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The content policy's answer for one draft: its outcome and every violation behind it (flagged
 * violations included, so the archive keeps them). Immutable.
 *
 * @param outcome ALLOW, HOLD or BLOCK: the strongest action among the violations
 * @param violations every violation, in the order the rules ran and by position in the text
 * @param evaluatedAt the instant the engine was given
 */
public record ContentDecision(Outcome outcome, List<Violation> violations, Instant evaluatedAt) {
  /** What happens to the message. */
  public enum Outcome {
    /** Delivered (possibly with flagged violations). */
    ALLOW,
    /** Stored and held for review by a school administrator. */
    HOLD,
    /** Refused; the sender is told every violation. */
    BLOCK
  }

  public ContentDecision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    violations = List.copyOf(violations);
  }

  static ContentDecision of(List<Violation> violations, Instant now) {
    Outcome outcome = Outcome.ALLOW;
    for (Violation v : violations) {
      if (v.action() == Action.BLOCK) {
        outcome = Outcome.BLOCK;
      } else if (v.action() == Action.HOLD && outcome == Outcome.ALLOW) {
        outcome = Outcome.HOLD;
      }
    }
    return new ContentDecision(outcome, violations, now);
  }

  /** The ids of the rules with at least one violation. */
  public Set<RuleId> rules() {
    return violations.stream().map(Violation::rule).collect(Collectors.toUnmodifiableSet());
  }

  /** The violations whose action is {@code action}. */
  public List<Violation> withAction(Action action) {
    return violations.stream().filter(v -> v.action() == action).toList();
  }
}
