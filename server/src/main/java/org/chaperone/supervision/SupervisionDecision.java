package org.chaperone.supervision;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.chaperone.archive.CanonicalJson;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.MemberRole;

/**
 * What supervision decided about a draft, and why. Stored with the message and in its archive
 * entry, returned by the dry run, so every decision explains itself (law 8).
 *
 * @param outcome deliver now, hold until {@code holdUntil}, or refuse
 * @param refusal why it was refused ({@code null} unless refused)
 * @param explanation the decision in words, naming the board-policy clause
 * @param policyClause the clause the decision enforces, e.g. P003-copy
 * @param supervisors who supervises the conversation and for which students ("also visible to")
 * @param holdUntil when a held message is released ({@code null} unless held)
 * @param emergencyOverride quiet hours were overridden by an authorised emergency
 * @param policyVersion the district policy version used
 * @param unsupervisedStudents for a {@code SUPERVISOR_REQUIRED} refusal, the students without one
 */
public record SupervisionDecision(
    Outcome outcome,
    ErrorReason refusal,
    String explanation,
    String policyClause,
    List<Supervisor> supervisors,
    Instant holdUntil,
    boolean emergencyOverride,
    String policyVersion,
    List<String> unsupervisedStudents) {

  public SupervisionDecision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(explanation, "explanation");
    policyClause = Objects.requireNonNullElse(policyClause, "");
    supervisors = List.copyOf(supervisors);
    Objects.requireNonNull(policyVersion, "policyVersion");
    unsupervisedStudents = List.copyOf(unsupervisedStudents);
  }

  /** What happens to the draft. */
  public enum Outcome {
    DELIVER,
    HOLD,
    REFUSE
  }

  /**
   * A supervisor of the conversation.
   *
   * @param personId the supervisor
   * @param role guardian observer, supervising staff, or a second staff participant
   * @param forStudents the students they supervise here
   */
  public record Supervisor(String personId, MemberRole role, List<String> forStudents) {
    public Supervisor {
      forStudents = List.copyOf(forStudents);
    }
  }

  /** The decision as canonical JSON, as stored with the message. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("outcome", outcome.name());
    json.put("refusal", refusal == null ? "" : refusal.name());
    json.put("explanation", explanation);
    json.put("policy_clause", policyClause);
    json.put("policy_version", policyVersion);
    json.put("hold_until", holdUntil == null ? "" : holdUntil.toString());
    json.put("emergency_override", emergencyOverride);
    List<Object> list = new ArrayList<>();
    for (Supervisor s : supervisors) {
      list.add(Map.of("person", s.personId(), "role", s.role().name(), "for", s.forStudents()));
    }
    json.put("supervisors", list);
    json.put("unsupervised_students", unsupervisedStudents);
    return new String(CanonicalJson.encode(json), StandardCharsets.UTF_8);
  }
}
