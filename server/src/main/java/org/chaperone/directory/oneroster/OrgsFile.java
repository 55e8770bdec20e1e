package org.chaperone.directory.oneroster;

import static org.chaperone.directory.oneroster.SourcedRows.SOURCED_ID;
import static org.chaperone.directory.oneroster.SourcedRows.STATUS;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.chaperone.domain.Org;

/**
 * Reads {@code orgs.csv}: {@code sourcedId}, {@code name}, {@code type} and {@code
 * parentSourcedId}.
 *
 * <p>The type must be one of the OneRoster org types ({@code district}, {@code school}, {@code
 * department}, {@code local}, {@code state}, {@code national}, case-insensitive) or a 1.2 {@code
 * ext:} extension; it is stored lower case. The parent is not checked against the file, because
 * exports commonly name a parent (a state, a district) they do not include. Stateless.
 */
final class OrgsFile {
  static final String NAME = "name";
  static final String TYPE = "type";
  static final String PARENT = "parentSourcedId";

  static final List<String> REQUIRED = List.of(SOURCED_ID, NAME, TYPE);
  static final List<String> OPTIONAL = List.of(STATUS, PARENT);

  private static final Set<String> TYPES =
      Set.of("district", "school", "department", "local", "state", "national");

  private OrgsFile() {}

  static Parsed<Org> read(CsvTable table, boolean bulk) {
    SourcedRows rows = SourcedRows.of(table);
    List<Org> orgs = new ArrayList<>();
    for (SourcedRows.Entry entry : rows.active()) {
      CsvTable.Row row = entry.row();
      String type = row.get(TYPE).toLowerCase(Locale.ROOT);
      if (!TYPES.contains(type) && !type.startsWith("ext:")) {
        row.problem(
            TYPE,
            "type must be district, school, department, local, state or national, not '"
                + row.get(TYPE)
                + "'");
        continue;
      }
      orgs.add(new Org(entry.id(), row.get(NAME), type, row.get(PARENT)));
    }
    return new Parsed<>(orgs, rows.deletedIds(), rows.knownIds(bulk));
  }
}
