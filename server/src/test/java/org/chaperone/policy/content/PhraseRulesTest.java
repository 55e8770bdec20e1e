package org.chaperone.policy.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The phrase rules try a row only where it can match: at words that can start it
 * ({@link PhraseRules#startersOf(String)}), when the next word can continue it, and in the extra
 * views only near the words those views change. These tests check that the shortcuts change
 * nothing: on every message of every corpus, with every evasion variant, the rows find exactly
 * what trying every row at every word of every view finds.
 */
class PhraseRulesTest {
  @Test
  void shortcutsFindWhatTryingEveryRowAtEveryWordFinds() {
    List<LabelledCorpus.Sample> samples = new ArrayList<>(LabelledCorpus.load());
    samples.addAll(LabelledCorpus.holdout());
    samples.addAll(LabelledCorpus.holdout2());
    samples.addAll(LabelledCorpus.holdout3());
    int compared = 0;
    for (LabelledCorpus.Sample s : samples) {
      // every row on: an adult writing to a student, with a guardian reading
      ContentDraft draft = Drafts.staffToStudent(s.draft().text());
      Inspection in = new Inspection(draft, LabelledCorpus.DIRECTORY);
      PhraseRules.detect(in);
      Set<String> fast = new TreeSet<>();
      in.findings.forEach(f -> fast.add(f.rule() + " " + f.start() + "-" + f.end()));
      assertThat(fast).as("phrase findings in %s", draft.text()).isEqualTo(bruteForce(in));
      compared++;
    }
    assertThat(compared).isGreaterThan(9_000);
  }

  /** Every row tried at every word of every view, keeping the rows' no-overlap rule. */
  private static Set<String> bruteForce(Inspection in) {
    Set<String> out = new TreeSet<>();
    List<PhraseRules.Row> rows = PhraseRules.rows();
    for (WordView view : in.phraseViews) {
      String text = view.text();
      for (PhraseRules.Row row : rows) {
        Matcher m = row.pattern().matcher(text).useTransparentBounds(true)
            .useAnchoringBounds(false);
        int next = 0;
        for (WordView.Token t : view.tokens()) {
          if (t.start() < next) {
            continue;
          }
          m.region(t.start(), text.length());
          if (!m.lookingAt()) {
            continue;
          }
          next = m.end();
          int end = m.end();
          while (end > m.start() && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\n')) {
            end--;
          }
          if (end > m.start()) {
            Span span = in.span(view.mapped(), PhraseRules.spanStart(m), end);
            out.add(row.rule() + " " + span.start() + "-" + span.end());
          }
        }
      }
    }
    return out;
  }

  @Test
  void lookbehindsAreRemovedForProbing() {
    assertThat(PhraseRules.withoutLookbehinds("(?<![a-z])(?:(?<=(?:your|ur) )body|x(?<!a\\)b)y)"))
        .isEqualTo("(?:body|xy)");
    assertThat(PhraseRules.withoutLookbehinds("(?<![^\\n])talk")).isEqualTo("talk");
  }

  @Test
  void lookbehindsCaptureTheWordsBeforeAMatchForItsSpan() {
    assertThat(PhraseRules.capturingLookbehinds("(?<![a-z])(?:(?<=(?:your|ur) )body|x)"))
        .isEqualTo("(?<![a-z])(?:(?<=((?:your|ur) ))body|x)");
  }

  @Test
  void aWordIsNoStarterForWordsItOnlyBegins() {
    long in = PhraseRules.startersOf("in");
    long inbox = PhraseRules.startersOf("inbox");
    assertThat(inbox & ~in).as("rows that 'inbox' starts and 'in' does not").isNotZero();
  }
}
