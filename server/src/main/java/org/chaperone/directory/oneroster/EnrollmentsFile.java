package org.chaperone.directory.oneroster;

import static org.chaperone.directory.oneroster.SourcedRows.SOURCED_ID;
import static org.chaperone.directory.oneroster.SourcedRows.STATUS;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chaperone.domain.Enrollment;
import org.chaperone.domain.EnrollmentRole;

/**
 * Reads {@code enrollments.csv}: {@code sourcedId}, {@code classSourcedId}, {@code userSourcedId}
 * and {@code role} (mapped by {@link OneRosterRoles}; guardian enrollments are skipped). The class
 * and user must exist when their file is a bulk file of the same bundle; a {@code tobedeleted}
 * class or user counts as existing. Stateless.
 */
final class EnrollmentsFile {
  static final String CLASS = "classSourcedId";
  static final String USER = "userSourcedId";
  static final String ROLE = "role";

  static final List<String> REQUIRED = List.of(SOURCED_ID, CLASS, USER, ROLE);
  static final List<String> OPTIONAL = List.of(STATUS);

  private EnrollmentsFile() {}

  static Parsed<Enrollment> read(CsvTable table, boolean bulk, KnownIds classes, KnownIds users) {
    SourcedRows rows = SourcedRows.of(table);
    List<Enrollment> enrollments = new ArrayList<>();
    for (SourcedRows.Entry entry : rows.active()) {
      CsvTable.Row row = entry.row();
      String role = row.get(ROLE);
      if (OneRosterRoles.isGuardianEnrollment(role)) {
        continue; // valid OneRoster; guardians reach classes through their students
      }
      Optional<EnrollmentRole> mapped = OneRosterRoles.enrollmentRole(role);
      boolean ok = true;
      if (mapped.isEmpty()) {
        row.problem(
            ROLE,
            role.isEmpty()
                ? "role is empty"
                : "unknown enrollment role '"
                    + role
                    + "'; expected student, teacher, aide,"
                    + " proctor or administrator");
        ok = false;
      }
      ok &= reference(row, CLASS, "class", classes, "classes.csv");
      ok &= reference(row, USER, "user", users, "users.csv");
      if (ok) {
        enrollments.add(
            new Enrollment(entry.id(), row.get(CLASS), row.get(USER), mapped.orElseThrow()));
      }
    }
    return new Parsed<>(enrollments, rows.deletedIds(), rows.knownIds(bulk));
  }

  private static boolean reference(
      CsvTable.Row row, String column, String what, KnownIds known, String file) {
    String id = row.get(column);
    if (id.isEmpty()) {
      row.problem(column, column + " is empty");
      return false;
    }
    if (known.lacks(id)) {
      row.problem(column, what + " '" + id + "' is not in " + file);
      return false;
    }
    return true;
  }
}
