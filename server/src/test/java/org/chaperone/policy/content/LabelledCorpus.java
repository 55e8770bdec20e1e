package org.chaperone.policy.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.chaperone.domain.Role;

/**
 * The labelled corpus ({@code policy/content-corpus.tsv}) with its evasion variants: the messages
 * the quality test and the benchmark evaluate.
 */
final class LabelledCorpus {
  /** One message to evaluate: where it came from, its expected rules, and its draft. */
  record Sample(int line, String variant, Set<RuleId> expected, String context, ContentDraft draft) {
    boolean legitimate() {
      return expected.isEmpty();
    }
  }

  static final Participant ALEX_TEACHER = new Participant("t-rivera", Role.TEACHER);
  static final Participant SECOND_TEACHER = new Participant("t-okafor", Role.TEACHER);
  static final Participant COUNSELOR = new Participant("s-nguyen", Role.STAFF);
  static final Participant MAYA = new Participant("st-maya", Role.STUDENT);
  static final Participant LEO = new Participant("st-leo", Role.STUDENT);
  static final Participant AVA = new Participant("st-ava", Role.STUDENT);
  static final Participant GUARDIAN = new Participant("g-lopez", Role.GUARDIAN);

  static final StudentDirectory DIRECTORY = StudentDirectory.of(List.of(
      new StudentDirectory.Student("st-maya", "Maya", "Lopez", true),
      new StudentDirectory.Student("st-leo", "Leo", "Park", false),
      new StudentDirectory.Student("st-ava", "Ava", "Chen", true),
      new StudentDirectory.Student("st-jake", "Jake", "Miller", true),
      new StudentDirectory.Student("st-sofia", "Sofía", "Hernández-Ruiz", true),
      new StudentDirectory.Student("st-obrien", "Liam", "O'Brien", false),
      new StudentDirectory.Student("st-grace", "Grace", "Kim", true),
      new StudentDirectory.Student("st-will", "Will", "Bishop", true),
      new StudentDirectory.Student("st-summer", "Summer", "Lane", true),
      new StudentDirectory.Student("st-hunter", "Hunter", "Gray", true)));

  static final ContentPolicySettings SETTINGS = ContentPolicySettingsParser.parse("""
      district.phones = 503-555-0100, 503-555-0199, 503556*
      district.email-domains = maplevalley.k12.or.us, mvusd.org
      district.handles = @maplevalleyhs
      """);

  private LabelledCorpus() {}

  static List<Sample> load() {
    return load("/policy/content-corpus.tsv");
  }

  /** The held-out messages (never used to tune the detectors), with their variants. */
  static List<Sample> holdout() {
    return load("/policy/content-corpus-holdout.tsv");
  }

  /**
   * The second held-out corpus, written after the phrase rules were rebuilt by intent, with
   * phrasings not used while tuning; with its variants.
   */
  static List<Sample> holdout2() {
    return load("/policy/content-corpus-holdout-2.tsv");
  }

  /**
   * The third held-out corpus, written after the word families were widened with the kinds of
   * wording the second one exposed; with its variants.
   */
  static List<Sample> holdout3() {
    return load("/policy/content-corpus-holdout-3.tsv");
  }

  static List<Sample> load(String resource) {
    String text;
    try (InputStream in = LabelledCorpus.class.getResourceAsStream(resource)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Sample> out = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t", 3);
      if (cols.length != 3) {
        throw new IllegalStateException("corpus line " + (i + 1) + ": expected 3 columns");
      }
      List<String> labels = Arrays.asList(cols[0].split(","));
      Set<RuleId> expected = cols[0].equals("ok") ? Set.of() : labels.stream()
          .map(l -> RuleId.byId(l).orElseThrow(() -> new IllegalStateException("bad label " + l)))
          .collect(Collectors.toUnmodifiableSet());
      String message = cols[2].replace("\\n", "\n");
      out.add(new Sample(i + 1, "original", expected, cols[1], draft(cols[1], message)));
      for (Map.Entry<String, String> v
          : EvasionGenerator.variants(message, labels, !expected.isEmpty()).entrySet()) {
        out.add(new Sample(i + 1, v.getKey(), expected, cols[1], draft(cols[1], v.getValue())));
      }
    }
    return out;
  }

  static ContentDraft draft(String context, String text) {
    return switch (context) {
      case "staff>class" -> ContentDraft.of(text, ALEX_TEACHER, List.of(MAYA, LEO, AVA, GUARDIAN));
      case "staff>student" -> ContentDraft.of(text, ALEX_TEACHER, List.of(MAYA, GUARDIAN));
      case "student>staff" -> ContentDraft.of(text, MAYA, List.of(ALEX_TEACHER, SECOND_TEACHER));
      case "student>class" -> ContentDraft.of(text, MAYA, List.of(ALEX_TEACHER, LEO, AVA));
      case "staff>staff" -> ContentDraft.of(text, ALEX_TEACHER, List.of(SECOND_TEACHER, COUNSELOR));
      case "guardian>staff" -> ContentDraft.of(text, GUARDIAN, List.of(ALEX_TEACHER, COUNSELOR));
      case "staff>guardian" -> ContentDraft.of(text, ALEX_TEACHER, List.of(GUARDIAN, COUNSELOR));
      default -> throw new IllegalStateException("unknown context " + context);
    };
  }
}
