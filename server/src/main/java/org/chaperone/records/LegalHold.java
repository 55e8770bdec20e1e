package org.chaperone.records;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A legal hold: while active, no record its scope matches is disposed of, whatever its retention
 * schedule says (litigation, an investigation, an audit).
 *
 * @param id the store's id ({@code legalHolds/{id}}); 0 before it is stored
 * @param reason why records are held (matter, case number, who asked)
 * @param scope which records it holds (the records-search criteria)
 * @param creatorId the records officer who placed it
 * @param createTime when it was placed
 * @param releaseTime when it was released, or null while it is active
 * @param releasedBy who released it, or empty
 * @param releaseReason why it was released, or empty
 */
public record LegalHold(long id, String reason, RecordQuery scope, String creatorId,
    Instant createTime, Instant releaseTime, String releasedBy, String releaseReason) {

  public LegalHold {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(creatorId, "creatorId");
    createTime = createTime.truncatedTo(ChronoUnit.MICROS);
    releaseTime = releaseTime == null ? null : releaseTime.truncatedTo(ChronoUnit.MICROS);
    releasedBy = Objects.requireNonNullElse(releasedBy, "");
    releaseReason = Objects.requireNonNullElse(releaseReason, "");
  }

  /** True until it is released. */
  public boolean active() {
    return releaseTime == null;
  }

  /** {@code legalHolds/{id}}. */
  public String name() {
    return "legalHolds/" + id;
  }
}
