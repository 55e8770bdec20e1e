package org.chaperone.policy.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.chaperone.policy.content.ContentDecision.Outcome;
import org.junit.jupiter.api.Test;

/**
 * Measures the engine on the labelled corpus and its evasion variants: precision and recall per
 * rule, recall per evasion, and the false-BLOCK and HOLD rates on legitimate messages. Fails when
 * a figure drops below its threshold; writes the figures to
 * {@code target/content-policy-quality.md}.
 *
 * <p>A rule counts as found when the decision has a violation of it whose action is HOLD or
 * BLOCK (flagged mild language is not counted).
 */
class ContentPolicyQualityTest {
  /** Minimum precision and recall per rule (on the corpus with all its variants). */
  private static final Map<RuleId, double[]> THRESHOLDS = new EnumMap<>(Map.of(
      RuleId.CONTACT_PHONE, new double[] {0.98, 0.98},
      RuleId.CONTACT_EMAIL, new double[] {0.98, 0.98},
      RuleId.PRIVATE_CHANNEL, new double[] {0.95, 0.90},
      RuleId.SECRECY, new double[] {0.95, 0.90},
      RuleId.GROOMING, new double[] {0.95, 0.90},
      RuleId.HARASSMENT, new double[] {0.95, 0.90},
      RuleId.STUDENT_PII, new double[] {0.95, 0.90},
      RuleId.TOPIC_SCOPE, new double[] {0.80, 0.80}));
  /** Legitimate messages: at most this share blocked, and at most this share held. */
  private static final double MAX_FALSE_BLOCK = 0.005;
  private static final double MAX_HOLD = 0.02;
  private static final double HOLDOUT_MAX_FALSE_BLOCK = 0.01;
  private static final double HOLDOUT_MAX_HOLD = 0.05;
  private static final double HOLDOUT_MIN_CONTACT = 0.90;

  record Counts(int[] tp, int[] fp, int[] fn) {
    Counts() {
      this(new int[RuleId.values().length], new int[RuleId.values().length],
          new int[RuleId.values().length]);
    }

    double precision(RuleId r) {
      int d = tp[r.ordinal()] + fp[r.ordinal()];
      return d == 0 ? 1.0 : (double) tp[r.ordinal()] / d;
    }

    double recall(RuleId r) {
      int d = tp[r.ordinal()] + fn[r.ordinal()];
      return d == 0 ? 1.0 : (double) tp[r.ordinal()] / d;
    }
  }

  /** What one run over a set of samples measured. */
  static final class Result {
    final Counts all = new Counts();
    final Counts originals = new Counts();
    final Map<String, int[]> byVariant = new TreeMap<>(); // variant -> {violating, fully found}
    int total;
    int legit;
    int legitBlocked;
    int legitHeld;
    final List<String> misses = new ArrayList<>();

    double falseBlockRate() {
      return (double) legitBlocked / legit;
    }

    double holdRate() {
      return (double) legitHeld / legit;
    }
  }

  static Result measure(ContentPolicy policy, List<LabelledCorpus.Sample> samples) {
    Result r = new Result();
    for (LabelledCorpus.Sample s : samples) {
      r.total++;
      ContentDecision d = policy.evaluate(s.draft(), LabelledCorpus.DIRECTORY, Drafts.NOW);
      Set<RuleId> found = d.violations().stream()
          .filter(v -> v.action() == Action.HOLD || v.action() == Action.BLOCK)
          .map(Violation::rule).collect(Collectors.toSet());
      for (RuleId rule : RuleId.values()) {
        boolean e = s.expected().contains(rule);
        boolean f = found.contains(rule);
        for (Counts c : s.variant().equals("original") ? List.of(r.all, r.originals) : List.of(r.all)) {
          if (e && f) {
            c.tp[rule.ordinal()]++;
          } else if (f) {
            c.fp[rule.ordinal()]++;
          } else if (e) {
            c.fn[rule.ordinal()]++;
          }
        }
      }
      if (s.legitimate()) {
        r.legit++;
        r.legitBlocked += d.outcome() == Outcome.BLOCK ? 1 : 0;
        r.legitHeld += d.outcome() == Outcome.HOLD ? 1 : 0;
      } else {
        int[] v = r.byVariant.computeIfAbsent(s.variant(), k -> new int[2]);
        v[0]++;
        v[1] += found.containsAll(s.expected()) ? 1 : 0;
      }
      if (!found.equals(s.expected())) {
        r.misses.add("line " + s.line() + " [" + s.variant() + "] expected " + ids(s.expected())
            + " found " + ids(found) + ": " + s.draft().text().replace("\n", "\\n"));
      }
    }
    return r;
  }

