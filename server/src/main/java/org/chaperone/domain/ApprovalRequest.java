package org.chaperone.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A written request for an administrator's approval (board policies P001-authorization,
 * P002-group-approval, P004-exemption), and its answer.
 *
 * @param id the request id
 * @param kind what is requested
 * @param requesterId the staff member asking
 * @param schoolId the school whose administrators answer
 * @param channelId for a group channel, the channel that opens on approval; otherwise empty
 * @param purpose the purpose, as guardians will be told
 * @param objectives the job-related objectives
 * @param state pending, or the answer
 * @param explanation the administrator's written explanation (required for every answer but a plain approval)
 * @param limits for an amended or limited approval, what was limited
 * @param decidedBy the administrator who answered, or empty
 * @param createTime when it was requested
 * @param dueTime when an answer is due
 * @param decideTime when it was answered ({@link Instant#EPOCH} while pending)
 */
public record ApprovalRequest(
    String id,
    Kind kind,
    String requesterId,
    String schoolId,
    String channelId,
    String purpose,
    String objectives,
    State state,
    String explanation,
    String limits,
    String decidedBy,
    Instant createTime,
    Instant dueTime,
    Instant decideTime) {

  public ApprovalRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(requesterId, "requesterId");
    schoolId = Objects.requireNonNullElse(schoolId, "");
    channelId = Objects.requireNonNullElse(channelId, "");
    purpose = Objects.requireNonNullElse(purpose, "");
    objectives = Objects.requireNonNullElse(objectives, "");
    Objects.requireNonNull(state, "state");
    explanation = Objects.requireNonNullElse(explanation, "");
    limits = Objects.requireNonNullElse(limits, "");
    decidedBy = Objects.requireNonNullElse(decidedBy, "");
    createTime = createTime.truncatedTo(ChronoUnit.MICROS);
    dueTime = dueTime.truncatedTo(ChronoUnit.MICROS);
    decideTime = Objects.requireNonNullElse(decideTime, Instant.EPOCH).truncatedTo(ChronoUnit.MICROS);
  }

  /** What is requested. */
  public enum Kind {
    /** A group channel (team, club, activity). */
    GROUP_CHANNEL,
    /** A direct conversation, where the district policy requires approval for them. */
    DIRECT_CHANNEL,
    /** An exemption from a policy rule for a project (P004-exemption). */
    POLICY_EXEMPTION,
    /** An integration (LMS or SIS plug-in) as an approved communication tool (P000-approved-tools). */
    INTEGRATION
  }

  /** Pending, or the administrator's answer (the four outcomes of P001-authorization). */
  public enum State {
    PENDING,
    APPROVED,
    REJECTED,
    MORE_INFORMATION_REQUESTED,
    APPROVED_LIMITED;

    public boolean decided() {
      return this != PENDING && this != MORE_INFORMATION_REQUESTED;
    }
  }

  public ApprovalRequest answered(State answer, String why, String limited, String by, Instant at) {
    return new ApprovalRequest(id, kind, requesterId, schoolId, channelId, purpose, objectives,
        answer, why, limited, by, createTime, dueTime, at);
  }
}
