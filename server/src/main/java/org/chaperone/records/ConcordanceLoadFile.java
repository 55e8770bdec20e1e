package org.chaperone.records;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Concordance-style delimited load file ({@code .dat}), as review platforms import it: a header
 * row, then one row per document; every field enclosed in the text qualifier {@code þ}
 * (U+00FE, Concordance's "quote", ASCII 254) and fields separated by U+0014 (DC4, ASCII 20,
 * Concordance's "comma", shown as {@code ¶} by the fonts those tools use); a line break inside
 * a field is written as {@code ®} (U+00AE, Concordance's "new line", ASCII 174). Rows end with
 * CRLF. The file is UTF-8 with a byte-order mark, so that tools which otherwise assume a Windows
 * code page read names in any script correctly.
 *
 * <p>The format has no escape: a value holding one of the delimiters is written with it
 * replaced ({@link #clean}), and {@link #parse} reads exactly what {@link #write} writes.
 *
 * <p>Stateless and thread-safe.
 */
final class ConcordanceLoadFile {
  static final char SEPARATOR = '\u0014';
  static final char QUALIFIER = '\u00fe';
  static final char NEWLINE = '\u00ae';
  private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

  private ConcordanceLoadFile() {}

  /** The file for {@code header} and {@code rows} (each as long as the header). */
  static byte[] write(List<String> header, List<List<String>> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(BOM);
    writeRow(out, header);
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException("a row has " + row.size() + " fields, the header "
            + header.size());
      }
      writeRow(out, row);
    }
    return out.toByteArray();
  }

  private static void writeRow(ByteArrayOutputStream out, List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(SEPARATOR);
      }
      line.append(QUALIFIER).append(clean(fields.get(i))).append(QUALIFIER);
    }
    line.append("\r\n");
    out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A value as the load file can hold it: line breaks become {@code ®}, the separator a space,
   * the qualifier {@code th} (its usual transliteration) and a literal {@code ®} {@code (R)}.
   */
  static String clean(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\r' -> {
          b.append(NEWLINE);
          if (i + 1 < value.length() && value.charAt(i + 1) == '\n') {
            i++;
          }
        }
        case '\n' -> b.append(NEWLINE);
        case SEPARATOR -> b.append(' ');
        case QUALIFIER -> b.append("th");
        case NEWLINE -> b.append("(R)");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * The rows of a load file, header first.
   *
   * @throws IllegalArgumentException when the bytes are not such a file: no byte-order mark, a
   *     field not qualified, rows of different lengths, or no final CRLF
   */
  static List<List<String>> parse(byte[] file) {
    if (file.length < 3 || file[0] != BOM[0] || file[1] != BOM[1] || file[2] != BOM[2]) {
      throw new IllegalArgumentException("does not start with a UTF-8 byte-order mark");
    }
    String text = new String(file, 3, file.length - 3, StandardCharsets.UTF_8);
    if (!text.endsWith("\r\n")) {
      throw new IllegalArgumentException("the last row does not end with CRLF");
    }
    List<List<String>> rows = new ArrayList<>();
    for (String line : text.substring(0, text.length() - 2).split("\r\n", -1)) {
      List<String> fields = new ArrayList<>();
      for (String field : line.split(String.valueOf(SEPARATOR), -1)) {
        if (field.length() < 2 || field.charAt(0) != QUALIFIER
            || field.charAt(field.length() - 1) != QUALIFIER) {
          throw new IllegalArgumentException("row " + (rows.size() + 1)
              + " has a field not enclosed in þ");
        }
        String value = field.substring(1, field.length() - 1);
        if (value.indexOf(QUALIFIER) >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
          throw new IllegalArgumentException("row " + (rows.size() + 1)
              + " has a delimiter inside a field");
        }
        fields.add(value);
      }
      if (!rows.isEmpty() && fields.size() != rows.getFirst().size()) {
        throw new IllegalArgumentException("row " + (rows.size() + 1) + " has " + fields.size()
            + " fields, the header " + rows.getFirst().size());
      }
      rows.add(fields);
    }
    return rows;
  }
}
