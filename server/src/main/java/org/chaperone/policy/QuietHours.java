package org.chaperone.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.chaperone.domain.Role;

/**
 * When staff may not message students (board policy P000-time-place-manner). A message sent in a
 * quiet window is accepted and held until the window ends, unless an authorised role marks it an
 * emergency. Pure.
 *
 * @param zone the district's time zone
 * @param windows recurring quiet windows
 * @param holidays whole quiet days
 * @param emergencyRoles roles that may send at once by marking a message an emergency
 */
public record QuietHours(ZoneId zone, List<Window> windows, Set<LocalDate> holidays,
    Set<Role> emergencyRoles) {

  public QuietHours {
    Objects.requireNonNull(zone, "zone");
    windows = List.copyOf(windows);
    holidays = Set.copyOf(holidays);
    emergencyRoles = Set.copyOf(emergencyRoles);
  }

  /** No quiet hours at all. */
  public static final QuietHours NONE = new QuietHours(ZoneId.of("UTC"), List.of(), Set.of(), Set.of());

  /**
   * A recurring window: on each of {@code days}, from {@code start} to {@code end}; a window whose
   * end is not after its start runs past midnight into the next day.
   */
  public record Window(Set<DayOfWeek> days, LocalTime start, LocalTime end) {
    public Window {
      days = Set.copyOf(days);
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
    }

    boolean wholeDay() {
      return start.equals(LocalTime.MIDNIGHT) && end.equals(LocalTime.MIDNIGHT);
    }

    /** When the window containing {@code t} ends, if one does. */
    Optional<ZonedDateTime> endIfContains(ZonedDateTime t) {
      LocalTime time = t.toLocalTime();
      DayOfWeek day = t.getDayOfWeek();
      if (wholeDay()) {
        return days.contains(day) ? Optional.of(t.toLocalDate().plusDays(1).atStartOfDay(t.getZone()))
            : Optional.empty();
      }
      if (start.isBefore(end)) {
        return days.contains(day) && !time.isBefore(start) && time.isBefore(end)
            ? Optional.of(t.with(end)) : Optional.empty();
      }
      // Overnight: the evening part belongs to `day`, the morning part to the day before.
      if (days.contains(day) && !time.isBefore(start)) {
        return Optional.of(t.toLocalDate().plusDays(1).atTime(end).atZone(t.getZone()));
      }
      if (days.contains(day.minus(1)) && time.isBefore(end)) {
        return Optional.of(t.with(end));
      }
      return Optional.empty();
    }
  }

  /** The instant a message sent at {@code now} may be delivered: empty when that is now. */
  public Optional<Instant> holdUntil(Instant now) {
    ZonedDateTime t = now.atZone(zone);
    boolean held = false;
    // Windows and holidays may follow one another (Friday night, then the weekend); step through.
    for (int guard = 0; guard < 400; guard++) {
      Optional<ZonedDateTime> end = quietEnd(t);
      if (end.isEmpty()) {
        return held ? Optional.of(t.toInstant()) : Optional.empty();
      }
      held = true;
      t = end.get();
    }
    return Optional.of(t.toInstant());
  }

  private Optional<ZonedDateTime> quietEnd(ZonedDateTime t) {
    if (holidays.contains(t.toLocalDate())) {
      return Optional.of(t.toLocalDate().plusDays(1).atStartOfDay(zone));
    }
    ZonedDateTime latest = null;
    for (Window w : windows) {
      Optional<ZonedDateTime> end = w.endIfContains(t);
      if (end.isPresent() && (latest == null || end.get().isAfter(latest))) {
        latest = end.get();
      }
    }
    return Optional.ofNullable(latest);
  }
}
