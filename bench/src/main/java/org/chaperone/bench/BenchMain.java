package org.chaperone.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmark scenarios against the real gateway over real sockets, each next to a
 * reference measured in the same run, and writes {@code bench-results.json} and
 * {@code bench-results.md}.
 *
 * <pre>./chaperone bench [--seconds 10] [--pairs 3] [--out bench/results]</pre>
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    int seconds = 10;
    int pairs = 3;
    Path out = Path.of("bench", "results");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--pairs" -> pairs = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> {
          System.err.println("usage: bench [--seconds N] [--pairs N] [--out DIR]");
          System.exit(2);
        }
      }
    }
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("chaperone-bench");
    Scenarios scenarios = new Scenarios(Duration.ofSeconds(seconds), pairs, work);
    List<Measurement> results = new ArrayList<>();
    results.addAll(report(scenarios.sendCapacity()));
    results.addAll(report(List.of(scenarios.sendVersusEcho())));
    results.addAll(report(scenarios.ackLatency()));
    results.addAll(report(List.of(scenarios.fanOut())));

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", Instant.now().toString());
    json.put("machine", machine());
    json.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    json.put("commit", commit());
    json.put("settings", Map.of("seconds_per_run", seconds, "pairs", pairs, "store", "sqlite (WAL, synchronous=FULL)"));
    json.put("scenarios", results.stream().map(Measurement::toJson).toList());
    Files.writeString(out.resolve("bench-results.json"), Json.write(json) + "\n");
    Files.writeString(out.resolve("bench-results.md"), markdown(json, results));
    System.out.println("Wrote " + out.resolve("bench-results.json") + " and bench-results.md");
    System.exit(0);
  }

  private static List<Measurement> report(List<Measurement> ms) {
    for (Measurement m : ms) {
      System.out.printf(Locale.ROOT, "%-50s gateway %10.2f %-10s reference %10.2f  ratio %.3f%n",
          m.scenario(), Measurement.median(m.gatewayRuns()), m.unit(), Measurement.median(m.referenceRuns()),
          m.medianRatio());
    }
    return ms;
  }

  static String markdown(Map<String, Object> json, List<Measurement> results) {
    StringBuilder md = new StringBuilder();
    md.append("| scenario | gateway (median) | reference (median) | reference | median ratio | pairs |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (Measurement m : results) {
      md.append(String.format(Locale.ROOT, "| %s | %.2f %s | %.2f %s | %s | %.3f | %d |%n", m.scenario(),
          Measurement.median(m.gatewayRuns()), m.unit(), Measurement.median(m.referenceRuns()), m.unit(),
          m.reference(), m.medianRatio(), m.gatewayRuns().size()));
    }
    md.append("\n");
    for (Measurement m : results) {
      if (!m.extra().isEmpty()) {
        md.append("- ").append(m.scenario()).append(": ").append(m.extra()).append('\n');
      }
    }
    md.append("\nMachine: ").append(json.get("machine")).append("; JDK: ").append(json.get("jdk"))
        .append("; commit: ").append(json.get("commit")).append("; ").append(json.get("date")).append('\n');
    return md.toString();
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
          .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip())
          .orElse(cpu);
    } catch (IOException e) {
      // Not Linux: the OS name below still says where it ran.
    }
    return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max heap, "
        + System.getProperty("os.name") + " " + System.getProperty("os.version");
  }

  private static String commit() {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String sha = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return git.waitFor() == 0 ? sha : "unknown";
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }
}
