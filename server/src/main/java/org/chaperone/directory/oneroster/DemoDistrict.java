package org.chaperone.directory.oneroster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A small fictional district as a OneRoster 1.1 bulk bundle, loaded when the gateway starts with an
 * empty directory so there is something to try it with.
 *
 * <p>"Maple Valley Unified" has one school, "Maple Valley High", with one administrator (the
 * principal), two teachers, two classes, six students in grades 09 and 10, and nine guardians.
 * Students 1–4 take Algebra I with Ana Rivera, students 3–6 take Biology with Ben Okafor. Every
 * student has one or two guardians; students 5 and 6 are siblings who share a guardian ({@code
 * demo-guardian-8}), who is student 5's only guardian. Guardian links are written on both the
 * student and the guardian rows, as many exports do. Staff and students have {@code
 * maplevalley.example.org} addresses, guardians {@code example.com} ones; every name is invented.
 *
 * <p>The output is deterministic: fixed ids, fixed content, fixed zip timestamps. Immutable and
 * thread-safe.
 */
public final class DemoDistrict {
  /** The district org. */
  public static final String DISTRICT_ID = "demo-district";

  /** The school org. */
  public static final String SCHOOL_ID = "demo-school";

  /** The principal, an administrator. */
  public static final String ADMIN_ID = "demo-admin";

  /** Ana Rivera, who teaches {@link #CLASS_ID}. */
  public static final String TEACHER_ID = "demo-teacher-1";

  /** Maya Chen, a student in {@link #CLASS_ID}. */
  public static final String STUDENT_ID = "demo-student-1";

  /** Wei Chen, one of {@link #STUDENT_ID}'s two guardians. */
  public static final String GUARDIAN_ID = "demo-guardian-1";

  /** Algebra I — Period 2, taught by {@link #TEACHER_ID}. */
  public static final String CLASS_ID = "demo-class-algebra";

  private static final String STAFF_DOMAIN = "@maplevalley.example.org";
  private static final String FAMILY_DOMAIN = "@example.com";
  private static final String TERM_ID = "demo-year-2025";
  private static final String BIOLOGY_ID = "demo-class-biology";

  private record User(
      String id,
      String role,
      String given,
      String family,
      String email,
      String agents,
      String grades) {}

  private static final List<User> USERS =
      List.of(
          staff(ADMIN_ID, "administrator", "Grace", "Lindqvist"),
          staff(TEACHER_ID, "teacher", "Ana", "Rivera"),
          staff("demo-teacher-2", "teacher", "Ben", "Okafor"),
          student(1, "Maya", "Chen", "09", "demo-guardian-1,demo-guardian-2"),
          student(2, "Lucas", "Moreau", "09", "demo-guardian-3"),
          student(3, "Priya", "Nair", "10", "demo-guardian-4,demo-guardian-5"),
          student(4, "Jonah", "Whitfield", "10", "demo-guardian-6,demo-guardian-7"),
          student(5, "Zoe", "Brennan", "09", "demo-guardian-8"),
          student(6, "Owen", "Brennan", "10", "demo-guardian-8,demo-guardian-9"),
          guardian(1, "parent", "Wei", "Chen", "demo-student-1"),
          guardian(2, "parent", "Lin", "Chen", "demo-student-1"),
          guardian(3, "parent", "Élise", "Moreau", "demo-student-2"),
          guardian(4, "parent", "Arjun", "Nair", "demo-student-3"),
          guardian(5, "parent", "Deepa", "Nair", "demo-student-3"),
          guardian(6, "parent", "Sarah", "Whitfield", "demo-student-4"),
          guardian(7, "parent", "Tom", "Whitfield", "demo-student-4"),
          guardian(8, "parent", "Claire", "Brennan", "demo-student-5,demo-student-6"),
          guardian(9, "guardian", "Harold", "Brennan", "demo-student-6"));

  private static final Map<String, String> FILES = build();

  private DemoDistrict() {}

  /** The bundle's files, file name to CSV text, in a fixed order ({@code manifest.csv} first). */
  public static Map<String, String> files() {
    return FILES;
  }

