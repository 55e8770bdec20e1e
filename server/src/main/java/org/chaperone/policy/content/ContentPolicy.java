package org.chaperone.policy.content;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The content-policy engine. Normalises the draft's text ({@link TextNormalizer}), runs every
 * rule the settings leave on, and turns the findings into a {@link ContentDecision}: BLOCK if any
 * violation's action is BLOCK, else HOLD if any is HOLD, else ALLOW (flagged violations are kept
 * in the decision).
 *
 * <p>Pure: no I/O at decision time; the bundled lexicon and vocabularies are read when the class
 * is first used. Build one per settings version (construction compiles the lexicon) and share it:
 * instances are immutable and thread-safe.
 */
public final class ContentPolicy {
  private final ContentPolicySettings settings;
  private final PhoneDetector phones;
  private final EmailDetector emails;
  private final HandleDetector handles;
  private final HarassmentDetector harassment;
  private final StudentPiiRule studentPii = new StudentPiiRule();
  private final MediaReleaseRule mediaRelease = new MediaReleaseRule();
  private final TopicScopeRule topicScope;

  public ContentPolicy(ContentPolicySettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.phones = new PhoneDetector(settings);
    this.emails = new EmailDetector(settings);
    this.handles = new HandleDetector(settings);
    this.harassment = new HarassmentDetector(new Lexicon(settings));
    this.topicScope = new TopicScopeRule(settings);
  }

  public ContentPolicySettings settings() {
    return settings;
  }

  /**
   * Evaluates {@code draft} as of {@code now}.
   *
   * @param directory the students the PII and media-release rules know (may be empty)
   */
  public ContentDecision evaluate(ContentDraft draft, StudentDirectory directory, Instant now) {
    Objects.requireNonNull(now, "now");
    Inspection in = new Inspection(draft, Objects.requireNonNull(directory, "directory"));
    // Contact details and private channels matter where students or families take part.
    boolean family = draft.involvesStudentOrFamily();
    if (family && on(RuleId.CONTACT_PHONE)) {
      phones.detect(in);
    }
    if (family && on(RuleId.CONTACT_EMAIL)) {
      emails.detect(in);
    }
    if (family && on(RuleId.PRIVATE_CHANNEL)) {
      handles.detect(in);
    }
    PhraseRules.detect(in);
    if (on(RuleId.HARASSMENT)) {
      harassment.detect(in);
    }
    if (on(RuleId.STUDENT_PII)) {
      studentPii.detect(in);
    }
    if (on(RuleId.MEDIA_RELEASE)) {
      mediaRelease.detect(in);
    }
    // Topic scope is the residual rule: a message another rule already holds or blocks is
    // explained by that rule, not by being "off topic".
    if (on(RuleId.TOPIC_SCOPE) && in.findings.stream().map(this::actionFor)
        .noneMatch(a -> a == Action.HOLD || a == Action.BLOCK)) {
      topicScope.detect(in);
    }
    return ContentDecision.of(violations(in.findings, draft.text()), now);
  }

  private boolean on(RuleId rule) {
    return settings.action(rule) != Action.OFF;
  }

  private Action actionFor(Finding f) {
    Action rule = settings.action(f.rule());
    if (rule == Action.OFF) {
      return Action.OFF;
    }
    return f.rule() == RuleId.HARASSMENT ? settings.harassmentAction(f.severity()) : rule;
  }

  /**
   * Turns findings into violations: drops those of rules that are off, and merges findings of
   * the same rule whose spans overlap (two detectors finding one phone number), keeping the most
   * severe explanation.
   */
  private List<Violation> violations(List<Finding> findings, String original) {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparing(Finding::rule).thenComparingInt(Finding::start));
    List<Violation> out = new ArrayList<>();
    Finding pending = null;
    for (Finding f : sorted) {
      if (actionFor(f) == Action.OFF) {
        continue;
      }
      if (pending != null && pending.rule() == f.rule() && overlaps(pending, f)) {
        pending = merge(pending, f, original);
        continue;
      }
      if (pending != null) {
        out.add(toViolation(pending));
      }
      pending = f;
    }
    if (pending != null) {
      out.add(toViolation(pending));
    }
    return out;
  }

  private static boolean overlaps(Finding a, Finding b) {
    return !a.spans().isEmpty() && !b.spans().isEmpty() && a.attachment().equals(b.attachment())
        && b.start() < a.end() && a.start() < b.end();
  }

  private static Finding merge(Finding a, Finding b, String original) {
    Finding keep = b.severity().compareTo(a.severity()) > 0 ? b : a;
    if (a.spans().size() == 1 && b.spans().size() == 1) {
      int start = Math.min(a.start(), b.start());
      int end = Math.max(a.end(), b.end());
      return new Finding(keep.rule(), keep.clause(), keep.severity(), keep.explanation(),
          List.of(Span.of(original, start, end)), keep.attachment());
    }
    return keep;
  }

  private Violation toViolation(Finding f) {
    return new Violation(f.rule(), f.clause(), f.severity(), actionFor(f), f.explanation(),
        f.spans(), f.attachment());
  }
}
