package org.chaperone.policy.content;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a message into the views the detectors read, defeating the usual evasions while keeping,
 * for every char of every view, the range of the original text it came from.
 *
 * <p>The <em>base</em> view ({@link #base}) is the text with Unicode compatibility forms folded
 * (NFKD + case folding: full-width, ligatures, mathematical and circled letters, superscripts),
 * diacritics, zero-width and other invisible characters removed, look-alike letters from other
 * scripts replaced by the Latin letters they imitate (ICU's confusables skeleton), digits of every
 * script turned into ASCII digits, dashes and quotes unified, and whitespace turned into spaces
 * (line breaks kept). The <em>words</em> view ({@link WordView}) is built from it.
 *
 * <p>Thread-safe.
 */
final class TextNormalizer {
  private static final Normalizer2 NFKD = Normalizer2.getNFKDInstance();
  private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
  /** Per code point folding results; bounded so hostile text cannot grow it without limit. */
  private static final ConcurrentHashMap<Integer, String> FOLDED = new ConcurrentHashMap<>();
  private static final int FOLDED_LIMIT = 1 << 16;

  private TextNormalizer() {}

  /** The base view of {@code original}. */
  static MappedText base(String original) {
    int n = original.length();
    MappedText.Builder out = new MappedText.Builder(n, n);
    int i = 0;
    while (i < n) {
      int cp = original.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (cp < 0x80) {
        if (cp == '\n') {
          out.append('\n', i, next);
        } else if (cp == '\r') {
          if (next >= n || original.charAt(next) != '\n') {
            out.append('\n', i, next);
          }
        } else if (cp == '\t' || cp == 0x0B || cp == 0x0C) {
          out.append(' ', i, next);
        } else if (cp >= 0x20 && cp != 0x7F) {
          out.append(cp >= 'A' && cp <= 'Z' ? (char) (cp + 32) : (char) cp, i, next);
        }
        // other ASCII controls: dropped
      } else {
        String folded = fold(cp);
        for (int k = 0; k < folded.length(); k++) {
          out.append(folded.charAt(k), i, next);
        }
      }
      i = next;
    }
    return out.build();
  }

  /** What one non-ASCII code point becomes in the base view (possibly nothing). */
  static String fold(int cp) {
    String cached = FOLDED.get(cp);
    if (cached != null) {
      return cached;
    }
    String folded = computeFold(cp);
    if (FOLDED.size() < FOLDED_LIMIT) {
      FOLDED.put(cp, folded);
    }
    return folded;
  }

  private static String computeFold(int cp) {
    if (isInvisible(cp)) {
      return "";
    }
    if (UCharacter.isUWhiteSpace(cp) || Character.isSpaceChar(cp)) {
      return cp == 0x2028 || cp == 0x2029 || cp == 0x85 ? "\n" : " ";
    }
    if (Character.isDigit(cp)) {
      return String.valueOf((char) ('0' + Character.digit(cp, 10)));
    }
    // Regional indicator symbols (flag letters) spell Latin letters.
    if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
      return String.valueOf((char) ('a' + (cp - 0x1F1E6)));
    }
    switch (cp) {
      case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0xFF07 -> {
        return "'";
      }
      case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033 -> {
        return "\"";
      }
      case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D -> {
        return "-";
      }
      case 0x00A1 -> {
        return "!";
      }
      default -> {
        // fall through to Unicode folding
      }
    }
    // Look-alikes are judged before case folding: folding turns Cyrillic "Т" into "т", which
    // imitates nothing in ASCII, while "Т" itself imitates "T".
    String decomposed = NFKD.normalize(new String(Character.toChars(cp)));
    StringBuilder sb = new StringBuilder(decomposed.length());
    decomposed.codePoints().forEach(c -> appendFolded(c, sb, true));
    return sb.toString();
  }

  private static void appendFolded(int c, StringBuilder sb, boolean mayFold) {
    if (isInvisible(c)) {
      return;
    }
    if (c < 0x80) {
      sb.append(Character.toLowerCase((char) c));
    } else if (Character.isDigit(c)) {
      sb.append((char) ('0' + Character.digit(c, 10)));
    } else {
      String ascii = asciiLookAlike(c);
      if (ascii != null) {
        sb.append(ascii);
      } else if (mayFold) {
        String folded = NFKD.normalize(UCharacter.foldCase(new String(Character.toChars(c)), true));
        folded.codePoints().forEach(f -> appendFolded(f, sb, false));
      } else {
        sb.append(UCharacter.toLowerCase(new String(Character.toChars(c))));
      }
    }
  }

  /**
   * The lower-case Latin letters a non-ASCII letter imitates (Cyrillic "а" for "a", Greek "ο" for
   * "o"), or null when it imitates nothing in ASCII.
   */
  private static String asciiLookAlike(int cp) {
    String self = new String(Character.toChars(cp));
    if (!Character.isLetter(cp)) {
      return null;
    }
    String skeleton = NFKD.normalize(SPOOF.getSkeleton(self));
    boolean ascii = !skeleton.isEmpty();
    for (int k = 0; k < skeleton.length() && ascii; k++) {
      char c = skeleton.charAt(k);
      ascii = c < 0x80 && Character.isLetterOrDigit(c);
    }
    if (ascii) {
      String lower = skeleton.toLowerCase(java.util.Locale.ROOT);
      // The skeleton maps some letters to digits ("О"→"0" is not one, but "з"→"3" is); keep
      // letters as letters so words stay words.
      return switch (lower) {
        case "0" -> "o";
        case "1" -> "l";
        case "3" -> "e";
        case "5" -> "s";
        default -> lower;
      };
    }
    return null;
  }

  /** Characters that render as nothing: format controls, combining marks, fillers. */
  static boolean isInvisible(int cp) {
    int type = Character.getType(cp);
    if (type == Character.FORMAT || type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK || type == Character.CONTROL) {
      return cp != '\n' && cp != '\t' && cp != '\r';
    }
    return switch (cp) {
      case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E, 0x034F, 0x17B4, 0x17B5 -> true;
      default -> (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)
          || (cp >= 0xE0000 && cp <= 0xE007F);
    };
  }
}
