package org.chaperone.directory;

import java.util.Objects;

/**
 * One reason a roster bundle was rejected.
 *
 * @param file the bundle file, e.g. "users.csv"
 * @param line the 1-based line in that file (the header is line 1), or 0 for the whole file
 * @param column the column (header name), or empty
 * @param reason what is wrong, in words an IT person can act on
 */
public record RosterProblem(String file, long line, String column, String reason) {
  public RosterProblem {
    Objects.requireNonNull(file, "file");
    column = Objects.requireNonNullElse(column, "");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + (column.isEmpty() ? "" : " [" + column + "]") + ": " + reason;
  }
}
