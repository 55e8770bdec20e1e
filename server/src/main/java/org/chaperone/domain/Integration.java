package org.chaperone.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;

/**
 * An integration (an LMS or SIS plug-in) registered as a communication tool: it may act only once a
 * district administrator approved it (board policy P000-approved-tools), only within the schools and
 * operations approved, and always for a named person (P000-anonymous).
 *
 * @param id the client id
 * @param name display name, e.g. "Canvas assignment reminders"
 * @param purpose what it is for, as the approving administrator reads it
 * @param ownerId the staff member who registered it
 * @param requestedSchools the schools it asked to serve
 * @param requestedOperations the operations it asked for
 * @param state its approval state
 * @param schools the schools it may act in (what was approved)
 * @param operations the operations it may perform (what was approved)
 * @param secretHash SHA-256 of its client secret
 * @param approvalId the approval request that decides it
 * @param createTime when it was registered
 */
public record Integration(
    String id,
    String name,
    String purpose,
    String ownerId,
    Set<String> requestedSchools,
    Set<Operation> requestedOperations,
    State state,
    Set<String> schools,
    Set<Operation> operations,
    byte[] secretHash,
    String approvalId,
    Instant createTime) {

  public Integration {
    Objects.requireNonNull(id, "id");
    requestedSchools = Set.copyOf(requestedSchools);
    requestedOperations = Set.copyOf(requestedOperations);
    Objects.requireNonNull(state, "state");
    schools = Set.copyOf(schools);
    operations = Set.copyOf(operations);
    secretHash = secretHash.clone();
    createTime = createTime.truncatedTo(ChronoUnit.MICROS);
  }

  /** What an integration may be allowed to do. */
  public enum Operation {
    /** Send messages (CreateMessage, EvaluateMessage). */
    SEND_MESSAGES,
    /** Read channels and messages, and stream them. */
    READ_MESSAGES,
    /** Read the directory (people, classes). */
    READ_DIRECTORY,
    /** Import rosters (roster sync jobs). */
    IMPORT_ROSTER
  }

  /** Where the integration is in its approval. */
  public enum State {
    PENDING,
    APPROVED,
    REJECTED,
    REVOKED
  }

  public boolean active() {
    return state == State.APPROVED;
  }

  public Integration with(State newState, Set<String> newSchools, Set<Operation> newOperations) {
    return new Integration(id, name, purpose, ownerId, requestedSchools, requestedOperations, newState,
        newSchools, newOperations, secretHash, approvalId, createTime);
  }
}
