package org.chaperone.policy.content;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a message, as the lexicon and the phrase rules read them: built from the base view
 * of {@link TextNormalizer}, one token per word, separated by a single space, or by a line break
 * where a sentence ends. Within words, leetspeak is undone ({@code sh1t}, {@code @ss},
 * {@code $l*t}), apostrophes dropped ({@code don't} → {@code dont}) and masking characters kept as
 * {@code *} for masked lookups; runs of four or more single letters separated by spaces or
 * punctuation ({@code f u c k}, {@code s.h.i.t}) are joined into one word.
 *
 * <p>Immutable.
 */
final class WordView {
  /** A word: its range in {@link #text()} and in the base view. */
  record Token(int start, int end, int baseStart, int baseEnd) {}

  private static final String LEET_FROM = "013456789@$!|+€£";
  private static final String LEET_TO = "oieasgtbgasiltel";

  private final MappedText mapped;
  private final List<Token> tokens;
  private final MappedText base;

  private WordView(MappedText mapped, List<Token> tokens, MappedText base) {
    this.mapped = mapped;
    this.tokens = tokens;
    this.base = base;
  }

  String text() {
    return mapped.text();
  }

  MappedText mapped() {
    return mapped;
  }

  List<Token> tokens() {
    return tokens;
  }

  /** The token's text in this view. */
  String word(Token t) {
    return mapped.text().substring(t.start, t.end);
  }

  /** The token as it stands in the base view (before leetspeak was undone). */
  String raw(Token t) {
    return base.text().substring(t.baseStart, t.baseEnd);
  }

  static WordView of(MappedText base) {
    String b = base.text();
    int n = b.length();
    // 1. Raw tokens in the base view.
    List<int[]> raw = new ArrayList<>();
    int i = 0;
    while (i < n) {
      if (!isTokenChar(b.charAt(i))) {
        i++;
        continue;
      }
      int j = i;
      while (j < n && isTokenChar(b.charAt(j))) {
        j++;
      }
      int s = i;
      int e = j;
      while (s < e && isLeadingJunk(b.charAt(s), s + 1 < e ? b.charAt(s + 1) : ' ')) {
        s++;
      }
      while (e > s && isTrailingJunk(b.charAt(e - 1))) {
        e--;
      }
      if (s < e) {
        raw.add(new int[] {s, e});
      }
      i = j;
    }
    // 2. Emit tokens, joining runs of spaced-out single letters.
    MappedText.Builder out = new MappedText.Builder(n, base.length());
    List<Token> tokens = new ArrayList<>(raw.size());
    int k = 0;
    int previousEnd = -1;
    int previousStart = -1;
    while (k < raw.size()) {
      int runEnd = k;
      while (runEnd < raw.size() && isSingleLetter(b, raw.get(runEnd))
          && (runEnd == k || closeGap(b, raw.get(runEnd - 1)[1], raw.get(runEnd)[0]))) {
        runEnd++;
      }
      int last = runEnd - k >= 4 ? runEnd - 1 : k;
      int baseStart = raw.get(k)[0];
      int baseEnd = raw.get(last)[1];
      if (previousEnd >= 0) {
        boolean initial = previousEnd - previousStart == 1;
        char sep = sentenceBreak(b, previousEnd, baseStart, initial) ? '\n' : ' ';
        out.appendFrom(sep, base, previousEnd);
      }
      int start = out.length();
      for (int t = k; t <= last; t++) {
        int[] r = raw.get(t);
        emitWord(b, r[0], r[1], base, out);
      }
      if (out.length() == start) {
        // a token made only of dropped chars (apostrophes): keep a placeholder so spans exist
        out.appendFrom('\'', base, baseStart);
      }
      tokens.add(new Token(start, out.length(), baseStart, baseEnd));
      previousStart = last == k ? baseStart : -2;
      previousEnd = baseEnd;
      k = last + 1;
    }
    return new WordView(out.build(), List.copyOf(tokens), base);
  }

  private static void emitWord(String b, int s, int e, MappedText base, MappedText.Builder out) {
    boolean hasLetter = false;
    for (int i = s; i < e; i++) {
      if (Character.isLetter(b.charAt(i))) {
        hasLetter = true;
        break;
      }
    }
    for (int i = s; i < e; i++) {
      char c = b.charAt(i);
      if (c == '\'') {
        continue;
      }
      if (!hasLetter) {
        if (Character.isDigit(c)) {
          out.appendFrom(c, base, i);
        }
        continue;
      }
      if (c == '*' || c == '#') {
        out.appendFrom('*', base, i);
        continue;
      }
      int leet = LEET_FROM.indexOf(c);
      if (leet >= 0) {
        out.appendFrom(LEET_TO.charAt(leet), base, i);
        continue;
      }
      out.appendFrom(c, base, i);
    }
  }

  private static boolean isTokenChar(char c) {
    return Character.isLetterOrDigit(c) || "@$!|+*#€£'".indexOf(c) >= 0;
  }

  private static boolean isLeadingJunk(char c, char next) {
    return switch (c) {
      case '!', '|', '+', '*', '#', '\'' -> true;
      case '@', '$', '€', '£' -> !Character.isLetterOrDigit(next) && "@$!|*".indexOf(next) < 0;
      default -> false;
    };
  }

  private static boolean isTrailingJunk(char c) {
    return c == '!' || c == '|' || c == '+' || c == '*' || c == '#' || c == '\'' || c == '@';
  }

  private static boolean isSingleLetter(String b, int[] r) {
    if (r[1] - r[0] != 1) {
      return false;
    }
    char c = b.charAt(r[0]);
    return Character.isLetter(c) || LEET_FROM.indexOf(c) >= 0 || c == '*';
  }

  /** A gap of at most two spacing or punctuation chars within one line. */
  private static boolean closeGap(String b, int from, int to) {
    if (to - from > 2) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (b.charAt(i) == '\n') {
        return false;
      }
    }
    return true;
  }

  /** Whether the gap ends a sentence; a dot after a single letter is an initial ("d.m."). */
  private static boolean sentenceBreak(String b, int from, int to, boolean afterInitial) {
    for (int i = from; i < to; i++) {
      char c = b.charAt(i);
      if ((c == '.' && !afterInitial) || c == '!' || c == '?' || c == ';' || c == '\n' || c == ':') {
        return true;
      }
    }
    return false;
  }
}
