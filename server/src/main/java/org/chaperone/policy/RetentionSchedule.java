package org.chaperone.policy;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How long a kind of record is kept: a period counted from each record's time, or permanently
 * ({@code period} null). A locked schedule is one the district committed to (a records retention
 * schedule filed with the state, a litigation agreement): it may only be lengthened.
 *
 * @param period how long records are kept; null: permanently
 * @param locked whether the schedule may only be lengthened from now on
 */
public record RetentionSchedule(Period period, boolean locked) {
  /** Keep permanently, unlocked: the default for every kind. */
  public static final RetentionSchedule PERMANENT = new RetentionSchedule(null, false);

  public RetentionSchedule {
    if (period != null && (period.isNegative() || period.isZero())) {
      throw new IllegalArgumentException("a retention period must be positive, got " + period);
    }
  }

  /** True when records are kept permanently. */
  public boolean permanent() {
    return period == null;
  }

  /** Records recorded before this instant are past retention at {@code now}; null when permanent. */
  public Instant cutoff(Instant now) {
    return permanent() ? null : now.atOffset(ZoneOffset.UTC).minus(period).toInstant();
  }

  /**
   * True when this schedule keeps every record at least as long as {@code other} does, whatever
   * the dates: periods of years and months are compared with their shortest and longest length in
   * days, so that e.g. P1M is never taken for at least P30D.
   */
  public boolean keepsAtLeastAsLongAs(RetentionSchedule other) {
    if (permanent()) {
      return true;
    }
    if (other.permanent()) {
      return false;
    }
    Period a = period.normalized();
    Period b = other.period.normalized();
    boolean componentwise = a.toTotalMonths() >= b.toTotalMonths() && a.getDays() >= b.getDays();
    return componentwise || minDays(a) >= maxDays(b);
  }

  private static long minDays(Period p) {
    long months = p.toTotalMonths();
    return months / 12 * 365 + months % 12 * 28 + p.getDays();
  }

  private static long maxDays(Period p) {
    long months = p.toTotalMonths();
    return months / 12 * 366 + months % 12 * 31 + p.getDays();
  }

  /** The period as the policy file writes it (P7Y), or {@code permanent}. */
  public String describe() {
    return permanent() ? "permanent" : period.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetentionSchedule s && locked == s.locked && Objects.equals(period, s.period);
  }

  @Override
  public int hashCode() {
    return Objects.hash(period, locked);
  }
}
