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

  @Test
  void corpusMeetsTheQualityThresholds() throws IOException {
    ContentPolicy policy = new ContentPolicy(LabelledCorpus.SETTINGS);
    List<LabelledCorpus.Sample> samples = LabelledCorpus.load();
    Counts all = new Counts();
    Counts originals = new Counts();
    Map<String, int[]> byVariant = new TreeMap<>(); // variant -> {violating, fully found}
    int legit = 0;
    int legitBlocked = 0;
    int legitHeld = 0;
    List<String> misses = new ArrayList<>();
    for (LabelledCorpus.Sample s : samples) {
      ContentDecision d = policy.evaluate(s.draft(), LabelledCorpus.DIRECTORY, Drafts.NOW);
      Set<RuleId> found = d.violations().stream()
          .filter(v -> v.action() == Action.HOLD || v.action() == Action.BLOCK)
          .map(Violation::rule).collect(Collectors.toSet());
      for (RuleId r : RuleId.values()) {
        boolean e = s.expected().contains(r);
        boolean f = found.contains(r);
        for (Counts c : s.variant().equals("original") ? List.of(all, originals) : List.of(all)) {
          if (e && f) {
            c.tp[r.ordinal()]++;
          } else if (f) {
            c.fp[r.ordinal()]++;
          } else if (e) {
            c.fn[r.ordinal()]++;
          }
        }
      }
      if (s.legitimate()) {
        legit++;
        legitBlocked += d.outcome() == Outcome.BLOCK ? 1 : 0;
        legitHeld += d.outcome() == Outcome.HOLD ? 1 : 0;
      } else {
        int[] v = byVariant.computeIfAbsent(s.variant(), k -> new int[2]);
        v[0]++;
        v[1] += found.containsAll(s.expected()) ? 1 : 0;
      }
      if (!found.equals(s.expected())) {
        misses.add("line " + s.line() + " [" + s.variant() + "] expected " + ids(s.expected())
            + " found " + ids(found) + ": " + s.draft().text().replace("\n", "\\n"));
      }
    }
    String report = report(samples.size(), all, originals, byVariant, legit, legitBlocked,
        legitHeld, misses);
    Path out = Path.of("target", "content-policy-quality.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println(report);

    for (Map.Entry<RuleId, double[]> t : THRESHOLDS.entrySet()) {
      assertThat(all.precision(t.getKey())).as("precision of %s", t.getKey().id())
          .isGreaterThanOrEqualTo(t.getValue()[0]);
      assertThat(all.recall(t.getKey())).as("recall of %s", t.getKey().id())
          .isGreaterThanOrEqualTo(t.getValue()[1]);
    }
    assertThat((double) legitBlocked / legit).as("false BLOCK rate").isLessThanOrEqualTo(MAX_FALSE_BLOCK);
    assertThat((double) legitHeld / legit).as("HOLD rate on legitimate messages").isLessThanOrEqualTo(MAX_HOLD);
  }

  private static String ids(Set<RuleId> rules) {
    return rules.stream().map(RuleId::id).sorted().toList().toString();
  }

  private static String report(int total, Counts all, Counts originals, Map<String, int[]> byVariant,
      int legit, int blocked, int held, List<String> misses) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Content policy quality\n\n");
    sb.append("Generated by `ContentPolicyQualityTest` from `server/src/test/resources/policy/content-corpus.tsv`")
        .append(" and the variants of `EvasionGenerator`: ").append(total).append(" messages, ")
        .append(legit).append(" of them legitimate.\n\n");
    sb.append("| rule | clause | precision | recall | precision (originals) | recall (originals) | TP | FP | FN | thresholds P / R |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (RuleId r : RuleId.values()) {
      if (r == RuleId.MEDIA_RELEASE) {
        continue; // attachments: covered by unit tests, not by a text corpus
      }
      double[] t = THRESHOLDS.get(r);
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %d | %d | %d | %s |%n",
          r.id(), r.clause(), all.precision(r), all.recall(r), originals.precision(r),
          originals.recall(r), all.tp[r.ordinal()], all.fp[r.ordinal()], all.fn[r.ordinal()],
          t == null ? "-" : String.format(Locale.ROOT, "%.2f / %.2f", t[0], t[1])));
    }
    sb.append(String.format(Locale.ROOT, "%nLegitimate messages: %d; blocked %d (%.2f %%, limit %.1f %%); held %d (%.2f %%, limit %.1f %%).%n%n",
        legit, blocked, 100.0 * blocked / legit, 100 * MAX_FALSE_BLOCK, held, 100.0 * held / legit,
        100 * MAX_HOLD));
    sb.append("Violating messages whose every expected rule was found, per evasion:\n\n");
    sb.append("| variant | messages | all rules found | recall |\n|---|---|---|---|\n");
    byVariant.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f |%n",
        k, v[0], v[1], (double) v[1] / v[0])));
    sb.append("\n## Disagreements (").append(misses.size()).append(")\n\n");
    for (String m : misses) {
      sb.append("- ").append(m).append('\n');
    }
    return sb.toString();
  }
}