  /** The bundle as a zip archive, byte-for-byte the same on every call. */
  public static byte[] bundleZip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> file : FILES.entrySet()) {
        ZipEntry entry = new ZipEntry(file.getKey());
        // why: a fixed local time keeps the archive identical across runs and time zones
        entry.setTimeLocal(LocalDateTime.of(2025, 1, 1, 0, 0));
        zip.putNextEntry(entry);
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory streams do not fail
    }
    return bytes.toByteArray();
  }

  private static User staff(String id, String role, String given, String family) {
    return new User(id, role, given, family, email(given, family, STAFF_DOMAIN), "", "");
  }

  private static User student(int n, String given, String family, String grade, String agents) {
    return new User(
        "demo-student-" + n,
        "student",
        given,
        family,
        email(given, family, STAFF_DOMAIN),
        agents,
        grade);
  }

  private static User guardian(int n, String role, String given, String family, String agents) {
    return new User(
        "demo-guardian-" + n, role, given, family, email(given, family, FAMILY_DOMAIN), agents, "");
  }

  private static String email(String given, String family, String domain) {
    return username(given, family) + domain;
  }

  private static String username(String given, String family) {
    // why: usernames and addresses stay ASCII ("Élise" becomes "elise")
    String ascii = Normalizer.normalize(given, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return (ascii + "." + family).toLowerCase(Locale.ROOT);
  }

  private static Map<String, String> build() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "manifest.csv",
        csv(
            List.of("propertyName", "value"),
            List.of(
                List.of("manifest.version", "1.0"),
                List.of("oneroster.version", "1.1"),
                List.of("file.academicSessions", "bulk"),
                List.of("file.categories", "absent"),
                List.of("file.classes", "bulk"),
                List.of("file.classResources", "absent"),
                List.of("file.courses", "bulk"),
                List.of("file.courseResources", "absent"),
                List.of("file.demographics", "absent"),
                List.of("file.enrollments", "bulk"),
                List.of("file.lineItems", "absent"),
                List.of("file.orgs", "bulk"),
                List.of("file.resources", "absent"),
                List.of("file.results", "absent"),
                List.of("file.users", "bulk"),
                List.of("source.systemName", "Chaperone demo"),
                List.of("source.systemCode", "chaperone-demo"))));
    files.put(
        "academicSessions.csv",
        csv(
            List.of(
                "sourcedId",
                "status",
                "dateLastModified",
                "title",
                "type",
                "startDate",
                "endDate",
                "parentSourcedId",
                "schoolYear"),
            List.of(
                List.of(
                    TERM_ID,
                    "",
                    "",
                    "2025–2026",
                    "schoolYear",
                    "2025-08-18",
                    "2026-06-12",
                    "",
                    "2026"))));
    files.put(
        "orgs.csv",
        csv(
            List.of(
                "sourcedId",
                "status",
                "dateLastModified",
                "name",
                "type",
                "identifier",
                "parentSourcedId"),
            List.of(
                List.of(DISTRICT_ID, "", "", "Maple Valley Unified", "district", "MVU", ""),
                List.of(SCHOOL_ID, "", "", "Maple Valley High", "school", "MVHS", DISTRICT_ID))));
    files.put(
        "courses.csv",
        csv(
            List.of(
                "sourcedId",
                "status",
                "dateLastModified",
                "schoolYearSourcedId",
                "title",
                "courseCode",
                "grades",
                "orgSourcedId",
                "subjects",
                "subjectCodes"),
            List.of(
                List.of(
                    "demo-course-algebra",
                    "",
                    "",
                    TERM_ID,
                    "Algebra I",
                    "MATH-ALG1",
                    "09,10",
                    SCHOOL_ID,
                    "Mathematics",
                    ""),
                List.of(
                    "demo-course-biology",
                    "",
                    "",
                    TERM_ID,
                    "Biology",
                    "SCI-BIO",
                    "09,10",
                    SCHOOL_ID,
                    "Science",
                    ""))));
    files.put(
        "classes.csv",
        csv(
            List.of(
                "sourcedId",
                "status",
                "dateLastModified",
                "title",
                "grades",
                "courseSourcedId",
                "classCode",
                "classType",
                "location",
                "schoolSourcedId",
                "termSourcedIds",
                "subjects",
                "subjectCodes",
                "periods"),
            List.of(
                List.of(
                    CLASS_ID,
                    "",
                    "",
                    "Algebra I — Period 2",
                    "09,10",
                    "demo-course-algebra",
                    "ALG1-P2",
                    "scheduled",
                    "Room 114",
                    SCHOOL_ID,
                    TERM_ID,
                    "Mathematics",
                    "",
                    "2"),
                List.of(
                    BIOLOGY_ID,
                    "",
                    "",
                    "Biology — Period 4",
                    "09,10",
                    "demo-course-biology",
                    "BIO-P4",
                    "scheduled",
                    "Lab 2",
                    SCHOOL_ID,
                    TERM_ID,
                    "Science",
                    "",
                    "4"))));
    files.put(
        "users.csv",
        csv(
            List.of(
                "sourcedId",
                "status",
                "dateLastModified",
                "enabledUser",
                "orgSourcedIds",
                "role",
                "username",
                "userIds",
                "givenName",
                "familyName",
                "middleName",
                "identifier",
                "email",
                "sms",
                "phone",
                "agentSourcedIds",
                "grades",
                "password"),
            USERS.stream()
                .map(
                    u ->
                        List.of(
                            u.id(),
                            "",
                            "",
                            "true",
                            SCHOOL_ID,
                            u.role(),
                            username(u.given(), u.family()),
                            "",
                            u.given(),
                            u.family(),
                            "",
                            "",
                            u.email(),
                            "",
                            "",
                            u.agents(),
                            u.grades(),
                            ""))
                .toList()));
    files.put(
        "enrollments.csv",
        csv(
            List.of(
                "sourcedId",
                "status",
                "dateLastModified",
                "classSourcedId",
                "schoolSourcedId",
                "userSourcedId",
                "role",
                "primary",
                "beginDate",
                "endDate"),
            List.of(
                enrollment(CLASS_ID, TEACHER_ID, "teacher"),
                enrollment(CLASS_ID, "demo-student-1", "student"),
                enrollment(CLASS_ID, "demo-student-2", "student"),
                enrollment(CLASS_ID, "demo-student-3", "student"),
                enrollment(CLASS_ID, "demo-student-4", "student"),
                enrollment(BIOLOGY_ID, "demo-teacher-2", "teacher"),
                enrollment(BIOLOGY_ID, "demo-student-3", "student"),
                enrollment(BIOLOGY_ID, "demo-student-4", "student"),
                enrollment(BIOLOGY_ID, "demo-student-5", "student"),
                enrollment(BIOLOGY_ID, "demo-student-6", "student"))));
    return Collections.unmodifiableMap(files);
  }

  private static List<String> enrollment(String classId, String userId, String role) {
    String primary = role.equals("teacher") ? "true" : "false";
    return List.of(
        classId.replace("demo-class-", "demo-enr-") + "-" + userId.replace("demo-", ""),
        "",
        "",
        classId,
        SCHOOL_ID,
        userId,
        role,
        primary,
        "",
        "");
  }

  private static String csv(List<String> header, List<List<String>> rows) {
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
      printer.printRecord(header);
      for (List<String> row : rows) {
        printer.printRecord(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to a string does not fail
    }
    return out.toString();
  }
}
