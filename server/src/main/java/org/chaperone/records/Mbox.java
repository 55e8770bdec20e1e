package org.chaperone.records;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Builds an mbox file (the {@code mboxrd} variant): each message starts with a {@code From }
 * line, line ends are LF, and body lines that start with any number of {@code >} followed by
 * {@code From } get one more {@code >}, so readers can always undo the quoting. The output is a
 * pure function of the messages, which lets a verifier rebuild it from the {@code .eml} files.
 *
 * <p>Not thread-safe.
 */
final class Mbox {
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final byte[] FROM = "From ".getBytes(StandardCharsets.US_ASCII);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Appends a message ({@code .eml} bytes, CRLF or LF line ends) committed at {@code time}. */
  Mbox append(byte[] eml, Instant time) {
    out.writeBytes(("From chaperone@chaperone.invalid " + ASCTIME.format(time) + "\n")
        .getBytes(StandardCharsets.US_ASCII));
    int start = 0;
    while (start < eml.length) {
      int end = start;
      while (end < eml.length && eml[end] != '\n') {
        end++;
      }
      int lineEnd = end > start && eml[end - 1] == '\r' ? end - 1 : end;
      if (quoted(eml, start, lineEnd)) {
        out.write('>');
      }
      out.write(eml, start, lineEnd - start);
      out.write('\n');
      start = end + 1;
    }
    out.write('\n');
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private static boolean quoted(byte[] b, int start, int end) {
    int i = start;
    while (i < end && b[i] == '>') {
      i++;
    }
    if (end - i < FROM.length) {
      return false;
    }
    for (int k = 0; k < FROM.length; k++) {
      if (b[i + k] != FROM[k]) {
        return false;
      }
    }
    return true;
  }
}
