package org.chaperone.directory;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.chaperone.domain.PersonFlags;

/**
 * Reads the district's override file: what the SIS knows about people that OneRoster cannot carry
 * (custody restrictions, students who hold their own FERPA rights, media releases). A CSV with a
 * header row:
 *
 * <pre>
 * sourcedId,noContact,noRecordsAccess,eligibleStudent,mediaRelease
 * g-1042,true,true,false,false
 * s-2203,false,false,true,true
 * </pre>
 *
 * Values are {@code true}/{@code false} (empty: false). The file states each listed person's flags
 * in full. Every problem is reported with its line and column; nothing is applied from a bad file.
 */
public final class OverridesFile {
  static final List<String> COLUMNS =
      List.of("sourcedId", "noContact", "noRecordsAccess", "eligibleStudent", "mediaRelease");

  private OverridesFile() {}

  public static Map<String, PersonFlags> parse(byte[] csv) throws RosterRejectedException {
    List<RosterProblem> problems = new ArrayList<>();
    Map<String, PersonFlags> flags = new LinkedHashMap<>();
    String text = new String(csv, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreSurroundingSpaces(true).get().parse(new StringReader(text))) {
      Set<String> header = parser.getHeaderMap().keySet();
      for (String column : COLUMNS) {
        if (!header.contains(column)) {
          problems.add(new RosterProblem("overrides.csv", 1, column, "missing column (expected "
              + String.join(",", COLUMNS) + ")"));
        }
      }
      if (problems.isEmpty()) {
        for (CSVRecord r : parser) {
          long line = r.getRecordNumber() + 1;
          String id = r.get("sourcedId").strip();
          if (id.isEmpty()) {
            problems.add(new RosterProblem("overrides.csv", line, "sourcedId", "is empty"));
            continue;
          }
          boolean[] values = new boolean[4];
          for (int i = 0; i < 4; i++) {
            String column = COLUMNS.get(i + 1);
            String v = r.get(column).strip().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false") || v.isEmpty()) {
              values[i] = v.equals("true");
            } else {
              problems.add(new RosterProblem("overrides.csv", line, column, "must be true or false, got " + v));
            }
          }
          if (flags.put(id, new PersonFlags(values[0], values[1], values[2], values[3])) != null) {
            problems.add(new RosterProblem("overrides.csv", line, "sourcedId", "duplicate id " + id));
          }
        }
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      problems.add(new RosterProblem("overrides.csv", 0, "", "not a readable CSV file: " + e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new RosterRejectedException(problems);
    }
    return flags;
  }
}
