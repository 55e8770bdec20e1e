package org.chaperone.policy.content;

import java.util.List;
import java.util.Objects;

/**
 * One finding of one rule: which rule, which board-policy clause it enforces, how severe it is,
 * what the policy does about it, a sentence a teacher can act on, and where it is.
 *
 * @param rule the rule that found it
 * @param clause the board-policy clause id, e.g. {@code P000-personal-phone}
 * @param severity how serious it is
 * @param action what the settings make of it (never {@link Action#OFF})
 * @param explanation a sentence naming what was found and why it is not allowed
 * @param spans offending ranges of the original text; empty for an attachment
 * @param attachment the attachment concerned, or empty
 */
public record Violation(
    RuleId rule,
    String clause,
    Severity severity,
    Action action,
    String explanation,
    List<Span> spans,
    String attachment) {

  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(clause, "clause");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(explanation, "explanation");
    spans = List.copyOf(spans);
    attachment = Objects.requireNonNullElse(attachment, "");
    if (action == Action.OFF) {
      throw new IllegalArgumentException("a violation of a rule that is off is not reported");
    }
  }
}
