package org.chaperone.records;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A request for records, answered by productions.
 *
 * @param id the store's id ({@code recordsRequests/{id}}); 0 before it is stored
 * @param kind what kind of request it is
 * @param requester who asked (name, organisation, contact)
 * @param subjects roster ids of the students and staff it is about
 * @param description what was asked for
 * @param receivedDate when the district received it
 * @param dueDate when the answer is due
 * @param state open or closed
 * @param scope which records it covers
 * @param creatorId the records officer who opened it
 * @param createTime when it was opened
 * @param closeTime when it was closed, or null
 * @param closeReason why it was closed, or empty
 */
public record RecordsRequest(long id, RecordsRequestKind kind, String requester,
    List<String> subjects, String description, LocalDate receivedDate, LocalDate dueDate,
    State state, RecordQuery scope, String creatorId, Instant createTime, Instant closeTime,
    String closeReason) {

  /** The lifecycle of a request. */
  public enum State {
    OPEN,
    CLOSED
  }

  public RecordsRequest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(requester, "requester");
    subjects = List.copyOf(subjects);
    description = Objects.requireNonNullElse(description, "");
    Objects.requireNonNull(receivedDate, "receivedDate");
    Objects.requireNonNull(dueDate, "dueDate");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(creatorId, "creatorId");
    createTime = createTime.truncatedTo(ChronoUnit.MICROS);
    closeTime = closeTime == null ? null : closeTime.truncatedTo(ChronoUnit.MICROS);
    closeReason = Objects.requireNonNullElse(closeReason, "");
  }

  /**
   * The searches that find the request's records: its scope, or — when it names subjects and the
   * scope names no participant — the scope once per subject (the records involving any subject).
   */
  public List<RecordQuery> scopeQueries() {
    if (!scope.participantId().isEmpty() || subjects.isEmpty()) {
      return List.of(scope);
    }
    return subjects.stream().map(subject -> new RecordQuery(scope.eventTypes(), subject,
        scope.channelId(), scope.startTime(), scope.endTime(), scope.words())).toList();
  }

  /** {@code recordsRequests/{id}}. */
  public String name() {
    return "recordsRequests/" + id;
  }
}
