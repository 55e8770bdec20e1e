package org.chaperone.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.ApprovalRequest;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelState;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;
import org.chaperone.domain.Role;
import org.chaperone.outbox.EmailOutbox;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.store.Store;

/**
 * Answers approval requests (board policy P001-authorization): a school administrator approves as
 * proposed, rejects, requests more information, or approves amended or limited — every answer but
 * a plain approval with a written explanation. An approved group channel opens at once, and its
 * students' guardians are told its purpose. Thread-safe.
 */
public final class Approvals {
  private final Store store;
  private final Clock clock;
  private final Supplier<DistrictPolicy> policy;
  private final EmailOutbox mail;

  public Approvals(Store store, Clock clock, Supplier<DistrictPolicy> policy, EmailOutbox mail) {
    this.store = store;
    this.clock = clock;
    this.policy = policy;
    this.mail = mail;
  }

  /** Records the answer of {@code caller}, an administrator of the request's school. */
  public ApprovalRequest decide(Caller caller, String requestId, ApprovalRequest.State answer,
      String explanation, String limits) {
    return decide(caller, requestId, answer, explanation, limits, java.util.Set.of(), java.util.Set.of());
  }

  /**
   * Records an answer; for an integration approved limited, {@code schools} and {@code operations}
   * say what it may do (within what it asked for; empty: all it asked for).
   */
  public ApprovalRequest decide(Caller caller, String requestId, ApprovalRequest.State answer,
      String explanation, String limits, java.util.Set<String> schools,
      java.util.Set<org.chaperone.domain.Integration.Operation> operations) {
    if (answer == ApprovalRequest.State.PENDING) {
      throw RequestRejected.invalidField("outcome", "must be an answer, not PENDING");
    }
    if (answer != ApprovalRequest.State.APPROVED && explanation.isBlank()) {
      throw new RequestRejected(ErrorReason.EXPLANATION_REQUIRED, "every answer other than a plain"
          + " approval needs a written explanation (board policy P001-authorization)",
          List.of(new org.chaperone.domain.FieldViolation("explanation", "required for " + answer)), Map.of());
    }
    DistrictPolicy p = policy.get();
    return store.write(tx -> {
      ApprovalRequest request = tx.approval(requestId).orElseThrow(() -> new RequestRejected(
          ErrorReason.APPROVAL_NOT_FOUND, "approvals/" + requestId + " does not exist"));
      if (caller.role() != Role.ADMINISTRATOR || caller.viaIntegration()
          || !caller.person().schoolIds().contains(request.schoolId())) {
        throw new RequestRejected(ErrorReason.APPROVER_REQUIRED,
            "only an administrator of schools/" + request.schoolId() + " may answer this request");
      }
      if (request.state().decided()) {
        throw new RequestRejected(ErrorReason.APPROVAL_ALREADY_DECIDED,
            "approvals/" + requestId + " was already answered: " + request.state());
      }
      Instant now = clock.instant();
      ApprovalRequest answered = request.answered(answer, explanation.strip(), limits.strip(),
          caller.personId(), now);
      tx.saveApproval(answered);
      tx.append(new ArchiveEvent("approval.decided", caller.personId(), "approvals/" + requestId,
          now, Map.of("outcome", answer.name(), "explanation", answered.explanation(),
              "limits", answered.limits(), "kind", request.kind().name(), "channel", request.channelId())));
      if (request.kind() == ApprovalRequest.Kind.INTEGRATION) {
        org.chaperone.integration.Integrations.decided(tx, answered, schools, operations);
      }
      if (!request.channelId().isEmpty()) {
        Channel channel = store.reader().channel(request.channelId()).orElseThrow();
        switch (answer) {
          case APPROVED, APPROVED_LIMITED -> {
            tx.setChannelState(channel.id(), ChannelState.OPEN);
            ChannelOpening.open(tx, channel.withState(ChannelState.OPEN, 0), caller.personId(),
                p.supervision(), now, mail);
          }
          case REJECTED -> tx.setChannelState(channel.id(), ChannelState.REJECTED);
          default -> { }
        }
      }
      return answered;
    });
  }

  /**
   * Requests the caller may see: administrators those of their schools (every school with
   * {@code overdueOnly}, for the district's overdue list); staff their own.
   */
  public List<ApprovalRequest> list(Caller caller, boolean openOnly, boolean overdueOnly, int limit) {
    Instant dueBefore = overdueOnly ? clock.instant() : null;
    if (caller.role() == Role.ADMINISTRATOR) {
      if (overdueOnly) {
        return store.reader().approvals("", true, dueBefore, limit);
      }
      return caller.person().schoolIds().stream()
          .flatMap(s -> store.reader().approvals(s, openOnly, null, limit).stream())
          .limit(limit).toList();
    }
    return caller.person().schoolIds().stream()
        .flatMap(s -> store.reader().approvals(s, openOnly, dueBefore, limit).stream())
        .filter(a -> a.requesterId().equals(caller.personId()))
        .limit(limit).toList();
  }
}
