package org.chaperone.policy.content;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * Quality and speed of the content-policy engine. Prints, for the tuning corpus and the held-out
 * corpora, precision and recall per rule and the false-BLOCK and HOLD rates on legitimate
 * messages ({@link ContentPolicyQualityTest#measure}); then, on one thread, throughput next to a
 * reference measured in the same run over the same messages (lower-casing each message and
 * testing it with {@code String.contains} against the terms a naive filter would use: every
 * lexicon entry and the key words of the phrase rules), latency for messages of about 1 KiB and
 * 500 characters (wall clock, and the thread's CPU time, which a machine shared with other work
 * does not inflate), and bytes allocated per evaluation. Not a test; run it with
 *
 * {@code mvn -pl server test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.chaperone.policy.content.ContentPolicyBenchmark}. Writes
 * {@code target/content-policy-benchmark.md}.
 */
public final class ContentPolicyBenchmark {
  private static final int ROUNDS = 20;
  private static final int SAMPLES = 20_000;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private ContentPolicyBenchmark() {}

  public static void main(String[] args) throws IOException {
    ContentPolicy policy = new ContentPolicy(LabelledCorpus.SETTINGS);
    List<LabelledCorpus.Sample> tuning = LabelledCorpus.load();
    List<LabelledCorpus.Sample> holdout = LabelledCorpus.holdout();
    List<LabelledCorpus.Sample> holdout2 = LabelledCorpus.holdout2();
    List<LabelledCorpus.Sample> holdout3 = LabelledCorpus.holdout3();
    String quality = ContentPolicyQualityTest.report(
        ContentPolicyQualityTest.measure(policy, tuning),
        ContentPolicyQualityTest.measure(policy, holdout),
        ContentPolicyQualityTest.measure(policy, holdout2),
        ContentPolicyQualityTest.measure(policy, holdout3));

    List<LabelledCorpus.Sample> samples = new ArrayList<>(tuning);
    samples.addAll(holdout);
    samples.addAll(holdout2);
    samples.addAll(holdout3);
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

    ToIntFunction<ContentDraft> engine =
        d -> policy.evaluate(d, LabelledCorpus.DIRECTORY, Drafts.NOW).violations().size();
    List<ContentDraft> kib = concatenated(samples, 1024);
    List<ContentDraft> half = concatenated(samples, 500);
    long[][] kibEngine = latencies(kib, engine);
    long[][] kibReference = latencies(kib, d -> reference(d.text(), terms));
    long[][] halfEngine = latencies(half, engine);
    long kibBytes = allocatedPerCall(kib, engine);
    long halfBytes = allocatedPerCall(half, engine);
    long shortBytes = allocatedPerCall(drafts, engine);

    StringBuilder sb = new StringBuilder();
    sb.append(quality);
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
    sb.append(String.format(Locale.ROOT, "Latency, one message at a time (%d samples each): %d"
        + " messages of about 1 KiB and %d of about 500 characters, built by concatenating corpus"
        + " messages. Wall clock, and the evaluating thread's CPU time.%n%n", SAMPLES, kib.size(),
        half.size()));
    sb.append("| | p50 µs | p99 µs | p99.9 µs | max µs |\n|---|---|---|---|---|\n");
    latencyRow(sb, "evaluate, 1 KiB, wall clock", kibEngine[0]);
    latencyRow(sb, "evaluate, 1 KiB, CPU time", kibEngine[1]);
    latencyRow(sb, "evaluate, 500 chars, wall clock", halfEngine[0]);
    latencyRow(sb, "evaluate, 500 chars, CPU time", halfEngine[1]);
    latencyRow(sb, "reference, 1 KiB, wall clock", kibReference[0]);
    sb.append(String.format(Locale.ROOT, "%nAllocated per evaluation: %,d bytes (1 KiB), %,d bytes"
        + " (500 chars), %,d bytes (corpus messages, average %.0f chars).%n", kibBytes, halfBytes,
        shortBytes, (double) chars / drafts.size()));
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

  /** Original corpus messages joined with spaces into messages of {@code length} chars. */
  private static List<ContentDraft> concatenated(List<LabelledCorpus.Sample> samples, int length) {
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
      if (sb.length() >= length) {
        out.add(LabelledCorpus.draft(context, sb.substring(0, length)));
        sb.setLength(0);
        context = null;
      }
    }
    return out;
  }

  /** Sorted latencies of {@code op} over {@code drafts}: wall clock, then thread CPU time. */
  private static long[][] latencies(List<ContentDraft> drafts, ToIntFunction<ContentDraft> op) {
    long[] wall = new long[SAMPLES];
    long[] cpu = new long[SAMPLES];
    long sink = 0;
    for (int i = 0; i < 2_000; i++) {
      sink += op.applyAsInt(drafts.get(i % drafts.size()));
    }
    for (int i = 0; i < SAMPLES; i++) {
      ContentDraft d = drafts.get(i % drafts.size());
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      sink += op.applyAsInt(d);
      wall[i] = System.nanoTime() - start;
      cpu[i] = THREADS.getCurrentThreadCpuTime() - cpuStart;
    }
    if (sink == 42) {
      System.out.print("");
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new long[][] {wall, cpu};
  }

  /** Bytes the current thread allocates per call of {@code op}, averaged over the drafts. */
  private static long allocatedPerCall(List<ContentDraft> drafts, ToIntFunction<ContentDraft> op) {
    long sink = 0;
    int calls = Math.max(2_000, drafts.size());
    long thread = Thread.currentThread().threadId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      sink += op.applyAsInt(drafts.get(i % drafts.size()));
    }
    long after = THREADS.getThreadAllocatedBytes(thread);
    if (sink == 42) {
      System.out.print("");
    }
    return (after - before) / calls;
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
