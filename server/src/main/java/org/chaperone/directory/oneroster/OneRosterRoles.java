package org.chaperone.directory.oneroster;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chaperone.domain.EnrollmentRole;
import org.chaperone.domain.Role;

/**
 * Maps OneRoster role vocabulary (1.1 and 1.2, matched case-insensitively) onto Chaperone roles.
 *
 * <p>Person roles ({@code users.csv} {@code role} and {@code roles.csv} {@code role}):
 *
 * <ul>
 *   <li>{@code student} → {@link Role#STUDENT}
 *   <li>{@code parent}, {@code guardian}, {@code relative} → {@link Role#GUARDIAN}
 *   <li>{@code teacher}, {@code aide}, {@code proctor} → {@link Role#TEACHER}
 *   <li>{@code administrator}, {@code districtAdministrator}, {@code siteAdministrator}, {@code
 *       principal} → {@link Role#ADMINISTRATOR}
 *   <li>{@code systemAdministrator}, {@code counselor}, {@code staff} → {@link Role#STAFF}
 * </ul>
 *
 * <p>Enrollment roles: {@code student} → {@link EnrollmentRole#STUDENT}; {@code teacher}, {@code
 * aide}, {@code proctor} → {@link EnrollmentRole#TEACHER}; {@code administrator} → {@link
 * EnrollmentRole#ADMINISTRATOR}. Guardian enrollments ({@code parent}, {@code guardian}, {@code
 * relative}) are skipped: guardians reach a class through their students' links.
 *
 * <p>Anything else, including 1.2 {@code ext:} extension roles, is unknown and makes the reader
 * report a problem, because guessing a role could grant the wrong access. Stateless and
 * thread-safe.
 */
final class OneRosterRoles {
  private static final Map<String, Role> PERSON =
      Map.ofEntries(
          Map.entry("student", Role.STUDENT),
          Map.entry("parent", Role.GUARDIAN),
          Map.entry("guardian", Role.GUARDIAN),
          Map.entry("relative", Role.GUARDIAN),
          Map.entry("teacher", Role.TEACHER),
          Map.entry("aide", Role.TEACHER),
          Map.entry("proctor", Role.TEACHER),
          Map.entry("administrator", Role.ADMINISTRATOR),
          Map.entry("districtadministrator", Role.ADMINISTRATOR),
          Map.entry("siteadministrator", Role.ADMINISTRATOR),
          Map.entry("principal", Role.ADMINISTRATOR),
          // why: a system administrator runs IT, not a school; counselors are staff who do not
          // lead classes; "staff" is a common vendor extension of the 1.1 vocabulary.
          Map.entry("systemadministrator", Role.STAFF),
          Map.entry("counselor", Role.STAFF),
          Map.entry("staff", Role.STAFF));

  private static final Map<String, EnrollmentRole> ENROLLMENT =
      Map.of(
          "student", EnrollmentRole.STUDENT,
          "teacher", EnrollmentRole.TEACHER,
          "aide", EnrollmentRole.TEACHER,
          "proctor", EnrollmentRole.TEACHER,
          "administrator", EnrollmentRole.ADMINISTRATOR);

  private static final Set<String> GUARDIAN_ENROLLMENT = Set.of("parent", "guardian", "relative");

  private OneRosterRoles() {}

  /** The Chaperone role of a OneRoster person role; empty when unknown. */
  static Optional<Role> personRole(String oneRosterRole) {
    return Optional.ofNullable(PERSON.get(key(oneRosterRole)));
  }

  /** The Chaperone role of a OneRoster enrollment role; empty when unknown or a guardian's. */
  static Optional<EnrollmentRole> enrollmentRole(String oneRosterRole) {
    return Optional.ofNullable(ENROLLMENT.get(key(oneRosterRole)));
  }

  /** True for enrollment roles of guardians, which are valid OneRoster but skipped. */
  static boolean isGuardianEnrollment(String oneRosterRole) {
    return GUARDIAN_ENROLLMENT.contains(key(oneRosterRole));
  }

  private static String key(String role) {
    return role.strip().toLowerCase(Locale.ROOT);
  }
}
