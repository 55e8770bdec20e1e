package org.chaperone.archive;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes archive entries as canonical JSON: object keys sorted, no insignificant whitespace,
 * strings escaped minimally (RFC 8785 style for the value types the archive uses: strings,
 * integers, booleans, null, lists and maps). Canonical bytes make leaf hashes reproducible by
 * anyone who re-encodes an exported entry.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical UTF-8 bytes of {@code value}. */
  public static byte[] encode(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(out, value);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses JSON text into strings, longs, booleans, nulls, lists and maps (with keys in sorted
   * order); numbers other than integers, duplicate keys, trailing data and malformed UTF-8 are
   * rejected with {@link IllegalArgumentException}. {@code encode(decode(b))} equals {@code b}
   * exactly when {@code b} is canonical.
   */
  public static Object decode(byte[] json) {
    java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    String text;
    try {
      text = utf8.decode(java.nio.ByteBuffer.wrap(json)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("not UTF-8");
    }
    Parser p = new Parser(text);
    Object value = p.value(0);
    p.skipSpace();
    if (p.pos != text.length()) {
      throw new IllegalArgumentException("trailing data at " + p.pos);
    }
    return value;
  }

  /** A strict recursive-descent JSON parser for the archive's value types. */
  private static final class Parser {
    private static final int MAX_DEPTH = 64;
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    void skipSpace() {
      while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at " + pos);
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nested too deeply");
      }
      skipSpace();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{' -> {
          pos++;
          Map<String, Object> map = new TreeMap<>();
          skipSpace();
          if (peek('}')) {
            return map;
          }
          do {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            if (map.containsKey(key)) {
              throw error("duplicate key " + key);
            }
            map.put(key, value(depth + 1));
            skipSpace();
          } while (peek(','));
          expect('}');
          return map;
        }
        case '[' -> {
          pos++;
          java.util.List<Object> list = new java.util.ArrayList<>();
          skipSpace();
          if (peek(']')) {
            return list;
          }
          do {
            list.add(value(depth + 1));
            skipSpace();
          } while (peek(','));
          expect(']');
          return list;
        }
        case '"' -> {
          return string();
        }
        case 't' -> {
          literal("true");
          return Boolean.TRUE;
        }
        case 'f' -> {
          literal("false");
          return Boolean.FALSE;
        }
        case 'n' -> {
          literal("null");
          return null;
        }
        default -> {
          return integer();
        }
      }
    }

    private boolean peek(char c) {
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw error("expected '" + c + "'");
      }
    }

    private void literal(String word) {
      if (!s.startsWith(word, pos)) {
        throw error("unexpected token");
      }
      pos += word.length();
    }

    private Long integer() {
      int start = pos;
      peek('-');
      int digits = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
        pos++;
      }
      if (pos == digits || (s.charAt(digits) == '0' && pos - digits > 1)) {
        throw error("not an integer");
      }
      if (pos < s.length() && ".eE".indexOf(s.charAt(pos)) >= 0) {
        throw error("only integers are allowed");
      }
      try {
        return Long.parseLong(s.substring(start, pos));
      } catch (NumberFormatException e) {
        throw error("integer out of range");
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c < 0x20) {
          throw error("control character in string");
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= s.length()) {
          throw error("unterminated escape");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"' -> out.append('"');
          case '\\' -> out.append('\\');
          case '/' -> out.append('/');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("short unicode escape");
            }
            try {
              out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad unicode escape");
            }
            pos += 4;
          }
          default -> throw error("bad escape");
        }
      }
    }
  }

  private static void write(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case String s -> string(out, s);
      case Boolean b -> out.append(b);
      case Integer i -> out.append(i);
      case Long l -> out.append(l);
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(out, String.valueOf(e.getKey()));
          out.append(':');
          write(out, e.getValue());
        }
        out.append('}');
      }
      case Collection<?> list -> {
        out.append('[');
        boolean first = true;
        for (Object item : list) {
          if (!first) {
            out.append(',');
          }
          first = false;
          write(out, item);
        }
        out.append(']');
      }
      default -> throw new IllegalArgumentException(
          "archive entries hold strings, integers, booleans, lists and maps, not " + value.getClass());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
