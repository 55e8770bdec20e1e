package org.chaperone.directory.oneroster;

/**
 * Maps character offsets in a text to 1-based line numbers. A line break is LF, CRLF or a lone CR.
 * Offsets must be asked in ascending order (it scans forward once). Not thread-safe.
 */
final class LineIndex {
  private final String text;
  private int scanned;
  private long line = 1;

  LineIndex(String text) {
    this.text = text;
  }

  /** The 1-based line the character at {@code offset} is on. */
  long lineAt(long offset) {
    int end = (int) Math.min(offset, text.length());
    // why: after skipped blank lines commons-csv reports the position of the first blank line's
    // break, not of the record; a record never starts with a line break, so step over them
    while (end < text.length() && (text.charAt(end) == '\n' || text.charAt(end) == '\r')) {
      end++;
    }
    for (; scanned < end; scanned++) {
      char c = text.charAt(scanned);
      // a line break is LF, CRLF (counted at the LF) or a lone CR
      if (c == '\n'
          || (c == '\r' && (scanned + 1 >= text.length() || text.charAt(scanned + 1) != '\n'))) {
        line++;
      }
    }
    return line;
  }
}
