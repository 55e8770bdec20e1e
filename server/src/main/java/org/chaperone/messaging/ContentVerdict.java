package org.chaperone.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.chaperone.archive.CanonicalJson;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;
import org.chaperone.policy.content.Action;
import org.chaperone.policy.content.ContentDecision;
import org.chaperone.policy.content.RuleId;
import org.chaperone.policy.content.Severity;
import org.chaperone.policy.content.Span;
import org.chaperone.policy.content.Violation;

/**
 * The content policy's decision on one message as Chaperone records and reports it: the engine's
 * {@link ContentDecision} and the district policy version that produced it (law 9). It is stored
 * with the message and in its archive entry as canonical JSON ({@link #toJson()}), read back for
 * the sender and reviewers ({@link #fromJson}), and for a block becomes the sender's
 * {@code POLICY_VIOLATION} refusal ({@link #rejection()}, ADR 33). Immutable.
 *
 * @param decision outcome and every violation (flagged ones included)
 * @param policyVersion the district policy's label, {@code version@fingerprint}
 */
public record ContentVerdict(ContentDecision decision, String policyVersion) {
  /**
   * The most the violations may take of a refusal's {@code ErrorInfo} metadata, in UTF-8 bytes:
   * the status travels in one trailer, which gRPC clients cap at 8 KiB by default.
   */
  static final int METADATA_BUDGET_BYTES = 4096;

  /** The decision as a map of archive values (strings, integers, lists, maps). */
  public Map<String, Object> toMap() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("outcome", decision.outcome().name());
    json.put("policy_version", policyVersion);
    json.put("evaluated_at", decision.evaluatedAt().toString());
    List<Object> violations = new ArrayList<>();
    for (Violation v : decision.violations()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("rule", v.rule().id());
      item.put("clause", v.clause());
      item.put("severity", v.severity().name());
      item.put("action", v.action().name());
      item.put("explanation", v.explanation());
      item.put("attachment", v.attachment());
      List<Object> spans = new ArrayList<>();
      for (Span s : v.spans()) {
        spans.add(Map.of("start", s.start(), "end", s.end(), "excerpt", s.excerpt()));
      }
      item.put("spans", spans);
      violations.add(item);
    }
    json.put("violations", violations);
    return json;
  }

  /** The decision as canonical JSON, as stored with the message. */
  public String toJson() {
    return new String(CanonicalJson.encode(toMap()), StandardCharsets.UTF_8);
  }

  /**
   * The verdict stored as {@code json}; empty for messages recorded before the content policy was
   * on the send path (stored as {@code {}}).
   *
   * @throws IllegalArgumentException when {@code json} is not a verdict this class wrote
   */
  public static Optional<ContentVerdict> fromJson(String json) {
    if (json == null || json.isBlank() || json.equals("{}")) {
      return Optional.empty();
    }
    try {
      Map<?, ?> map = (Map<?, ?>) CanonicalJson.decode(json.getBytes(StandardCharsets.UTF_8));
      List<Violation> violations = new ArrayList<>();
      for (Object o : (List<?>) map.get("violations")) {
        Map<?, ?> v = (Map<?, ?>) o;
        List<Span> spans = new ArrayList<>();
        for (Object so : (List<?>) v.get("spans")) {
          Map<?, ?> s = (Map<?, ?>) so;
          spans.add(new Span(((Long) s.get("start")).intValue(), ((Long) s.get("end")).intValue(),
              (String) s.get("excerpt")));
        }
        String rule = (String) v.get("rule");
        violations.add(new Violation(RuleId.byId(rule).orElseThrow(
                () -> new IllegalArgumentException("unknown rule " + rule)),
            (String) v.get("clause"), Severity.valueOf((String) v.get("severity")),
            Action.valueOf((String) v.get("action")), (String) v.get("explanation"), spans,
            (String) v.get("attachment")));
      }
      return Optional.of(new ContentVerdict(new ContentDecision(
          ContentDecision.Outcome.valueOf((String) map.get("outcome")), violations,
          Instant.parse((String) map.get("evaluated_at"))), (String) map.get("policy_version")));
    } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a recorded content decision: " + e, e);
    }
  }

  /**
   * The refusal a blocked sender receives: {@code FAILED_PRECONDITION}, reason
   * {@code POLICY_VIOLATION}, with every violation in the {@code ErrorInfo} metadata as ADR 33
   * specifies ({@code violation_<i>_rule}, {@code _clause}, {@code _explanation}, and
   * {@code _spans} as {@code start-end,...} UTF-16 offsets into the submitted text) and
   * {@code policy_version}. Violations that do not fit the metadata budget are left out and
   * counted in {@code violations_omitted}.
   */
  public RequestRejected rejection() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("policy_version", policyVersion);
    int used = size(metadata);
    List<Violation> violations = decision.violations();
    int listed = 0;
    for (Violation v : violations) {
      Map<String, String> entry = new LinkedHashMap<>();
      String prefix = "violation_" + listed + "_";
      entry.put(prefix + "rule", v.rule().id());
      entry.put(prefix + "clause", v.clause());
      entry.put(prefix + "explanation", v.explanation());
      if (!v.spans().isEmpty()) {
        entry.put(prefix + "spans", v.spans().stream().map(s -> s.start() + "-" + s.end())
            .collect(Collectors.joining(",")));
      }
      int size = size(entry);
      if (used + size > METADATA_BUDGET_BYTES) {
        break;
      }
      metadata.putAll(entry);
      used += size;
      listed++;
    }
    if (listed < violations.size()) {
      metadata.put("violations_omitted", Integer.toString(violations.size() - listed));
    }
    String first = violations.stream().filter(v -> v.action() == Action.BLOCK).findFirst()
        .or(() -> violations.stream().findFirst()).map(Violation::explanation).orElse("");
    if (first.length() > 300) {
      first = first.substring(0, 300) + "…";
    }
    String more = violations.size() > 1 ? " (" + violations.size() + " violations in all)" : "";
    return new RequestRejected(ErrorReason.POLICY_VIOLATION,
        "the district's content policy blocks this message: " + first + more, List.of(), metadata);
  }

  private static int size(Map<String, String> entries) {
    int bytes = 0;
    for (Map.Entry<String, String> e : entries.entrySet()) {
      bytes += e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length + 4;
    }
    return bytes;
  }
}
