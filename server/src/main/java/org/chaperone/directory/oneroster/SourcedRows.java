package org.chaperone.directory.oneroster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rows of a roster file after the checks every OneRoster file shares: a non-empty, unique
 * {@code sourcedId} and a valid {@code status}. Rows failing them are logged and left out, but
 * their ids still count as declared, so one bad row does not cascade into reference problems in
 * other files. Not thread-safe.
 */
final class SourcedRows {
  static final String SOURCED_ID = "sourcedId";
  static final String STATUS = "status";

  /**
   * A row with a usable id.
   *
   * @param row the CSV row
   * @param id its sourcedId
   * @param deleted true when its status is {@code tobedeleted}
   */
  record Entry(CsvTable.Row row, String id, boolean deleted) {}

  private final CsvTable table;
  private final List<Entry> entries = new ArrayList<>();
  private final Set<String> allIds = new HashSet<>();

  private SourcedRows(CsvTable table) {
    this.table = table;
  }

  static SourcedRows of(CsvTable table) {
    SourcedRows result = new SourcedRows(table);
    Map<String, Long> firstLine = new HashMap<>();
    for (CsvTable.Row row : table.rows()) {
      String id = row.get(SOURCED_ID);
      if (id.isEmpty()) {
        row.problem(SOURCED_ID, "sourcedId is empty");
        continue;
      }
      Long first = firstLine.putIfAbsent(id, row.line());
      if (first != null) {
        row.problem(SOURCED_ID, "duplicate sourcedId '" + id + "' (first on line " + first + ")");
        continue;
      }
      result.allIds.add(id);
      String status = row.get(STATUS).toLowerCase(Locale.ROOT);
      switch (status) {
        case "", "active" -> result.entries.add(new Entry(row, id, false));
        case "tobedeleted" -> result.entries.add(new Entry(row, id, true));
        default ->
            row.problem(
                STATUS,
                "status must be active, tobedeleted or empty, not '" + row.get(STATUS) + "'");
      }
    }
    return result;
  }

  /** Rows whose status is active or empty. */
  List<Entry> active() {
    return entries.stream().filter(e -> !e.deleted()).toList();
  }

  /** Ids whose status is {@code tobedeleted}. */
  Set<String> deletedIds() {
    Set<String> ids = new HashSet<>();
    entries.stream().filter(Entry::deleted).forEach(e -> ids.add(e.id()));
    return ids;
  }

  /** Ids other files may reference; checked only for a bulk file that was read in full. */
  KnownIds knownIds(boolean bulk) {
    return bulk && table.complete() ? new KnownIds(allIds, true) : KnownIds.UNCHECKED;
  }

  /** True when the file declares {@code id}, whatever its row's other faults. */
  boolean declares(String id) {
    return allIds.contains(id);
  }
}
