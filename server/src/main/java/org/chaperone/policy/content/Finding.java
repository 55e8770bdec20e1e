package org.chaperone.policy.content;

import java.util.List;

/**
 * What a detector found, before the settings decide what it does. Spans are already in original
 * coordinates.
 */
record Finding(RuleId rule, String clause, Severity severity, String explanation,
    List<Span> spans, String attachment) {

  static Finding inText(RuleId rule, String clause, Severity severity, String explanation,
      Span span) {
    return new Finding(rule, clause, severity, explanation, List.of(span), "");
  }

  int start() {
    return spans.isEmpty() ? -1 : spans.get(0).start();
  }

  int end() {
    return spans.isEmpty() ? -1 : spans.get(spans.size() - 1).end();
  }
}
