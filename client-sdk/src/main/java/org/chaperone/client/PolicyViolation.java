package org.chaperone.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One reason the gateway's content policy refused a message: which rule, which board-policy clause
 * it enforces, an explanation for the sender, and where in the text the problem is. A refusal
 * ({@code FAILED_PRECONDITION}, reason {@link ErrorReasons#POLICY_VIOLATION}) lists every
 * violation, see {@link ChaperoneException#policyViolations()}.
 *
 * <h2>Wire format</h2>
 * The gateway reports violations in the {@code google.rpc.ErrorInfo} metadata of the error,
 * numbered from 0 without gaps ({@code i} = 0, 1, ...):
 * <ul>
 *   <li>{@code violation_<i>_rule}: the rule id (required: reading stops at the first index
 *       without one);
 *   <li>{@code violation_<i>_clause}: the board-policy clause id, e.g. {@code
 *       P000-personal-phone};
 *   <li>{@code violation_<i>_explanation}: a sentence for the sender;
 *   <li>{@code violation_<i>_spans}: optional, comma-separated {@code start-end} offsets into the
 *       submitted {@code message.text} in UTF-16 code units (Java {@code String} indices), end
 *       exclusive, e.g. {@code 12-24,40-52}. Spans that are malformed are left out.
 * </ul>
 * Should the gateway later carry violations in a typed detail message, the client will read that
 * too; this record and {@link ChaperoneException#policyViolations()} stay as they are.
 *
 * @param rule the id of the rule that matched
 * @param clause the board-policy clause the rule enforces, or empty
 * @param explanation what is wrong, for the sender
 * @param spans where in the text, possibly empty
 */
public record PolicyViolation(String rule, String clause, String explanation, List<Span> spans) {
  private static final String PREFIX = "violation_";

  /**
   * Checks the components and copies the spans.
   *
   * @param rule the rule id
   * @param clause the clause id, or empty
   * @param explanation the explanation, or empty
   * @param spans the spans
   */
  public PolicyViolation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(clause, "clause");
    Objects.requireNonNull(explanation, "explanation");
    spans = List.copyOf(spans);
  }

  /**
   * A range of the submitted text.
   *
   * @param start the index of the first character (UTF-16 code unit)
   * @param end the index after the last character
   */
  public record Span(int start, int end) {
    /**
     * Checks that the range is well-formed.
     *
     * @param start the first index
     * @param end the index after the last
     */
    public Span {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("not a text span: " + start + "-" + end);
      }
    }

    /**
     * The part of {@code text} this span covers, e.g. to highlight it for the sender.
     *
     * @param text the text that was submitted
     * @return the covered characters, clipped to the text's length
     */
    public String in(String text) {
      int from = Math.min(start, text.length());
      return text.substring(from, Math.min(end, text.length()));
    }
  }

  static List<PolicyViolation> fromErrorInfo(Map<String, String> metadata) {
    List<PolicyViolation> found = new ArrayList<>();
    for (int i = 0; metadata.containsKey(PREFIX + i + "_rule"); i++) {
      String key = PREFIX + i + "_";
      found.add(new PolicyViolation(metadata.get(key + "rule"),
          metadata.getOrDefault(key + "clause", ""),
          metadata.getOrDefault(key + "explanation", ""),
          spans(metadata.getOrDefault(key + "spans", ""))));
    }
    return List.copyOf(found);
  }

  private static List<Span> spans(String encoded) {
    List<Span> spans = new ArrayList<>();
    for (String part : encoded.split(",")) {
      String[] ends = part.strip().split("-");
      if (ends.length != 2) {
        continue;
      }
      try {
        int start = Integer.parseInt(ends[0].strip());
        int end = Integer.parseInt(ends[1].strip());
        if (start >= 0 && end >= start) {
          spans.add(new Span(start, end));
        }
      } catch (NumberFormatException malformed) {
        // Left out, as documented: the violation itself still counts.
      }
    }
    return spans;
  }
}
