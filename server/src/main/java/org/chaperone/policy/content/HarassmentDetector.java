package org.chaperone.policy.content;

import java.util.List;
import java.util.Set;

/**
 * Profanity, slurs and insults from the {@link Lexicon}, whole-word, on the word view: leetspeak,
 * look-alikes, spacing ({@code f u c k}, {@code a s s}), stretched letters ({@code fuuuck}) and
 * masking ({@code f**k}) are undone before lookup. A mild word aimed at someone ("you idiot",
 * "ur so dumb"), or standing alone as the whole message ("loser"), counts as an insult (severity
 * MEDIUM).
 *
 * <p>Thread-safe.
 */
final class HarassmentDetector {
  private static final Set<String> AIMED = Set.of(
      "you", "u", "ya", "youre", "ur", "your", "yer", "such", "ure");

  private final Lexicon lexicon;

  HarassmentDetector(Lexicon lexicon) {
    this.lexicon = lexicon;
  }

  void detect(Inspection in) {
    WordView view = in.words;
    List<WordView.Token> tokens = view.tokens();
    List<String> words = view.words();
    int i = 0;
    while (i < tokens.size()) {
      int matched = 0;
      Severity severity = null;
      String entry = null;
      // longest phrase first; phrases only where some entry starts with this word
      int longest = lexicon.startsPhrase(words.get(i))
          ? Math.min(lexicon.longestPhrase(), tokens.size() - i) : 1;
      for (int len = longest; len >= 1; len--) {
        if (len > 1 && sentenceBreakWithin(view, i, i + len - 1)) {
          continue;
        }
        StringBuilder phrase = new StringBuilder();
        for (int k = i; k < i + len; k++) {
          if (k > i) {
            phrase.append(' ');
          }
          phrase.append(words.get(k));
        }
        String p = phrase.toString();
        for (String candidate : len == 1 ? variants(view, tokens.get(i)) : List.of(p)) {
          Severity s = lexicon.severity(candidate);
          if (s == null && len == 1) {
            String stem = stem(candidate);
            Severity stemmed = stem == null ? null : lexicon.severity(stem);
            if (stemmed != null && stemmed.compareTo(Severity.HIGH) >= 0) {
              s = stemmed;
              candidate = stem;
            }
          }
          if (s == null && len == 1 && candidate.indexOf('*') >= 0) {
            String unmasked = lexicon.unmask(candidate);
            if (unmasked != null) {
              s = lexicon.severity(unmasked);
              candidate = unmasked;
            }
          }
          if (s != null) {
            matched = len;
            severity = s;
            entry = candidate;
            break;
          }
        }
        if (matched > 0) {
          break;
        }
      }
      if (matched == 0) {
        matched = spacedLetters(in, i);
        if (matched > 0) {
          i += matched;
          continue;
        }
        i++;
        continue;
      }
      report(in, i, i + matched - 1, entry, severity);
      i += matched;
    }
  }

  /**
   * The lexicon form of an inflected word ({@code shittiest} → {@code shitty},
   * {@code fucken} → {@code fuck}), or null. Only strong entries are looked up this way.
   */
  private static String stem(String w) {
    if (w.length() < 6) {
      return null;
    }
    for (String[] rule : new String[][] {
        {"iest", "y"}, {"ier", "y"}, {"ing", ""}, {"ed", ""}, {"en", ""}, {"er", ""}, {"ers", ""},
        {"y", ""}}) {
      if (w.endsWith(rule[0])) {
        return w.substring(0, w.length() - rule[0].length()) + rule[1];
      }
    }
    return null;
  }

  /** Three spaced single letters ({@code a s s}) that spell an entry. Returns tokens used. */
  private int spacedLetters(Inspection in, int i) {
    List<WordView.Token> tokens = in.words.tokens();
    if (i + 2 >= tokens.size()) {
      return 0;
    }
    StringBuilder sb = new StringBuilder();
    for (int k = i; k < i + 3; k++) {
      String w = in.words.word(tokens.get(k));
      if (w.length() != 1 || (k > i && sentenceBreakWithin(in.words, k - 1, k))) {
        return 0;
      }
      sb.append(w);
    }
    boolean isolated = (i + 3 >= tokens.size() || in.words.word(tokens.get(i + 3)).length() > 1)
        && (i == 0 || in.words.word(tokens.get(i - 1)).length() > 1);
    Severity s = lexicon.severity(sb.toString());
    if (s == null || !isolated) {
      return 0;
    }
    report(in, i, i + 2, sb.toString(), s);
    return 3;
  }

