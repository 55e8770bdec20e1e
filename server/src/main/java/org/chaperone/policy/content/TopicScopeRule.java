package org.chaperone.policy.content;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * School-topic scope (P000-mission, P003-copy): a staff message to one student (guardians and
 * staff may be copied) is held for review when it is about something other than school — lessons, grades, assignments, schedules, activities
 * or school logistics, as the bundled {@code topic-vocabulary.txt} and the district's
 * {@code topic.vocabulary} spell them. Precisely, it is held when
 * <ul>
 *   <li>it has a personal-life cue ("hang out", "movie", "boyfriend") and no strong school word, or
 *   <li>it has at least {@code topic.min-words} words and no school word at all (weak words such
 *       as days of the week and thanks count here), and no number (times, rooms and pages are
 *       logistics).
 * </ul>
 * Short messages ("Thanks!", "See you tomorrow") are not judged: they carry too little to tell,
 * nor are messages to a class: an announcement is not a personal conversation, and P003-copy
 * limits communication with <em>individual</em> students to school issues.
 *
 * <p>Thread-safe.
 */
final class TopicScopeRule {
  private static final Vocabulary BUNDLED = Vocabulary.load();

  private final Vocabulary vocabulary;
  private final int minWords;

  TopicScopeRule(ContentPolicySettings settings) {
    Vocabulary v = BUNDLED;
    if (!settings.topicVocabulary().isEmpty()) {
      v = v.plus(settings.topicVocabulary());
    }
    this.vocabulary = v;
    this.minWords = settings.topicMinWords();
  }

  void detect(Inspection in) {
    // Staff write to one student (P003-copy: "limit communications with individual students to
    // school issues"); a class announcement is not a personal conversation.
    if (!in.draft.staffToStudent() || !oneStudent(in.draft)) {
      return;
    }
    // with stretched words, read the view where the stretching is undone
    WordView view = in.phraseViews.size() > 1 && in.words.stretched() ? in.phraseViews.get(1) : in.words;
    int counted = 0;
    boolean weak = false;
    boolean number = false;
    boolean personal = false;
    String previous = null;
    for (String w : view.words()) {
      String pair = previous == null || !vocabulary.pairStarts.contains(previous) ? null
          : previous + " " + w;
      if (Character.isDigit(w.charAt(0))) {
        number = true;
      }
      int kind = vocabulary.kind(w);
      if (pair != null) {
        kind = Math.max(kind, vocabulary.kind(pair));
      }
      if (kind == Vocabulary.NONE && Lexicon.healthVocabulary().contains(w)) {
        kind = Vocabulary.STRONG; // health-class words are curriculum
      }
      if (kind == Vocabulary.STRONG) {
        return; // a school word: in scope, whatever else the message says
      }
      weak |= kind == Vocabulary.WEAK;
      personal |= vocabulary.personal.contains(w) || pair != null && vocabulary.personal.contains(pair);
      counted++;
      previous = w;
    }
    boolean outOfScope = personal || counted >= minWords && !weak && !number;
    if (!outOfScope) {
      return;
    }
    String text = in.original;
    int s = 0;
    int e = text.length();
    while (s < e && Character.isWhitespace(text.charAt(s))) {
      s++;
    }
    while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
      e--;
    }
    in.add(RuleId.TOPIC_SCOPE, Severity.MEDIUM,
        "this message to a student is not about a lesson, assignment, grade, schedule, activity"
            + " or other school matter; staff messages to students stay within school business"
            + " (P000-mission, P003-copy)", Span.of(text, s, e));
  }

  private static boolean oneStudent(ContentDraft draft) {
    return draft.recipients().stream()
        .filter(p -> p.role() == org.chaperone.domain.Role.STUDENT).count() == 1;
  }

  private record Vocabulary(Set<String> strongWords, List<String> strongPrefixes,
      Set<String> weakWords, List<String> weakPrefixes, Set<String> personal,
      Set<String> pairStarts) {

    Vocabulary(Set<String> strongWords, List<String> strongPrefixes, Set<String> weakWords,
        List<String> weakPrefixes, Set<String> personal) {
      this(strongWords, strongPrefixes, weakWords, weakPrefixes, personal,
          firstWords(strongWords, weakWords, personal));
    }

    /** First words of the two-word entries: only after one of them is a pair looked up. */
    private static Set<String> firstWords(Set<String> a, Set<String> b, Set<String> c) {
      Set<String> out = new HashSet<>();
      for (Set<String> set : List.of(a, b, c)) {
        for (String w : set) {
          int space = w.indexOf(' ');
          if (space > 0) {
            out.add(w.substring(0, space));
          }
        }
      }
      return Set.copyOf(out);
    }
    static final int NONE = 0;
    static final int WEAK = 1;
    static final int STRONG = 2;

    int kind(String w) {
      if (strongWords.contains(w) || startsWithAny(w, strongPrefixes)) {
        return STRONG;
      }
      if (weakWords.contains(w) || startsWithAny(w, weakPrefixes)) {
        return WEAK;
      }
      return NONE;
    }

    private static boolean startsWithAny(String w, List<String> prefixes) {
      for (int i = 0; i < prefixes.size(); i++) {
        String p = prefixes.get(i);
        if (p.length() <= w.length() && w.charAt(0) == p.charAt(0) && w.startsWith(p)) {
          return true;
        }
      }
      return false;
    }

    Vocabulary plus(Set<String> extra) {
      Set<String> sw = new HashSet<>(strongWords);
      List<String> sp = new ArrayList<>(strongPrefixes);
      for (String x : extra) {
        if (x.endsWith("*")) {
          sp.add(x.substring(0, x.length() - 1));
        } else {
          sw.add(x);
        }
      }
      return new Vocabulary(Set.copyOf(sw), List.copyOf(sp), weakWords, weakPrefixes, personal);
    }

    static Vocabulary load() {
      Set<String> sw = new HashSet<>();
      List<String> sp = new ArrayList<>();
      Set<String> ww = new HashSet<>();
      List<String> wp = new ArrayList<>();
      Set<String> personal = new HashSet<>();
      try (InputStream in = TopicScopeRule.class.getResourceAsStream(
          "/org/chaperone/policy/content/topic-vocabulary.txt")) {
        if (in == null) {
          throw new IllegalStateException("missing topic-vocabulary.txt");
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
          String w = line.strip().replace("'", "");
          if (w.isEmpty() || w.startsWith("#")) {
            continue;
          }
          if (w.startsWith("!")) {
            personal.add(w.substring(1));
            continue;
          }
          boolean isWeak = w.startsWith("~");
          if (isWeak) {
            w = w.substring(1);
          }
          boolean prefix = w.endsWith("*");
          if (prefix) {
            w = w.substring(0, w.length() - 1);
          }
          if (prefix) {
            (isWeak ? wp : sp).add(w);
          } else {
            (isWeak ? ww : sw).add(w);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Vocabulary(Set.copyOf(sw), List.copyOf(sp), Set.copyOf(ww), List.copyOf(wp),
          Set.copyOf(personal));
    }
  }
}
