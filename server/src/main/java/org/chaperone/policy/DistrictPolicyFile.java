package org.chaperone.policy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.chaperone.domain.Role;
import org.chaperone.policy.content.ContentPolicySettings;
import org.chaperone.policy.content.ContentPolicySettingsException;
import org.chaperone.policy.content.ContentPolicySettingsParser;

/**
 * Reads a district policy file: Java properties (UTF-8), keys documented in the README. Every key
 * is checked; an unknown key or a bad value is an error naming the key, so a typo never silently
 * weakens supervision.
 *
 * <pre>
 * policy.version = 2026-08-01
 * supervision.copy = guardians-or-staff            # guardians | staff | guardians-and-staff | guardians-or-staff
 * supervision.copy.school.&lt;school id&gt; = guardians-and-staff
 * supervision.copy.grade.&lt;grade&gt; = staff
 * supervision.eligible-students = staff            # staff | guardians
 * supervision.staff = person-id, ...               # supervising staff for every school
 * supervision.staff.school.&lt;school id&gt; = person-id, ...
 * supervision.student-to-student = with-staff      # with-staff | never
 * approvals.due-days = 7
 * approvals.direct = false
 * quiet-hours.zone = America/Chicago
 * quiet-hours.window.&lt;name&gt; = MON-FRI 21:00-07:00
 * quiet-hours.holidays = 2026-12-25, 2027-01-01
 * quiet-hours.emergency-roles = ADMINISTRATOR
 * content.action.topic-scope = hold                # the content section, ADR 52
 * content.district.phones = 503-555-0100
 * retention.&lt;kind&gt; = P7Y                        # ISO-8601 period; absent: kept permanently
 * retention.&lt;kind&gt;.locked = true                 # may only be lengthened from now on
 * </pre>
 *
 * <p>Keys starting with {@code content.} are the content policy's section, read by
 * {@link ContentPolicySettingsParser} with the prefix removed; its problems are reported all at once.
 */
public final class DistrictPolicyFile {
  private DistrictPolicyFile() {}

  /** A policy file that cannot be used; the message names the key and the problem. */
  public static final class InvalidPolicyException extends Exception {
    public InvalidPolicyException(String message) {
      super(message);
    }
  }

  public static DistrictPolicy read(Path file) throws IOException, InvalidPolicyException {
    return parse(Files.readAllBytes(file));
  }