  private void report(Inspection in, int first, int last, String entry, Severity severity) {
    Severity effective = severity;
    if (severity == Severity.LOW && aimed(in, first)) {
      effective = Severity.MEDIUM;
    }
    Span span = in.wordSpan(first, last);
    String what = switch (effective) {
      case SEVERE -> "is a slur";
      case HIGH -> "is profanity";
      case MEDIUM -> "insults the person it addresses";
      case LOW -> "is disrespectful language";
    };
    String shown = entry.equals(span.excerpt().toLowerCase(java.util.Locale.ROOT)) ? ""
        : " (read as \"" + entry + "\")";
    in.add(RuleId.HARASSMENT, effective,
        "\"" + span.excerpt() + "\"" + shown + " " + what
            + "; messages must be respectful and professional (P000-harassment)", span);
  }

  private static boolean aimed(Inspection in, int i) {
    List<WordView.Token> tokens = in.words.tokens();
    if (tokens.size() <= 2) {
      return true; // a bare insult ("loser", "ugh idiot") is aimed at whoever reads it
    }
    for (int k = Math.max(0, i - 3); k < i; k++) {
      if (AIMED.contains(in.words.word(tokens.get(k))) && !sentenceBreakWithin(in.words, k, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sentenceBreakWithin(WordView view, int first, int last) {
    String text = view.text();
    for (int k = first; k < last; k++) {
      int from = view.tokens().get(k).end();
      int to = view.tokens().get(k + 1).start();
      if (text.substring(from, to).indexOf('\n') >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The spellings of one word to look up: as seen, with 1→l, and with stretched letters cut. */
  private static List<String> variants(WordView view, WordView.Token t) {
    String w = view.word(t);
    if (view.plain(t) && !stretched(w) && w.indexOf('*') < 0) {
      return List.of(w); // the common case: a plain word
    }
    String raw = view.raw(t);
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    out.add(w);
    if (raw.indexOf('1') >= 0 || raw.indexOf('|') >= 0 || raw.indexOf('!') >= 0) {
      StringBuilder l = new StringBuilder(w.length());
      int ri = 0;
      // map positions: the word view drops apostrophes only, so walk both together
      for (int k = 0; k < raw.length() && ri < w.length(); k++) {
        char rc = raw.charAt(k);
        if (rc == '\'') {
          continue;
        }
        l.append(rc == '1' || rc == '|' || rc == '!' ? 'l' : w.charAt(ri));
        ri++;
      }
      if (l.length() == w.length()) {
        out.add(l.toString());
      }
    }
    for (String v : List.copyOf(out)) {
      if (stretched(v)) {
        out.add(squeeze(v, 1, 3));
        out.add(squeeze(v, 2, 3));
        out.add(squeeze(v, 1, 2));
      }
    }
    return List.copyOf(out);
  }

  /**
   * A letter repeated three times, or a doubled letter English rarely doubles ({@code fuuck},
   * {@code biitch}): the word was stretched to dodge a filter. Ordinary doubles ("class", "boob")
   * are left alone so "assess" never reads as "ases".
   */
  private static boolean stretched(String v) {
    for (int k = 1; k < v.length(); k++) {
      char c = v.charAt(k);
      if (c == v.charAt(k - 1)
          && ("aiuyhkjqwvx".indexOf(c) >= 0 || (k > 1 && c == v.charAt(k - 2)))) {
        return true;
      }
    }
    return false;
  }

  /** {@code v} with runs of one letter at least {@code minRun} long cut to {@code max}. */
  private static String squeeze(String v, int max, int minRun) {
    StringBuilder sb = new StringBuilder(v.length());
    int i = 0;
    while (i < v.length()) {
      int j = i + 1;
      while (j < v.length() && v.charAt(j) == v.charAt(i)) {
        j++;
      }
      int keep = j - i >= minRun ? Math.min(max, j - i) : j - i;
      for (int k = 0; k < keep; k++) {
        sb.append(v.charAt(i));
      }
      i = j;
    }
    return sb.toString();
  }
}
