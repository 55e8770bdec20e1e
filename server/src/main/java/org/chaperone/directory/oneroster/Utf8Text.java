package org.chaperone.directory.oneroster;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8 decoding of a roster file: malformed bytes are a problem naming the file and the
 * line of the first bad byte, never silently replaced; a leading byte-order mark is dropped.
 * Stateless.
 */
final class Utf8Text {
  private Utf8Text() {}

  /** The text of {@code bytes}, or empty when they are not UTF-8 (logged with the line). */
  static Optional<String> decode(String file, byte[] bytes, ProblemLog log) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      long line = 1;
      for (int i = 0; i < in.position(); i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      log.add(file, line, "", "the file is not valid UTF-8 text; save it as UTF-8");
      return Optional.empty();
    }
    out.flip();
    String text = out.toString();
    // why: Excel and some SIS exports start UTF-8 files with a byte-order mark
    return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
  }
}