  public static DistrictPolicy parse(byte[] content) throws InvalidPolicyException {
    Properties p = new Properties();
    try {
      p.load(new StringReader(new String(content, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidPolicyException("the policy file is not a valid properties file: " + e.getMessage());
    }
    Map<String, String> keys = new LinkedHashMap<>();
    p.stringPropertyNames().stream().sorted().forEach(k -> keys.put(k, p.getProperty(k).strip()));

    String version = take(keys, "policy.version");
    if (version == null || version.isEmpty()) {
      throw new InvalidPolicyException("policy.version is required: decisions record which version they used");
    }
    CopyMode defaultCopy = copyMode("supervision.copy", orDefault(take(keys, "supervision.copy"), "guardians-or-staff"));
    Map<String, CopyMode> bySchool = new LinkedHashMap<>();
    Map<String, CopyMode> byGrade = new LinkedHashMap<>();
    Map<String, List<String>> staffBySchool = new LinkedHashMap<>();
    Map<String, QuietHours.Window> windows = new LinkedHashMap<>();
    for (String key : List.copyOf(keys.keySet())) {
      if (key.startsWith("supervision.copy.school.")) {
        bySchool.put(suffix(key, "supervision.copy.school."), copyMode(key, take(keys, key)));
      } else if (key.startsWith("supervision.copy.grade.")) {
        byGrade.put(suffix(key, "supervision.copy.grade."), copyMode(key, take(keys, key)));
      } else if (key.startsWith("supervision.staff.school.")) {
        staffBySchool.put(suffix(key, "supervision.staff.school."), list(take(keys, key)));
      } else if (key.startsWith("quiet-hours.window.")) {
        windows.put(suffix(key, "quiet-hours.window."), window(key, take(keys, key)));
      }
    }
    String eligible = orDefault(take(keys, "supervision.eligible-students"), "staff");
    if (!eligible.equals("staff") && !eligible.equals("guardians")) {
      throw new InvalidPolicyException("supervision.eligible-students must be staff or guardians, got " + eligible);
    }
    String s2s = orDefault(take(keys, "supervision.student-to-student"), "with-staff");
    if (!s2s.equals("with-staff") && !s2s.equals("never")) {
      throw new InvalidPolicyException("supervision.student-to-student must be with-staff or never, got " + s2s);
    }
    SupervisionPolicy supervision = new SupervisionPolicy(defaultCopy, bySchool, byGrade,
        eligible.equals("staff"), list(orDefault(take(keys, "supervision.staff"), "")), staffBySchool,
        s2s.equals("with-staff"));

    int dueDays = integer("approvals.due-days", orDefault(take(keys, "approvals.due-days"), "7"));
    boolean direct = bool("approvals.direct", orDefault(take(keys, "approvals.direct"), "false"));

    ZoneId zone;
    String zoneText = orDefault(take(keys, "quiet-hours.zone"), "UTC");
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      throw new InvalidPolicyException("quiet-hours.zone is not a time zone: " + zoneText);
    }
    Set<LocalDate> holidays = new TreeSet<>();
    for (String day : list(orDefault(take(keys, "quiet-hours.holidays"), ""))) {
      try {
        holidays.add(LocalDate.parse(day));
      } catch (DateTimeException e) {
        throw new InvalidPolicyException("quiet-hours.holidays: not a date (YYYY-MM-DD): " + day);
      }
    }
    Set<Role> emergency = EnumSet.noneOf(Role.class);
    for (String role : list(orDefault(take(keys, "quiet-hours.emergency-roles"), "ADMINISTRATOR"))) {
      try {
        emergency.add(Role.valueOf(role.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidPolicyException("quiet-hours.emergency-roles: unknown role " + role
            + " (one of " + Arrays.toString(Role.values()) + ")");
      }
    }
    ContentPolicySettings contentSettings = contentSection(keys);
    RetentionPolicy retention = retention(keys);
    if (!keys.isEmpty()) {
      throw new InvalidPolicyException("unknown policy key(s): " + String.join(", ", keys.keySet()));
    }
    try {
      return new DistrictPolicy(version, sha256(content), supervision,
          new QuietHours(zone, new ArrayList<>(windows.values()), holidays, emergency), dueDays, direct,
          contentSettings, retention);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException(e.getMessage());
    }
  }

  /** Takes the {@code content.} keys out of {@code keys} and reads them as the content section. */
  private static ContentPolicySettings contentSection(Map<String, String> keys)
      throws InvalidPolicyException {
    Map<String, String> section = new LinkedHashMap<>();
    for (String key : List.copyOf(keys.keySet())) {
      if (key.startsWith(CONTENT_PREFIX)) {
        section.put(key, take(keys, key));
      }
    }
    try {
      return ContentPolicySettingsParser.fromEntries(section, CONTENT_PREFIX);
    } catch (ContentPolicySettingsException e) {
      throw new InvalidPolicyException("the content section is invalid: " + String.join("; ",
          e.problems().stream().map(p -> CONTENT_PREFIX + p).toList()));
    }
  }

  private static final String CONTENT_PREFIX = "content.";

  /** {@code retention.<kind> = P7Y} and {@code retention.<kind>.locked = true}. */
  private static RetentionPolicy retention(Map<String, String> keys) throws InvalidPolicyException {
    Map<RecordKind, java.time.Period> periods = new java.util.EnumMap<>(RecordKind.class);
    Set<RecordKind> locked = EnumSet.noneOf(RecordKind.class);
    for (String key : List.copyOf(keys.keySet())) {
      if (!key.startsWith("retention.")) {
        continue;
      }
      String rest = key.substring("retention.".length());
      boolean lock = rest.endsWith(".locked");
      String kindKey = lock ? rest.substring(0, rest.length() - ".locked".length()) : rest;
      RecordKind kind = RecordKind.ofKey(kindKey).orElseThrow(() -> new InvalidPolicyException(
          key + ": unknown record kind '" + kindKey + "' (one of " + String.join(", ",
              Arrays.stream(RecordKind.values()).map(RecordKind::key).toList()) + ")"));
      String value = take(keys, key);
      if (lock) {
        if (bool(key, value)) {
          locked.add(kind);
        }
        continue;
      }
      try {
        java.time.Period period = java.time.Period.parse(value);
        if (period.isNegative() || period.isZero()) {
          throw new InvalidPolicyException(key + " must be a positive period, got " + value);
        }
        periods.put(kind, period);
      } catch (java.time.format.DateTimeParseException e) {
        throw new InvalidPolicyException(key + " must be an ISO-8601 period such as P7Y or P18M"
            + " (omit the key to keep records permanently), got " + value);
      }
    }
    if (periods.containsKey(RecordKind.RECORDS)) {
      throw new InvalidPolicyException("retention.records: the records program's own records"
          + " (requests, holds, schedules, dispositions) are kept permanently");
    }
    Map<RecordKind, RetentionSchedule> schedules = new java.util.EnumMap<>(RecordKind.class);
    for (RecordKind kind : RecordKind.values()) {
      if (periods.containsKey(kind) || locked.contains(kind)) {
        schedules.put(kind, new RetentionSchedule(periods.get(kind), locked.contains(kind)));
      }
    }
    return new RetentionPolicy(schedules);
  }

  private static String take(Map<String, String> keys, String key) {
    return keys.remove(key);
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static String suffix(String key, String prefix) throws InvalidPolicyException {
    String rest = key.substring(prefix.length());
    if (rest.isEmpty()) {
      throw new InvalidPolicyException(key + ": missing the id after '" + prefix + "'");
    }
    return rest;
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static CopyMode copyMode(String key, String value) throws InvalidPolicyException {
    try {
      return CopyMode.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException(key + " must be guardians, staff, guardians-and-staff or"
          + " guardians-or-staff, got " + value);
    }
  }

  private static int integer(String key, String value) throws InvalidPolicyException {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidPolicyException(key + " must be a whole number, got " + value);
    }
  }

  private static boolean bool(String key, String value) throws InvalidPolicyException {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new InvalidPolicyException(key + " must be true or false, got " + value);
  }

  /** "MON-FRI 21:00-07:00", "SAT,SUN 00:00-24:00". */
  private static QuietHours.Window window(String key, String value) throws InvalidPolicyException {
    String[] parts = value.split("\\s+");
    if (parts.length != 2) {
      throw new InvalidPolicyException(key + " must look like 'MON-FRI 21:00-07:00', got " + value);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String spec : parts[0].split(",")) {
      String[] range = spec.split("-");
      DayOfWeek from = day(key, range[0]);
      DayOfWeek to = range.length > 1 ? day(key, range[1]) : from;
      for (DayOfWeek d = from; ; d = d.plus(1)) {
        days.add(d);
        if (d == to) {
          break;
        }
      }
    }
    String[] times = parts[1].split("-");
    if (times.length != 2) {
      throw new InvalidPolicyException(key + ": the time range must look like 21:00-07:00, got " + parts[1]);
    }
    return new QuietHours.Window(days, time(key, times[0]), time(key, times[1]));
  }

  private static DayOfWeek day(String key, String text) throws InvalidPolicyException {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(text.toUpperCase(Locale.ROOT)) && text.length() >= 3) {
        return d;
      }
    }
    throw new InvalidPolicyException(key + ": not a day of the week: " + text);
  }

  private static LocalTime time(String key, String text) throws InvalidPolicyException {
    if (text.equals("24:00")) {
      return LocalTime.MIDNIGHT;
    }
    try {
      return LocalTime.parse(text.length() == 4 ? "0" + text : text);
    } catch (DateTimeException e) {
      throw new InvalidPolicyException(key + ": not a time (HH:MM): " + text);
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
