package org.chaperone.policy.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Throughput and latency of the content-policy engine on one thread, next to a reference measured
 * in the same run over the same messages: lower-casing each message and testing it with
 * {@code String.contains} against the terms a naive filter would use (every lexicon entry and the
 * key words of the phrase rules). Not a test; run it with
 *
 * {@code mvn -pl server test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.chaperone.policy.content.ContentPolicyBenchmark}. Writes
 * {@code target/content-policy-benchmark.md}.
 */
public final class ContentPolicyBenchmark {
  private static final int ROUNDS = 20;

  private ContentPolicyBenchmark() {}

  public static void main(String[] args) throws IOException {
    ContentPolicy policy = new ContentPolicy(LabelledCorpus.SETTINGS);
    List<LabelledCorpus.Sample> samples = new ArrayList<>(LabelledCorpus.load());
    samples.addAll(LabelledCorpus.holdout());
    List<ContentDraft> drafts = samples.stream().map(LabelledCorpus.Sample::draft).toList();
    long chars = drafts.stream().mapToLong(d -> d.text().length()).sum();
    String[] terms = referenceTerms();

    // warm up both
    for (int i = 0; i < 5; i++) {
      runEngine(policy, drafts);
      runReference(drafts, terms);
    }
    long engineNanos = Long.MAX_VALUE;
    long referenceNanos = Long.MAX_VALUE;
    for (int i = 0; i < ROUNDS; i++) {
      engineNanos = Math.min(engineNanos, runEngine(policy, drafts));
      referenceNanos = Math.min(referenceNanos, runReference(drafts, terms));
    }

    // latency of 1 KiB messages, one at a time
    List<ContentDraft> kib = kibMessages(samples);
    long[] engineLatency = latencies(kib,
        d -> policy.evaluate(d, LabelledCorpus.DIRECTORY, Drafts.NOW).violations().size());
    long[] referenceLatency = latencies(kib, d -> reference(d.text(), terms));

    StringBuilder sb = new StringBuilder();
    sb.append("# Content policy throughput\n\n");
    sb.append(String.format(Locale.ROOT, "Machine: %d available processors, %s %s; one thread.%n%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.version")));
    sb.append(String.format(Locale.ROOT, "Corpus pass: %d messages, %d chars (average %.0f), best of %d rounds.%n%n",
        drafts.size(), chars, (double) chars / drafts.size(), ROUNDS));
    sb.append("| | messages/s | MB/s (UTF-16 chars) | µs/message |\n|---|---|---|---|\n");
    row(sb, "ContentPolicy.evaluate (all rules)", drafts.size(), chars, engineNanos);
    row(sb, "reference: toLowerCase + contains over " + terms.length + " terms", drafts.size(), chars,
        referenceNanos);
    sb.append(String.format(Locale.ROOT, "%nEngine / reference time: %.1f×%n%n",
        (double) engineNanos / referenceNanos));
    sb.append(String.format(Locale.ROOT, "Latency of %d messages of about 1 KiB (%d samples each):%n%n",
        kib.size(), engineLatency.length));
    sb.append("| | p50 µs | p99 µs | p99.9 µs | max µs |\n|---|---|---|---|---|\n");
    latencyRow(sb, "ContentPolicy.evaluate", engineLatency);
    latencyRow(sb, "reference", referenceLatency);
    String report = sb.toString();
    System.out.println(report);
    Path out = Path.of("target", "content-policy-benchmark.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  private static long runEngine(ContentPolicy policy, List<ContentDraft> drafts) {
    long sink = 0;
    long start = System.nanoTime();
    for (ContentDraft d : drafts) {
      sink += policy.evaluate(d, LabelledCorpus.DIRECTORY, Drafts.NOW).violations().size();
    }
    long t = System.nanoTime() - start;
    if (sink == 42) {
      System.out.print("");
    }
    return t;
  }

  private static long runReference(List<ContentDraft> drafts, String[] terms) {
    long sink = 0;
    long start = System.nanoTime();
    for (ContentDraft d : drafts) {
      sink += reference(d.text(), terms);
    }
    long t = System.nanoTime() - start;
    if (sink == 42) {
      System.out.print("");
    }
    return t;
  }

  /** The naive filter: how many terms the lower-cased text contains. */
  static int reference(String text, String[] terms) {
    String lower = text.toLowerCase(Locale.ROOT);
    int hits = 0;
    for (String t : terms) {
      if (lower.contains(t)) {
        hits++;
      }
    }
    return hits;
  }

  private static String[] referenceTerms() {
    Set<String> terms = new TreeSet<>();
    Lexicon lexicon = new Lexicon(LabelledCorpus.SETTINGS);
    terms.addAll(lexicon.entries().keySet());
    terms.addAll(Arrays.asList("text me", "dm me", "snap", "insta", "whatsapp", "add me",
        "hit me up", "hmu", "don't tell", "dont tell", "our secret", "between us", "delete",
        "no one needs to know", "beautiful", "pretty", "gift", "ride", "my house", "alone",
        "kill you", "kys", "@", "gmail", "yahoo", "hotmail", "555"));
    return terms.toArray(String[]::new);
  }

  private static List<ContentDraft> kibMessages(List<LabelledCorpus.Sample> samples) {
    List<ContentDraft> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    String context = null;
    for (LabelledCorpus.Sample s : samples) {
      if (!s.variant().equals("original")) {
        continue;
      }
      if (context == null) {
        context = s.context();
      }
      sb.append(s.draft().text()).append(' ');
      if (sb.length() >= 1024) {
        out.add(LabelledCorpus.draft(context, sb.substring(0, 1024)));
        sb.setLength(0);
        context = null;
      }
    }
    return out;
  }

  private static long[] latencies(List<ContentDraft> kib,
      java.util.function.ToIntFunction<ContentDraft> op) {
    int n = 20_000;
    long[] out = new long[n];
    long sink = 0;
    for (int i = 0; i < 2_000; i++) {
      sink += op.applyAsInt(kib.get(i % kib.size()));
    }
    for (int i = 0; i < n; i++) {
      ContentDraft d = kib.get(i % kib.size());
      long start = System.nanoTime();
      sink += op.applyAsInt(d);
      out[i] = System.nanoTime() - start;
    }
    if (sink == 42) {
      System.out.print("");
    }
    Arrays.sort(out);
    return out;
  }

  private static void row(StringBuilder sb, String name, int messages, long chars, long nanos) {
    double seconds = nanos / 1e9;
    sb.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.1f |%n", name, messages / seconds,
        chars / seconds / 1e6, nanos / 1e3 / messages));
  }

  private static void latencyRow(StringBuilder sb, String name, long[] sorted) {
    sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", name,
        sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3,
        sorted[(int) (sorted.length * 0.999)] / 1e3, sorted[sorted.length - 1] / 1e3));
  }
}
