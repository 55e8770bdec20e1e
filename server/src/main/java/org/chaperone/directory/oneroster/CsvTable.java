package org.chaperone.directory.oneroster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One roster CSV file, decoded and parsed: a header row and the data rows after it.
 *
 * <p>The text must be UTF-8 (a leading byte-order mark is dropped) and RFC 4180 CSV. Header names
 * are matched trimmed and case-insensitively; columns the reader does not know are ignored, so
 * extension columns and the empty trailing header cells some exporters write are harmless. Blank
 * lines, and rows whose every cell is blank, are skipped. Rows shorter than the header read as
 * empty in the missing cells. Problems are reported to the {@link ProblemLog} with the 1-based
 * physical line a row starts on (the header is line 1). Not thread-safe.
 */
final class CsvTable {
  private static final Pattern START_LINE = Pattern.compile("\\(startline (\\d+)\\)");

  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

  private final String file;
  private final ProblemLog log;
  private final Map<String, Integer> columns;
  private final List<Row> rows = new ArrayList<>();
  private boolean complete = true;

  private CsvTable(String file, ProblemLog log, Map<String, Integer> columns) {
    this.file = file;
    this.log = log;
    this.columns = columns;
  }

  /**
   * Parses {@code bytes} as the roster file {@code file}.
   *
   * @param required columns the file must have; if any is missing the file is unusable
   * @param optional further columns the reader uses
   * @return the table, or empty when the file is unusable (the reason is logged)
   */
  static Optional<CsvTable> parse(
      String file,
      byte[] bytes,
      Collection<String> required,
      Collection<String> optional,
      ProblemLog log) {
    Optional<String> text = Utf8Text.decode(file, bytes, log);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    LineIndex lines = new LineIndex(text.get());
    try (CSVParser parser = CSVParser.parse(text.get(), FORMAT)) {
      var records = parser.iterator();
      CsvTable table = null;
      try {
        while (records.hasNext()) {
          CSVRecord record = records.next();
          long line = lines.lineAt(record.getCharacterPosition());
          if (table == null) {
            Map<String, Integer> columns = header(file, record, required, optional, log);
            if (columns == null) {
              return Optional.empty();
            }
            table = new CsvTable(file, log, columns);
          } else if (!isBlank(record)) {
            table.rows.add(table.new Row(line, record.values()));
          }
        }
      } catch (UncheckedIOException | IllegalStateException e) {
        // why: commons-csv cannot resync after malformed quoting, so the rest of the file is
        // unreadable; keep the rows read so far for more problems, but mark the file incomplete.
        String message = rootMessage(e);
        log.add(
            file,
            errorLine(message, parser.getCurrentLineNumber()),
            "",
            "CSV syntax error, the rest of the file was not read: " + message);
        if (table != null) {
          table.complete = false;
        }
        return Optional.ofNullable(table);
      }
      if (table == null) {
        log.add(file, 1, "", "the file is empty; a header row is required");
      }
      return Optional.ofNullable(table);
    } catch (IOException e) {
      // parsing an in-memory string performs no I/O
      throw new UncheckedIOException(e);
    }
  }

  /** The file name problems are reported under. */
  String file() {
    return file;
  }

  /** True when the header has {@code column} (case-insensitive). */
  boolean has(String column) {
    return columns.containsKey(key(column));
  }

  /** The data rows, in file order. */
  List<Row> rows() {
    return rows;
  }

  /** True when every row of the file was read (no CSV syntax error cut it short). */
  boolean complete() {
    return complete;
  }

  /** Logs a problem about this file at {@code line} (1 is the header, 0 the whole file). */
  void problem(long line, String column, String reason) {
    log.add(file, line, column, reason);
  }

  /** One data row of the table. */
  final class Row {
    private final long line;
    private final String[] values;

    private Row(long line, String[] values) {
      this.line = line;
      this.values = values;
    }

    /** The 1-based line the row starts on. */
    long line() {
      return line;
    }

    /** The trimmed cell of {@code column}; empty when the column or cell is missing. */
    String get(String column) {
      Integer index = columns.get(key(column));
      return index == null || index >= values.length ? "" : values[index].strip();
    }

    /**
     * The cell of {@code column} as a comma-separated list: trimmed, empties and repeats dropped.
     */
    List<String> list(String column) {
      Set<String> items = new LinkedHashSet<>();
      for (String item : get(column).split(",")) {
        String trimmed = item.strip();
        if (!trimmed.isEmpty()) {
          items.add(trimmed);
        }
      }
      return List.copyOf(items);
    }

    /** Logs a problem at this row. */
    void problem(String column, String reason) {
      log.add(file, line, column, reason);
    }
  }

  private static Map<String, Integer> header(
      String file,
      CSVRecord record,
      Collection<String> required,
      Collection<String> optional,
      ProblemLog log) {
    Map<String, Integer> columns = new HashMap<>();
    Set<String> repeated = new LinkedHashSet<>();
    for (int i = 0; i < record.size(); i++) {
      String name = key(record.get(i));
      if (!name.isEmpty() && columns.putIfAbsent(name, i) != null) {
        repeated.add(record.get(i).strip());
      }
    }
    List<String> missing = required.stream().filter(c -> !columns.containsKey(key(c))).toList();
    if (!missing.isEmpty()) {
      log.add(
          file,
          1,
          String.join(",", missing),
          "the header lacks required column(s) " + String.join(", ", missing));
      return null;
    }
    // why: a repeated column we read is ambiguous (which cell is meant?); repeats of columns we
    // ignore are harmless and left alone.
    List<String> ambiguous = new ArrayList<>();
    for (String name : repeated) {
      if (required.stream().anyMatch(c -> key(c).equals(key(name)))
          || optional.stream().anyMatch(c -> key(c).equals(key(name)))) {
        ambiguous.add(name);
      }
    }
    if (!ambiguous.isEmpty()) {
      log.add(
          file,
          1,
          String.join(",", ambiguous),
          "the header has column(s) " + String.join(", ", ambiguous) + " more than once");
      return null;
    }
    return columns;
  }

  private static boolean isBlank(CSVRecord record) {
    for (String value : record) {
      if (!value.isBlank()) {
        return false;
      }
    }
    return true;
  }

  private static String key(String column) {
    return column.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The line to blame for a syntax error. Mid-line, commons-csv's current line number is already
   * the 1-based line being read; for a quote left open it is the end of the file, so the record's
   * start line from the message ("(startline N)") is used instead.
   */
  private static long errorLine(String message, long currentLine) {
    Matcher start = START_LINE.matcher(message);
    return start.find() ? Long.parseLong(start.group(1)) : Math.max(1, currentLine);
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }
}
