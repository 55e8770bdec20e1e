package org.chaperone.records;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;
import org.chaperone.store.Store;

/**
 * Records requests as resources: the use case behind {@code CreateRecordsRequest},
 * {@code GetRecordsRequest}, {@code ListRecordsRequests} and {@code CloseRecordsRequest}. Opening
 * and closing a request are archived in the transaction that makes the change
 * ({@code records_request.opened}, {@code records_request.closed}). Records officers only.
 *
 * <p>Thread-safe.
 */
public final class RecordsRequests {
  private static final int MAX_REQUESTER = 500;
  private static final int MAX_DESCRIPTION = 10_000;
  private static final int MAX_SUBJECTS = 100;
  private static final int MAX_REASON = 1_000;
  // Roster ids are stored comma-joined: they never contain commas (CSV lists) or controls.
  private static final Pattern PERSON_ID = Pattern.compile("[^,\\p{Cntrl}]{1,256}");

  private final Store store;
  private final RecordsAccess access;
  private final RequestDeadlines deadlines;
  private final Clock clock;

  public RecordsRequests(Store store, RecordsAccess access, RequestDeadlines deadlines, Clock clock) {
    this.store = store;
    this.access = access;
    this.deadlines = deadlines;
    this.clock = clock;
  }

  /** What an officer fills in to open a request. */
  public record Draft(RecordsRequestKind kind, String requester, List<String> subjects,
      String description, LocalDate receivedDate, RecordQuery scope) {}

  /** Opens a request; its due date follows from its kind and received date. */
  public RecordsRequest open(Caller caller, Draft d) {
    access.requireRecordsOfficer(caller);
    if (d.kind() == null) {
      throw RequestRejected.invalidField("records_request.kind", "is required");
    }
    String requester = d.requester() == null ? "" : d.requester().strip();
    if (requester.isEmpty() || requester.length() > MAX_REQUESTER) {
      throw RequestRejected.invalidField("records_request.requester",
          "is required, at most " + MAX_REQUESTER + " characters");
    }
    String description = d.description() == null ? "" : d.description();
    if (description.length() > MAX_DESCRIPTION) {
      throw RequestRejected.invalidField("records_request.description",
          "at most " + MAX_DESCRIPTION + " characters");
    }
    if (d.subjects().size() > MAX_SUBJECTS
        || d.subjects().stream().anyMatch(s -> !PERSON_ID.matcher(s).matches())) {
      throw RequestRejected.invalidField("records_request.subjects",
          "at most " + MAX_SUBJECTS + " people/{person} names");
    }
    LocalDate received = d.receivedDate();
    // A day of slack: the officer's calendar day may be ahead of UTC.
    if (received == null || received.getYear() < 1970
        || received.isAfter(LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1))) {
      throw RequestRejected.invalidField("records_request.received_date",
          "is required and not in the future");
    }
    RecordQuery scope = d.scope() == null ? RecordQuery.everything() : d.scope();
    if (scope.startTime() != null && scope.endTime() != null
        && !scope.startTime().isBefore(scope.endTime())) {
      throw RequestRejected.invalidField("records_request.scope.end_time", "must be after start_time");
    }
    List<String> subjects = d.subjects().stream().distinct().toList();
    return store.write(tx -> {
      Instant now = clock.instant();
      RecordsRequest draft = new RecordsRequest(0, d.kind(), requester, subjects, description,
          received, deadlines.due(d.kind(), received), RecordsRequest.State.OPEN, scope,
          caller.personId(), now, null, "");
      long id = tx.archive().insertRecordsRequest(draft);
      RecordsRequest opened = new RecordsRequest(id, draft.kind(), draft.requester(),
          draft.subjects(), draft.description(), draft.receivedDate(), draft.dueDate(),
          draft.state(), draft.scope(), draft.creatorId(), draft.createTime(), null, "");
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("kind", opened.kind().key());
      details.put("requester", opened.requester());
      details.put("subjects", opened.subjects());
      details.put("description", opened.description());
      details.put("received_date", opened.receivedDate().toString());
      details.put("due_date", opened.dueDate().toString());
      details.put("scope", opened.scope().describe());
      tx.append(new ArchiveEvent("records_request.opened", caller.personId(), opened.name(), now,
          details));
      return opened;
    });
  }

  /** One request. */
  public RecordsRequest get(Caller caller, long id) {
    access.requireRecordsOfficer(caller);
    return find(id);
  }

  /** Requests with ids below {@code beforeId}, newest first, in {@code state} unless null. */
  public List<RecordsRequest> list(Caller caller, RecordsRequest.State state, long beforeId, int limit) {
    access.requireRecordsOfficer(caller);
    return store.archive().recordsRequests(state, beforeId, limit);
  }

  /** Closes an open request with a reason. */
  public RecordsRequest close(Caller caller, long id, String reason) {
    access.requireRecordsOfficer(caller);
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty() || why.length() > MAX_REASON) {
      throw RequestRejected.invalidField("reason", "is required, at most " + MAX_REASON + " characters");
    }
    find(id);
    store.write(tx -> {
      Instant now = clock.instant();
      if (!tx.archive().closeRecordsRequest(id, now, why)) {
        throw new RequestRejected(ErrorReason.RECORDS_REQUEST_CLOSED,
            "recordsRequests/" + id + " is already closed");
      }
      return tx.append(new ArchiveEvent("records_request.closed", caller.personId(),
          "recordsRequests/" + id, now, Map.of("reason", why)));
    });
    return find(id);
  }

  RecordsRequest find(long id) {
    return store.archive().recordsRequest(id).orElseThrow(() -> new RequestRejected(
        ErrorReason.RECORDS_REQUEST_NOT_FOUND, "recordsRequests/" + id + " does not exist"));
  }
}
