package org.chaperone.directory.oneroster;

import static org.chaperone.directory.oneroster.SourcedRows.SOURCED_ID;
import static org.chaperone.directory.oneroster.SourcedRows.STATUS;

import java.util.ArrayList;
import java.util.List;
import org.chaperone.domain.SchoolClass;

/**
 * Reads {@code classes.csv}: {@code sourcedId}, {@code title} and {@code schoolSourcedId}, which
 * must name an org when {@code orgs.csv} is a bulk file of the same bundle. Stateless.
 */
final class ClassesFile {
  static final String TITLE = "title";
  static final String SCHOOL = "schoolSourcedId";

  static final List<String> REQUIRED = List.of(SOURCED_ID, TITLE, SCHOOL);
  static final List<String> OPTIONAL = List.of(STATUS);

  private ClassesFile() {}

  static Parsed<SchoolClass> read(CsvTable table, boolean bulk, KnownIds orgs) {
    SourcedRows rows = SourcedRows.of(table);
    List<SchoolClass> classes = new ArrayList<>();
    for (SourcedRows.Entry entry : rows.active()) {
      CsvTable.Row row = entry.row();
      String school = row.get(SCHOOL);
      if (school.isEmpty()) {
        row.problem(SCHOOL, "schoolSourcedId is empty");
        continue;
      }
      if (orgs.lacks(school)) {
        row.problem(SCHOOL, "school '" + school + "' is not in orgs.csv");
        continue;
      }
      classes.add(new SchoolClass(entry.id(), row.get(TITLE), school));
    }
    return new Parsed<>(classes, rows.deletedIds(), rows.knownIds(bulk));
  }
}
