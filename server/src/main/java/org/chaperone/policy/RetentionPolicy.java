package org.chaperone.policy;

import java.util.EnumMap;
import java.util.Map;

/**
 * The retention section of the district policy file: a schedule per kind of record
 * ({@code retention.message = P7Y}, {@code retention.message.locked = true}). Kinds without a
 * schedule are kept permanently; {@link RecordKind#RECORDS} always is.
 *
 * @param schedules the schedule of each kind the file names
 */
public record RetentionPolicy(Map<RecordKind, RetentionSchedule> schedules) {
  /** Every record kept permanently. */
  public static final RetentionPolicy KEEP_EVERYTHING = new RetentionPolicy(Map.of());

  public RetentionPolicy {
    if (schedules.containsKey(RecordKind.RECORDS) && !schedules.get(RecordKind.RECORDS).permanent()) {
      throw new IllegalArgumentException("records of the records program (retention.records) are"
          + " kept permanently: every disposition must stay explained");
    }
    schedules = Map.copyOf(schedules);
  }

  /** The schedule of {@code kind}. */
  public RetentionSchedule schedule(RecordKind kind) {
    return schedules.getOrDefault(kind, RetentionSchedule.PERMANENT);
  }

  /** Every kind's schedule, permanent ones included. */
  public Map<RecordKind, RetentionSchedule> all() {
    Map<RecordKind, RetentionSchedule> all = new EnumMap<>(RecordKind.class);
    for (RecordKind kind : RecordKind.values()) {
      all.put(kind, schedule(kind));
    }
    return all;
  }
}
