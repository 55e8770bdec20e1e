package org.chaperone.policy.content;

import java.util.ArrayList;
import java.util.List;

/**
 * One evaluation in progress: the draft, its normalised views and the findings so far. Created
 * and used by one thread.
 */
final class Inspection {
  final ContentDraft draft;
  final String original;
  final MappedText base;
  final WordView words;
  /** The word view, plus, when words were stretched, views with the stretching undone. */
  final List<WordView> phraseViews;
  final StudentDirectory directory;
  final List<Finding> findings = new ArrayList<>();

  Inspection(ContentDraft draft, StudentDirectory directory) {
    this.draft = draft;
    this.original = draft.text();
    this.base = TextNormalizer.base(original);
    this.words = WordView.of(base);
    List<WordView> views = new java.util.ArrayList<>();
    views.add(words);
    if (words.stretched()) {
      views.add(WordView.of(base, 1, false));
      views.add(WordView.of(base, 2, false));
    }
    if (words.spaced()) {
      views.add(WordView.of(base, 0, true));
    }
    this.phraseViews = List.copyOf(views);
    this.directory = directory;
  }

  /** The original span behind {@code [from, to)} of {@code view}. */
  Span span(MappedText view, int from, int to) {
    int[] r = view.toOriginal(from, to);
    return Span.of(original, r[0], r[1]);
  }

  /** The original span behind words {@code [first, last]} of the word view. */
  Span wordSpan(int first, int last) {
    return span(words.mapped(), words.tokens().get(first).start(), words.tokens().get(last).end());
  }

  void add(RuleId rule, String clause, Severity severity, String explanation, Span span) {
    findings.add(Finding.inText(rule, clause, severity, explanation, span));
  }

  void add(RuleId rule, Severity severity, String explanation, Span span) {
    add(rule, rule.clause(), severity, explanation, span);
  }
}
