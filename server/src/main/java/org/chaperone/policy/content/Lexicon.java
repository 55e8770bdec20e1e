package org.chaperone.policy.content;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The harassment lexicon: words and short phrases with a severity, matched whole-word. Built from
 * the bundled {@code cuss} list, Chaperone's adjustments and health-class vocabulary (see
 * {@code LEXICON-PROVENANCE.md} next to the resources) and the district's settings. Immutable and
 * thread-safe; the bundled files are read once per JVM.
 */
final class Lexicon {
  private static final String RESOURCES = "/org/chaperone/policy/content/";
  private static final Bundled BUNDLED = Bundled.load();

  private final Map<String, Severity> entries;
  /** Single-word entries by length, for masked words ({@code f**k}). */
  private final Map<Integer, List<String>> byLength;
  private final int longestPhrase;
  /** First words of the entries of two or more words. */
  private final Set<String> phraseStarts;

  Lexicon(ContentPolicySettings settings) {
    Map<String, Severity> e = new HashMap<>();
    if (settings.lexicon().equals("cuss")) {
      e.putAll(BUNDLED.entries);
      BUNDLED.health.forEach(e::remove);
    }
    settings.lexiconAllow().forEach(e::remove);
    e.putAll(settings.lexiconAdd());
    this.entries = Map.copyOf(e);
    Map<Integer, List<String>> lengths = new HashMap<>();
    Set<String> starts = new HashSet<>();
    int longest = 1;
    for (String w : entries.keySet()) {
      String[] parts = w.split(" ");
      int words = parts.length;
      longest = Math.max(longest, words);
      if (words > 1) {
        starts.add(parts[0]);
      }
      if (words == 1) {
        lengths.computeIfAbsent(w.length(), k -> new ArrayList<>()).add(w);
      }
    }
    lengths.values().forEach(Collections::sort);
    this.byLength = Map.copyOf(lengths);
    this.longestPhrase = Math.min(longest, 4);
    this.phraseStarts = Set.copyOf(starts);
  }

  /** Whether an entry of two or more words starts with {@code word}. */
  boolean startsPhrase(String word) {
    return phraseStarts.contains(word);
  }

  /** The bundled health-class vocabulary (never harassment). */
  static Set<String> healthVocabulary() {
    return BUNDLED.health;
  }

  /** Every entry and its severity. */
  Map<String, Severity> entries() {
    return entries;
  }

  int longestPhrase() {
    return longestPhrase;
  }

  /** The severity of {@code phrase} (words separated by one space), or null. */
  Severity severity(String phrase) {
    return entries.get(phrase);
  }

  /**
   * The entry a masked word stands for ({@code f**k}, {@code sh*t}): same length, every unmasked
   * letter in place, at least half of the letters shown. The most severe wins; null if none.
   */
  String unmask(String masked) {
    int shown = 0;
    for (int i = 0; i < masked.length(); i++) {
      if (masked.charAt(i) != '*') {
        shown++;
      }
    }
    if (masked.length() < 3 || shown * 2 < masked.length() || masked.charAt(0) == '*') {
      return null;
    }
    String best = null;
    for (String w : byLength.getOrDefault(masked.length(), List.of())) {
      boolean fits = true;
      for (int i = 0; i < w.length() && fits; i++) {
        char c = masked.charAt(i);
        fits = c == '*' || c == w.charAt(i);
      }
      if (fits && (best == null || entries.get(w).compareTo(entries.get(best)) > 0)) {
        best = w;
      }
    }
    return best;
  }

  private record Bundled(Map<String, Severity> entries, Set<String> health) {
    static Bundled load() {
      Map<String, Integer> ratings = new HashMap<>();
      for (String[] row : rows("cuss-2.2.0.tsv")) {
        ratings.put(row[0], Integer.parseInt(row[1]));
      }
      Map<String, String> classes = new HashMap<>();
      for (String[] row : rows("lexicon-adjustments.tsv")) {
        classes.put(row[0], row[1]);
      }
      Map<String, Severity> entries = new HashMap<>();
      ratings.forEach((word, rating) -> {
        String cls = classes.get(word);
        if ("exclude".equals(cls)) {
          return;
        }
        if (cls == null && rating < 2) {
          return;
        }
        entries.put(word, switch (cls == null ? "" : cls) {
          case "slur" -> Severity.SEVERE;
          case "mild" -> Severity.LOW;
          default -> Severity.HIGH;
        });
      });
      classes.forEach((word, cls) -> {
        if (!ratings.containsKey(word) && !cls.equals("exclude")) {
          entries.put(word, cls.equals("slur") ? Severity.SEVERE
              : cls.equals("mild") ? Severity.LOW : Severity.HIGH);
        }
      });
      Set<String> health = new HashSet<>();
      for (String[] row : rows("health-vocabulary.txt")) {
        health.add(row[0]);
      }
      return new Bundled(Map.copyOf(entries), Set.copyOf(health));
    }

    private static List<String[]> rows(String name) {
      List<String[]> out = new ArrayList<>();
      try (InputStream in = Lexicon.class.getResourceAsStream(RESOURCES + name)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCES + name);
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          out.add(line.strip().split("\t"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }
  }
}
