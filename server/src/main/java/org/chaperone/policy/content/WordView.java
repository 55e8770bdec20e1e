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
  private final boolean stretched;
  private final boolean spaced;

  private WordView(MappedText mapped, List<Token> tokens, MappedText base, boolean stretched,
      boolean spaced) {
    this.mapped = mapped;
    this.tokens = tokens;
    this.base = base;
    this.stretched = stretched;
    this.spaced = spaced;
  }

  /** True when three or more single letters stood in a row, spaced out ({@code k y s}). */
  boolean spaced() {
    return spaced;
  }

  /** True when a word has a letter three or more times in a row ({@code sooo}, {@code fuuuck}). */
  boolean stretched() {
    return stretched;
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

  private List<String> words;

  /** Every token's text, in order (computed once; a view is used by one thread). */
  List<String> words() {
    if (words == null) {
      List<String> w = new ArrayList<>(tokens.size());
      for (Token t : tokens) {
        w.add(word(t));
      }
      words = w;
    }
    return words;
  }

  /** True when the token reads the same in the base view (no leetspeak or dropped characters). */
  boolean plain(Token t) {
    int len = t.end - t.start;
    return t.baseEnd - t.baseStart == len
        && base.text().regionMatches(t.baseStart, mapped.text(), t.start, len);
  }

  /** The token as it stands in the base view (before leetspeak was undone). */
  String raw(Token t) {
    return base.text().substring(t.baseStart, t.baseEnd);
  }

  static WordView of(MappedText base) {
    return of(base, 0, false);
  }

  static WordView of(MappedText base, int squeeze) {
    return of(base, squeeze, false);
  }

  /**
   * The word view of {@code base}; with {@code squeeze} 1 or 2, letters repeated three or more
   * times in a row are cut to that many ({@code seeeecret} → {@code secret} or {@code seecret}).
   */
  static WordView of(MappedText base, int squeeze, boolean shortRuns) {
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
    // Tokens mixing letters with leetspeak digits ("d0n7"): short all-digit neighbours are
    // leetspeak too ("70" for "to", "4" for "a").
    boolean[] mixed = new boolean[raw.size()];
    for (int t = 0; t < raw.size(); t++) {
      mixed[t] = isMixed(b, raw.get(t)[0], raw.get(t)[1]);
    }
    // 2. Emit tokens, joining runs of spaced-out single letters.
    MappedText.Builder out = new MappedText.Builder(n, base.length());
    boolean stretched = false;
    boolean spaced = false;
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
      spaced |= runEnd - k >= 3;
      if (shortRuns && runEnd - k >= 3) {
        // also three spaced letters ("k y s"), and keep a leading "i", "a" or "u" apart: it is
        // more likely the word before the spaced one ("I h a t e")
        char lead = b.charAt(raw.get(k)[0]);
        if (runEnd - k >= 4 && (lead == 'i' || lead == 'a' || lead == 'u')) {
          last = k;
        } else {
          last = runEnd - 1;
          char tail = b.charAt(raw.get(last)[0]);
          if (runEnd - k >= 4 && (tail == 'i' || tail == 'a')) {
            last--;
          }
        }
      }
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
        boolean leetNeighbour = (t > 0 && mixed[t - 1]) || (t + 1 < raw.size() && mixed[t + 1]);
        boolean digitsAsLetters = leetNeighbour && r[1] - r[0] <= 4 && allLeet(b, r[0], r[1]);
        stretched |= emitWord(b, r[0], r[1], base, out, digitsAsLetters, squeeze);
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
    return new WordView(out.build(), List.copyOf(tokens), base, stretched, spaced);
  }

  private static boolean isMixed(String b, int s, int e) {
    boolean letter = false;
    boolean leet = false;
    for (int i = s; i < e; i++) {
      char c = b.charAt(i);
      letter |= Character.isLetter(c);
      leet |= LEET_FROM.indexOf(c) >= 0;
    }
    return letter && leet;
  }

  private static boolean allLeet(String b, int s, int e) {
    for (int i = s; i < e; i++) {
      if (LEET_FROM.indexOf(b.charAt(i)) < 0 || b.charAt(i) == '2') {
        return false;
      }
    }
    return true;
  }

  /** Emits one word; returns whether it had a letter three or more times in a row. */
  private static boolean emitWord(String b, int s, int e, MappedText base, MappedText.Builder out,
      boolean digitsAsLetters, int squeeze) {
    boolean hasLetter = digitsAsLetters;
    for (int i = s; i < e && !hasLetter; i++) {
      if (Character.isLetter(b.charAt(i))) {
        hasLetter = true;
      }
    }
    // the word's chars after mapping, with the base index each came from
    char[] chars = new char[e - s];
    int[] from = new int[e - s];
    int n = 0;
    for (int i = s; i < e; i++) {
      char c = b.charAt(i);
      if (c == '\'') {
        continue;
      }
      if (!hasLetter) {
        if (Character.isDigit(c)) {
          chars[n] = c;
          from[n++] = i;
        }
        continue;
      }
      if (c == '*' || c == '#') {
        chars[n] = '*';
      } else {
        int leet = LEET_FROM.indexOf(c);
        chars[n] = leet >= 0 ? LEET_TO.charAt(leet) : c;
      }
      from[n++] = i;
    }
    boolean stretched = false;
    boolean spaced = false;
    int i = 0;
    while (i < n) {
      int j = i + 1;
      while (j < n && chars[j] == chars[i]) {
        j++;
      }
      int run = j - i;
      boolean stretchedRun = run >= 3 && Character.isLetter(chars[i]);
      stretched |= stretchedRun;
      int keep = stretchedRun && squeeze > 0 ? squeeze : run;
      for (int k = 0; k < keep; k++) {
        int src = k == keep - 1 ? j - 1 : i + k;
        int originStart = base.originStart(from[i + k]);
        int originEnd = base.originEnd(from[src]);
        out.append(chars[i + k], originStart, originEnd);
      }
      i = j;
    }
    return stretched;
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
