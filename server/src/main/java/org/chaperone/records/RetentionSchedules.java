package org.chaperone.records;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.policy.RecordKind;
import org.chaperone.policy.RetentionSchedule;
import org.chaperone.store.Store;

/**
 * Applies the policy file's retention schedules to the store: the gateway does it when it starts,
 * and {@code chaperone archive dispose} before disposing. A locked schedule may only be
 * lengthened: a policy file that shortens one, or unlocks it, is refused with an error naming the
 * kind, and nothing is applied. Every change of a kind's schedule is archived
 * ({@code retention.schedule_changed}) with the one it replaced.
 *
 * <p>Thread-safe.
 */
public final class RetentionSchedules {
  /** The actor of the gateway's own retention entries. */
  public static final String ACTOR = "system:retention";

  private final Store store;
  private final Clock clock;

  public RetentionSchedules(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A policy file that would shorten or unlock a locked schedule. */
  public static final class LockedScheduleException extends IllegalStateException {
    LockedScheduleException(String message) {
      super(message);
    }
  }

  /**
   * Checks {@code policy}'s schedules against the applied ones, then stores and archives those
   * that changed; returns the kinds whose schedule changed.
   *
   * @throws LockedScheduleException when the policy shortens or unlocks a locked schedule
   */
  public List<RecordKind> apply(DistrictPolicy policy) {
    Map<RecordKind, AppliedRetention> applied = store.archive().retentionSchedules();
    check(applied, policy);
    Map<RecordKind, RetentionSchedule> changed = new EnumMap<>(RecordKind.class);
    policy.retention().all().forEach((kind, schedule) -> {
      RetentionSchedule before = before(applied, kind);
      if (!before.equals(schedule)) {
        changed.put(kind, schedule);
      }
    });
    if (changed.isEmpty()) {
      return List.of();
    }
    store.write(tx -> {
      Instant now = clock.instant();
      for (Map.Entry<RecordKind, RetentionSchedule> c : changed.entrySet()) {
        RetentionSchedule before = before(applied, c.getKey());
        tx.archive().saveRetentionSchedule(new AppliedRetention(c.getKey(), c.getValue(),
            policy.label(), now));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", c.getKey().key());
        details.put("period", c.getValue().describe());
        details.put("locked", c.getValue().locked());
        details.put("previous_period", before.describe());
        details.put("previous_locked", before.locked());
        details.put("policy_version", policy.label());
        tx.append(new ArchiveEvent("retention.schedule_changed", ACTOR,
            "retention/" + c.getKey().key(), now, details));
      }
      return null;
    });
    return List.copyOf(changed.keySet());
  }

  /**
   * Refuses a policy that shortens or unlocks a schedule locked in {@code applied}.
   *
   * @throws LockedScheduleException naming every such kind
   */
  public static void check(Map<RecordKind, AppliedRetention> applied, DistrictPolicy policy) {
    List<String> problems = new ArrayList<>();
    for (AppliedRetention a : applied.values()) {
      if (!a.schedule().locked()) {
        continue;
      }
      RetentionSchedule proposed = policy.retention().schedule(a.kind());
      String key = "retention." + a.kind().key();
      if (!proposed.locked()) {
        problems.add(key + " is locked at " + a.schedule().describe() + " (since policy "
            + a.policyVersion() + "); the policy file must keep " + key + ".locked = true");
      }
      if (!proposed.keepsAtLeastAsLongAs(a.schedule())) {
        problems.add(key + " is locked at " + a.schedule().describe() + " (since policy "
            + a.policyVersion() + ") and may only be lengthened, but the policy file says "
            + proposed.describe());
      }
    }
    if (!problems.isEmpty()) {
      throw new LockedScheduleException("the policy file " + policy.label()
          + " would shorten locked retention schedules: " + String.join("; ", problems));
    }
  }

  private static RetentionSchedule before(Map<RecordKind, AppliedRetention> applied, RecordKind kind) {
    AppliedRetention a = applied.get(kind);
    return a == null ? RetentionSchedule.PERMANENT : a.schedule();
  }
}
