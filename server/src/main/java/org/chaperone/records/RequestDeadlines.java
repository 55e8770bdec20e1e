package org.chaperone.records;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a records request is due, by kind: a number of calendar days or of business days
 * (Monday to Friday) after the day it was received. The defaults follow common obligations — a
 * first response to a public-records request within 5 business days (several states), a FERPA
 * inspection within 45 days (34 CFR 99.10(b)) — and each district sets its state's rules with
 * {@code --request-deadlines}, e.g. {@code public_records=10bd,ferpa_inspection=45d}.
 *
 * <p>Business days skip weekends only, not holidays. Immutable and thread-safe.
 */
public final class RequestDeadlines {
  private static final Pattern RULE = Pattern.compile("([a-z_]+)=(\\d{1,4})(bd|d)");

  /** A deadline: {@code days} calendar days, or business days when {@code businessDays}. */
  public record Deadline(int days, boolean businessDays) {
    public Deadline {
      if (days < 0 || days > 3650) {
        throw new IllegalArgumentException("a deadline is 0 to 3650 days");
      }
    }

    /** The due date for a request received on {@code received}. */
    public LocalDate from(LocalDate received) {
      if (!businessDays) {
        return received.plusDays(days);
      }
      LocalDate d = received;
      for (int counted = 0; counted < days; ) {
        d = d.plusDays(1);
        if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
          counted++;
        }
      }
      return d;
    }

    @Override
    public String toString() {
      return days + (businessDays ? "bd" : "d");
    }
  }

  private final Map<RecordsRequestKind, Deadline> rules;

  private RequestDeadlines(Map<RecordsRequestKind, Deadline> rules) {
    this.rules = Map.copyOf(rules);
  }

  /** 5 business days for public records, 45 days for FERPA, 30 days for the others. */
  public static RequestDeadlines defaults() {
    Map<RecordsRequestKind, Deadline> rules = new EnumMap<>(RecordsRequestKind.class);
    rules.put(RecordsRequestKind.PUBLIC_RECORDS, new Deadline(5, true));
    rules.put(RecordsRequestKind.FERPA_INSPECTION, new Deadline(45, false));
    rules.put(RecordsRequestKind.LITIGATION, new Deadline(30, false));
    rules.put(RecordsRequestKind.INTERNAL, new Deadline(30, false));
    return new RequestDeadlines(rules);
  }

  /**
   * The defaults with the rules of {@code spec} instead: comma-separated {@code kind=Nd} (calendar
   * days) or {@code kind=Nbd} (business days); empty: the defaults.
   *
   * @throws IllegalArgumentException naming the part that is not a rule
   */
  public static RequestDeadlines parse(String spec) {
    Map<RecordsRequestKind, Deadline> rules = new EnumMap<>(defaults().rules);
    for (String part : spec.split(",")) {
      String rule = part.strip().toLowerCase(Locale.ROOT);
      if (rule.isEmpty()) {
        continue;
      }
      Matcher m = RULE.matcher(rule);
      RecordsRequestKind kind = null;
      if (m.matches()) {
        for (RecordsRequestKind k : RecordsRequestKind.values()) {
          if (k.key().equals(m.group(1))) {
            kind = k;
          }
        }
      }
      if (kind == null) {
        throw new IllegalArgumentException("'" + part.strip() + "' is not a deadline rule like"
            + " public_records=5bd or ferpa_inspection=45d (kinds: public_records,"
            + " ferpa_inspection, litigation, internal)");
      }
      rules.put(kind, new Deadline(Integer.parseInt(m.group(2)), m.group(3).equals("bd")));
    }
    return new RequestDeadlines(rules);
  }

  /** The due date of a request of {@code kind} received on {@code received}. */
  public LocalDate due(RecordsRequestKind kind, LocalDate received) {
    return rules.get(kind).from(received);
  }

  public Deadline deadline(RecordsRequestKind kind) {
    return rules.get(kind);
  }

  /** The rules as a spec {@link #parse} reads back. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (RecordsRequestKind k : RecordsRequestKind.values()) {
      parts.add(k.key() + "=" + rules.get(k));
    }
    return String.join(",", parts);
  }
}
