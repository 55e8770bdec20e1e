package org.chaperone.policy.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Produces evasion variants of corpus messages, the way people dodge filters: invisible
 * characters, look-alike letters, full-width and mathematical letters, leetspeak, spaced-out or
 * stretched words, digits spelled out or spaced, "at"/"dot" addresses. Independent of the
 * detectors: it only rewrites text, never consults a rule. Deterministic.
 */
final class EvasionGenerator {
  private static final String CYRILLIC_FROM = "aeocpxyisjAEOCPXYHKMBT";
  private static final String CYRILLIC_TO = "аеосрхуіѕјАЕОСРХҮНКМВТ";
  private static final String[] DIGIT_WORDS = {
      "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};

  private EvasionGenerator() {}

  /** The variants of a message, by name; which apply depends on the labels. */
  static Map<String, String> variants(String text, List<String> labels, boolean violating) {
    Map<String, UnaryOperator<String>> ops = new LinkedHashMap<>();
    ops.put("zero-width", EvasionGenerator::zeroWidth);
    ops.put("homoglyph", EvasionGenerator::homoglyphs);
    ops.put("full-width", EvasionGenerator::fullWidth);
    if (violating) {
      ops.put("math-bold", EvasionGenerator::mathBold);
      if (labels.contains("contact.email")) {
        ops.put("at-dot", EvasionGenerator::atDot);
      } else {
        ops.put("leetspeak", EvasionGenerator::leet);
      }
      if (labels.contains("contact.phone")) {
        ops.put("digits-spelled", EvasionGenerator::digitWords);
        ops.put("digits-spaced", EvasionGenerator::digitsSpaced);
      } else if (!labels.contains("contact.email")) {
        ops.put("spaced-word", EvasionGenerator::spaceLongestWord);
        ops.put("stretched", EvasionGenerator::stretchLongestWord);
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    ops.forEach((name, op) -> {
      String v = op.apply(text);
      if (!v.equals(text)) {
        out.put(name, v);
      }
    });
    return out;
  }

  static String zeroWidth(String s) {
    StringBuilder sb = new StringBuilder();
    int letters = 0;
    for (char c : s.toCharArray()) {
      sb.append(c);
      if (Character.isLetter(c) && ++letters % 2 == 0) {
        sb.append(letters % 4 == 0 ? '\u200B' : '\u200D');
      }
    }
    return sb.toString();
  }

  static String homoglyphs(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      int i = CYRILLIC_FROM.indexOf(c);
      sb.append(i >= 0 ? CYRILLIC_TO.charAt(i) : c);
    }
    return sb.toString();
  }

  static String fullWidth(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c > 0x20 && c < 0x7F ? (char) (c - 0x21 + 0xFF01) : c == ' ' ? '\u3000' : c);
    }
    return sb.toString();
  }

  static String mathBold(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= 'A' && c <= 'Z') {
        sb.appendCodePoint(0x1D400 + (c - 'A'));
      } else if (c >= 'a' && c <= 'z') {
        sb.appendCodePoint(0x1D41A + (c - 'a'));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static String leet(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(switch (c) {
        case 'a', 'A' -> '4';
        case 'e', 'E' -> '3';
        case 'i', 'I' -> '1';
        case 'o', 'O' -> '0';
        case 's', 'S' -> '$';
        case 't', 'T' -> '7';
        default -> c;
      });
    }
    return sb.toString();
  }

  static String atDot(String s) {
    StringBuilder sb = new StringBuilder();
    int at = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '@') {
        at = i;
        sb.append(" at ");
      } else if (c == '.' && at >= 0 && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))
          && !s.substring(at, i).contains(" ")) {
        sb.append(" dot ");
      } else {
        if (c == ' ') {
          at = -1;
        }
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static String digitWords(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
          sb.append(' ');
        }
        sb.append(DIGIT_WORDS[c - '0']).append(' ');
      } else if ((c == '-' || c == '.') && i > 0 && Character.isDigit(s.charAt(i - 1))) {
        // drop separators inside numbers
      } else {
        sb.append(c);
      }
    }
    return sb.toString().replace("  ", " ").strip();
  }

  static String digitsSpaced(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isDigit(c) || ((c == '-' || c == '.' || c == '(' || c == ')')
          && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
        if (Character.isDigit(c)) {
          sb.append(c);
          if (i + 1 < s.length() && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '-')) {
            sb.append(' ');
          }
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static int longestWord(String s, int[] range) {
    int best = -1;
    int i = 0;
    while (i < s.length()) {
      if (!Character.isLetter(s.charAt(i))) {
        i++;
        continue;
      }
      int j = i;
      while (j < s.length() && Character.isLetter(s.charAt(j))) {
        j++;
      }
      if (j - i > best) {
        best = j - i;
        range[0] = i;
        range[1] = j;
      }
      i = j;
    }
    return best;
  }

  static String spaceLongestWord(String s) {
    int[] r = new int[2];
    if (longestWord(s, r) < 3) {
      return s;
    }
    List<String> letters = new ArrayList<>();
    for (char c : s.substring(r[0], r[1]).toCharArray()) {
      letters.add(String.valueOf(c));
    }
    return s.substring(0, r[0]) + String.join(" ", letters) + s.substring(r[1]);
  }

  static String stretchLongestWord(String s) {
    int[] r = new int[2];
    if (longestWord(s, r) < 3) {
      return s;
    }
    StringBuilder w = new StringBuilder();
    boolean done = false;
    for (char c : s.substring(r[0], r[1]).toCharArray()) {
      w.append(c);
      if (!done && "aeiouAEIOU".indexOf(c) >= 0) {
        w.append(c).append(c).append(c);
        done = true;
      }
    }
    return s.substring(0, r[0]) + w + s.substring(r[1]);
  }
}