  @Test
  void corpusMeetsTheQualityThresholds() throws IOException {
    ContentPolicy policy = new ContentPolicy(LabelledCorpus.SETTINGS);
    Result main = measure(policy, LabelledCorpus.load());
    Result holdout = measure(policy, LabelledCorpus.holdout());
    Result holdout2 = measure(policy, LabelledCorpus.holdout2());
    Result holdout3 = measure(policy, LabelledCorpus.holdout3());
    String report = report(main, holdout, holdout2, holdout3);
    Path out = Path.of("target", "content-policy-quality.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println(report);

    for (Map.Entry<RuleId, double[]> t : THRESHOLDS.entrySet()) {
      assertThat(main.all.precision(t.getKey())).as("precision of %s", t.getKey().id())
          .isGreaterThanOrEqualTo(t.getValue()[0]);
      assertThat(main.all.recall(t.getKey())).as("recall of %s", t.getKey().id())
          .isGreaterThanOrEqualTo(t.getValue()[1]);
    }
    assertThat(main.falseBlockRate()).as("false BLOCK rate").isLessThanOrEqualTo(MAX_FALSE_BLOCK);
    assertThat(main.holdRate()).as("HOLD rate on legitimate messages").isLessThanOrEqualTo(MAX_HOLD);
    // The held-out sets are small; they are gated on what matters most to teachers and students.
    List<Result> heldOut = List.of(holdout, holdout2, holdout3);
    for (Result h : heldOut) {
      String name = List.of("first", "second", "third").get(heldOut.indexOf(h)) + " held-out";
      assertThat(h.falseBlockRate()).as("%s false BLOCK rate", name).isLessThanOrEqualTo(HOLDOUT_MAX_FALSE_BLOCK);
      assertThat(h.holdRate()).as("%s HOLD rate", name).isLessThanOrEqualTo(HOLDOUT_MAX_HOLD);
      for (RuleId r : List.of(RuleId.CONTACT_PHONE, RuleId.CONTACT_EMAIL)) {
        assertThat(h.all.precision(r)).as("%s precision of %s", name, r.id()).isGreaterThanOrEqualTo(HOLDOUT_MIN_CONTACT);
        assertThat(h.all.recall(r)).as("%s recall of %s", name, r.id()).isGreaterThanOrEqualTo(HOLDOUT_MIN_CONTACT);
      }
    }
  }

  /** The figures of the four corpora, as markdown. */
  static String report(Result main, Result holdout, Result holdout2, Result holdout3) {
    return "# Content policy quality\n\n"
        + section("Tuning corpus", "`server/src/test/resources/policy/content-corpus.tsv`", main)
        + section("Held-out corpus", "`server/src/test/resources/policy/content-corpus-holdout.tsv`"
            + " (written after the first tuning; never used to tune)", holdout)
        + section("Second held-out corpus",
            "`server/src/test/resources/policy/content-corpus-holdout-2.tsv` (written after the"
            + " phrase rules were rebuilt by intent; the kinds of wording it exposed were then"
            + " added to the rules)", holdout2)
        + section("Third held-out corpus",
            "`server/src/test/resources/policy/content-corpus-holdout-3.tsv` (written after the"
            + " word families were widened; never used to tune)", holdout3);
  }

  private static String ids(Set<RuleId> rules) {
    return rules.stream().map(RuleId::id).sorted().toList().toString();
  }

  static String section(String title, String source, Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(title).append("\n\n");
    sb.append("From ").append(source).append(" and the variants of `EvasionGenerator`: ")
        .append(r.total).append(" messages, ").append(r.legit).append(" of them legitimate.\n\n");
    sb.append("| rule | clause | precision | recall | precision (originals) | recall (originals) | TP | FP | FN | thresholds P / R |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (RuleId rule : RuleId.values()) {
      if (rule == RuleId.MEDIA_RELEASE) {
        continue; // attachments: covered by unit tests, not by a text corpus
      }
      double[] t = THRESHOLDS.get(rule);
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %d | %d | %d | %s |%n",
          rule.id(), rule.clause(), r.all.precision(rule), r.all.recall(rule),
          r.originals.precision(rule), r.originals.recall(rule), r.all.tp[rule.ordinal()],
          r.all.fp[rule.ordinal()], r.all.fn[rule.ordinal()],
          t == null ? "-" : String.format(Locale.ROOT, "%.2f / %.2f", t[0], t[1])));
    }
    sb.append(String.format(Locale.ROOT, "%nLegitimate messages: %d; blocked %d (%.2f %%); held %d (%.2f %%).%n%n",
        r.legit, r.legitBlocked, 100.0 * r.falseBlockRate(), r.legitHeld, 100.0 * r.holdRate()));
    sb.append("Violating messages whose every expected rule was found, per evasion:\n\n");
    sb.append("| variant | messages | all rules found | recall |\n|---|---|---|---|\n");
    r.byVariant.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f |%n",
        k, v[0], v[1], (double) v[1] / v[0])));
    sb.append("\n### Disagreements (").append(r.misses.size()).append(")\n\n");
    for (String m : r.misses) {
      sb.append("- ").append(m).append('\n');
    }
    sb.append('\n');
    return sb.toString();
  }
}
