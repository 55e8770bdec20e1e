package org.chaperone.records;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;
import org.chaperone.store.Store;

/**
 * Legal holds as resources: the use case behind {@code CreateLegalHold}, {@code GetLegalHold},
 * {@code ListLegalHolds} and {@code ReleaseLegalHold}. Records officers only. Placing and releasing
 * a hold are archived in the transaction that makes the change ({@code legal_hold.created},
 * {@code legal_hold.released}); while a hold is active, {@link RetentionDisposition} disposes of
 * nothing its scope matches.
 *
 * <p>Thread-safe.
 */
public final class LegalHolds {
  private static final int MAX_REASON = 1_000;

  private final Store store;
  private final RecordsAccess access;
  private final Clock clock;

  public LegalHolds(Store store, RecordsAccess access, Clock clock) {
    this.store = store;
    this.access = access;
    this.clock = clock;
  }

  /** Places a hold on the records {@code scope} matches. */
  public LegalHold create(Caller caller, String reason, RecordQuery scope) {
    access.requireRecordsOfficer(caller);
    String why = reason(reason, "legal_hold.reason");
    if (scope.startTime() != null && scope.endTime() != null
        && !scope.startTime().isBefore(scope.endTime())) {
      throw RequestRejected.invalidField("legal_hold.scope.end_time", "must be after start_time");
    }
    return store.write(tx -> {
      Instant now = clock.instant();
      LegalHold draft = new LegalHold(0, why, scope, caller.personId(), now, null, "", "");
      long id = tx.archive().insertLegalHold(draft);
      LegalHold placed = new LegalHold(id, why, scope, caller.personId(), now, null, "", "");
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("reason", why);
      details.put("scope", scope.describe());
      tx.append(new ArchiveEvent("legal_hold.created", caller.personId(), placed.name(), now, details));
      return placed;
    });
  }

  /** One hold. */
  public LegalHold get(Caller caller, long id) {
    access.requireRecordsOfficer(caller);
    return find(id);
  }

  /** Holds with ids below {@code beforeId}, newest first; only active (or released) ones unless null. */
  public List<LegalHold> list(Caller caller, Boolean active, long beforeId, int limit) {
    access.requireRecordsOfficer(caller);
    return store.archive().legalHolds(active, beforeId, limit);
  }

  /** Releases an active hold with a reason. */
  public LegalHold release(Caller caller, long id, String reason) {
    access.requireRecordsOfficer(caller);
    String why = reason(reason, "reason");
    find(id);
    store.write(tx -> {
      Instant now = clock.instant();
      if (!tx.archive().releaseLegalHold(id, now, caller.personId(), why)) {
        throw new RequestRejected(ErrorReason.LEGAL_HOLD_RELEASED, "legalHolds/" + id
            + " was already released");
      }
      return tx.append(new ArchiveEvent("legal_hold.released", caller.personId(),
          "legalHolds/" + id, now, Map.of("reason", why)));
    });
    return find(id);
  }

  private LegalHold find(long id) {
    return store.archive().legalHold(id).orElseThrow(() -> new RequestRejected(
        ErrorReason.LEGAL_HOLD_NOT_FOUND, "legalHolds/" + id + " does not exist"));
  }

  private static String reason(String reason, String field) {
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty() || why.length() > MAX_REASON) {
      throw RequestRejected.invalidField(field, "is required, at most " + MAX_REASON + " characters");
    }
    return why;
  }
}
