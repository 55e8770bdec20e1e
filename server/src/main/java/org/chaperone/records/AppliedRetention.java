package org.chaperone.records;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.chaperone.policy.RecordKind;
import org.chaperone.policy.RetentionSchedule;

/**
 * A retention schedule as the gateway last applied it from the district policy file, kept in the
 * store so that a later policy file cannot shorten a locked one.
 *
 * @param kind the kind of record
 * @param schedule its schedule
 * @param policyVersion the label of the policy that set it
 * @param applyTime when it was applied
 */
public record AppliedRetention(RecordKind kind, RetentionSchedule schedule, String policyVersion,
    Instant applyTime) {
  public AppliedRetention {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(policyVersion, "policyVersion");
    applyTime = applyTime.truncatedTo(ChronoUnit.MICROS);
  }
}
