package org.chaperone.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Clock;
import org.chaperone.directory.RosterImport;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.store.Store;
import org.chaperone.store.jdbc.JdbcStore;
import org.chaperone.testing.TestDistrict;

/**
 * {@code chaperone serve} as a child process on the test's classpath: started on a data
 * directory (and optionally a PostgreSQL URL), killed with SIGKILL, started again on the same
 * data. Its output is drained continuously; the last lines are kept for failure messages.
 */
final class GatewayProcess implements AutoCloseable {
  private static final String READY = "Chaperone gateway listening on";

  private final Process process;
  private final int port;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private final CountDownLatch ready = new CountDownLatch(1);

  private GatewayProcess(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread.ofPlatform().daemon().name("gateway-process-output").start(this::drain);
  }

  /**
   * Starts the gateway and waits until it listens. {@code cdsArchive}: a class-data sharing
   * archive the JVM creates on its first clean exit and reuses to start faster.
   */
  static GatewayProcess start(Path dataDir, String storeUrl, Path cdsArchive, String... extraArgs) {
    return startWithHeap(dataDir, storeUrl, cdsArchive, "256m", extraArgs);
  }

  /** As {@link #start(Path, String, Path, String...)}, with at most {@code maxHeap} of heap. */
  static GatewayProcess startWithHeap(Path dataDir, String storeUrl, Path cdsArchive, String maxHeap,
      String... extraArgs) {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + cdsArchive,
        "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
        "-cp", System.getProperty("java.class.path"),
        "org.chaperone.cli.ChaperoneCommand", "serve",
        "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:" + port,
        "--no-demo-district", "--checkpoint-interval", "0", "--sender-rate", "0",
        "--integration-rate", "0"));
    if (!storeUrl.isEmpty()) {
      command.add("--store-url");
      command.add(storeUrl);
    }
    command.addAll(List.of(extraArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("CHAPERONE_"));
    GatewayProcess child;
    try {
      child = new GatewayProcess(builder.start(), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    child.awaitReady();
    return child;
  }

  int port() {
    return port;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Imports {@link TestDistrict} into the store, with no gateway running. */
  static void importTestDistrict(Path dataDir, String storeUrl) throws Exception {
    try (Store store = storeUrl.isEmpty() ? JdbcStore.openSqlite(dataDir)
        : JdbcStore.openPostgres(storeUrl, "", "")) {
      new RosterImport(store, Clock.systemUTC(), () -> DistrictPolicy.DEFAULT)
          .apply("test", OneRosterReader.readZip(TestDistrict.zip()), false);
    }
  }

  private void awaitReady() {
    try {
      while (!ready.await(100, TimeUnit.MILLISECONDS)) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the gateway exited with " + process.exitValue()
              + " before listening:\n" + output());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no final checkpoint, nothing flushed that was not committed. */
  void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  /** SIGTERM: a clean shutdown (and the class-data archive is written). */
  void stop() {
    process.destroy();
    waitForExit();
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  synchronized String output() {
    return String.join("\n", lastLines);
  }

  private void drain() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (this) {
          lastLines.addLast(line);
          if (lastLines.size() > 200) {
            lastLines.removeFirst();
          }
        }
        if (line.startsWith(READY)) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // The process died.
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
