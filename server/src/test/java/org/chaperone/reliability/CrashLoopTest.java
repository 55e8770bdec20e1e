package org.chaperone.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.auth.DevTokenAuthority;
import org.chaperone.cli.ChaperoneCommand;
import org.chaperone.store.Store;
import org.chaperone.store.StoreReader;
import org.chaperone.store.jdbc.JdbcStore;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash loop: {@code chaperone serve} runs as a child process under concurrent sends and a
 * live subscriber, is killed with SIGKILL at a random moment, and is started again on the same
 * data, over and over. After every cycle, with the gateway down:
 *
 * <ul>
 *   <li>every acknowledged message is stored exactly once (by request id), and no request id is
 *       stored twice — sends whose answer was lost are retried with their request id in the next
 *       cycle;
 *   <li>{@code chaperone archive verify} passes;
 *   <li>the subscriber, which resumes from its last cursor after every restart, has seen its
 *       inbox in order with no gap and no duplicate.
 * </ul>
 *
 * <p>Each cycle kills the gateway at a random moment after its first acknowledged send, so that
 * every cycle interrupts writes even on a loaded machine. CI runs 15 cycles on SQLite and 5 on
 * PostgreSQL. The long run: {@code -Dchaperone.crashloop.cycles=500} (both engines;
 * {@code -Dchaperone.crashloop.minutes=N} stops after the cycle that ends past N minutes,
 * {@code -Dchaperone.crashloop.seed=N} repeats a run's kill delays).
 */
class CrashLoopTest {
  private static final String CHANNEL = "channels/" + TestDistrict.MATH;
  private static final int SENDERS = 4;

  @TempDir Path dataDir;
  @TempDir Path scratch;

  @Test
  void sqliteSurvivesRepeatedKills() throws Exception {
    new Loop(dataDir, "", cycles(15)).run();
  }

  @Test
  void postgresqlSurvivesRepeatedKills() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create()) {
      new Loop(dataDir, schema.url(), cycles(5)).run();
    }
  }

  private static int cycles(int ciDefault) {
    return Integer.getInteger("chaperone.crashloop.cycles", ciDefault);
  }

  /** One crash-loop run on one store. */
  private final class Loop {
    private final Path dir;
    private final String storeUrl;
    private final int cycles;
    private final long seed = Long.getLong("chaperone.crashloop.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
    /** Sends whose outcome the client never learned: retried (same request id) next cycle. */
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final List<Long> received = new ArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicInteger retriedAndAcknowledged = new AtomicInteger();
    private String cursor = "";
    private volatile java.util.concurrent.CountDownLatch firstAcknowledged;
    private DevTokenAuthority tokens;
    private int lost;
    private int duplicated;
    private int streamFaults;
    private int verifyFailures;

    Loop(Path dir, String storeUrl, int cycles) {
      this.dir = dir;
      this.storeUrl = storeUrl;
      this.cycles = cycles;
    }

    void run() throws Exception {
      GatewayProcess.importTestDistrict(dir, storeUrl);
      tokens = DevTokenAuthority.openOrCreate(dir);
      Path cds = scratch.resolve("gateway.jsa");
      // A clean first start and stop writes the class-data archive later starts reuse.
      GatewayProcess.start(dir, storeUrl, cds).stop();
      long started = System.nanoTime();
      long minutes = Long.getLong("chaperone.crashloop.minutes", 0); // 0: no time limit
      int cycle = 0;
      while (cycle < cycles
          && (minutes == 0 || System.nanoTime() - started < TimeUnit.MINUTES.toNanos(minutes))) {
        cycle++;
        runCycle(cds);
        check(cycle);
        if (cycle % 25 == 0) {
          System.out.printf("Crash loop (%s): %d cycles, %d acknowledged, %d s%n",
              storeUrl.isEmpty() ? "sqlite" : "postgresql", cycle, acknowledged.size(),
              TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
      }
      String engine = storeUrl.isEmpty() ? "sqlite" : "postgresql";
      System.out.printf("Crash loop (%s, seed %d): %d cycles in %d s, %d acknowledged, %d retried"
              + " after a lost answer, %d streamed to the subscriber; lost %d, duplicated %d,"
              + " stream gaps/duplicates %d, archive verify failures %d%n",
          engine, seed, cycle, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
          acknowledged.size(), retriedAndAcknowledged.get(), received.size(),
          lost, duplicated, streamFaults, verifyFailures);
    }

    private Store open() {
      return storeUrl.isEmpty() ? JdbcStore.openSqlite(dir) : JdbcStore.openPostgres(storeUrl, "", "");
    }

    private void runCycle(Path cds) throws Exception {
      try (GatewayProcess gateway = GatewayProcess.start(dir, storeUrl, cds)) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", gateway.port())
            .usePlaintext().build();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        firstAcknowledged = new java.util.concurrent.CountDownLatch(1);
        ConcurrentLinkedQueue<String> retries = new ConcurrentLinkedQueue<>(unknown);
        unknown.clear();
        Subscriber subscriber = new Subscriber(channel);
        try {
          for (int i = 0; i < SENDERS; i++) {
            senders.submit(() -> send(channel, stop, retries));
          }
          // Kill at a random moment once writes go through: after the cycle's first acknowledged
          // send (on a loaded machine a fresh gateway may take seconds to answer its first one).
          int killAfterMs = random.nextInt(storeUrl.isEmpty() ? 700 : 1_000);
          firstAcknowledged.await(15, TimeUnit.SECONDS);
          Thread.sleep(killAfterMs);
          gateway.kill();
        } finally {
          stop.set(true);
          senders.shutdown();
          senders.awaitTermination(30, TimeUnit.SECONDS);
          channel.shutdownNow();
          channel.awaitTermination(10, TimeUnit.SECONDS);
          subscriber.awaitEnd();
          unknown.addAll(retries);
        }
      }
    }

    private void send(ManagedChannel channel, AtomicBoolean stop, ConcurrentLinkedQueue<String> retries) {
      MessageServiceGrpc.MessageServiceBlockingStub stub = MessageServiceGrpc.newBlockingStub(channel)
          .withCallCredentials(TestGateway.bearer(tokens.issue(TestDistrict.TEACHER, Duration.ofHours(1))));
      while (!stop.get()) {
        String id = retries.poll();
        boolean retry = id != null;
        if (!retry) {
          id = "crash-" + nextId.incrementAndGet();
        }
        try {
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).createMessage(CreateMessageRequest.newBuilder()
              .setParent(CHANNEL).setRequestId(id)
              .setMessage(Message.newBuilder().setText("Reminder " + id + ": quiz on Friday."))
              .build());
          acknowledged.put(id, true);
          firstAcknowledged.countDown();
          if (retry) {
            retriedAndAcknowledged.incrementAndGet();
          }
        } catch (StatusRuntimeException e) {
          unknown.add(id);
          if (e.getStatus().getCode() != Status.Code.UNAVAILABLE
              && e.getStatus().getCode() != Status.Code.CANCELLED
              && e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
            throw new AssertionError("a send failed other than by the crash: " + e, e);
          }
          return;
        }
      }
    }

    /** A guardian's inbox stream, resumed from the last cursor it received. */
    private final class Subscriber {
      private final java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();

      Subscriber(ManagedChannel channel) {
        StreamMessagesRequest.Builder request = StreamMessagesRequest.newBuilder();
        if (cursor.isEmpty()) {
          request.setFromBeginning(true);
        } else {
          request.setCursor(cursor);
        }
        MessageServiceGrpc.newStub(channel)
            .withCallCredentials(TestGateway.bearer(tokens.issue(TestDistrict.G1, Duration.ofHours(1))))
            .streamMessages(request.build(), new StreamObserver<>() {
              @Override
              public void onNext(MessageEvent event) {
                synchronized (received) {
                  if (event.hasMessage()) {
                    String name = event.getMessage().getName();
                    received.add(Long.parseLong(name.substring(name.lastIndexOf('/') + 1)));
                  }
                  if (!event.getCursor().isEmpty()) {
                    cursor = event.getCursor();
                  }
                }
              }

              @Override
              public void onError(Throwable t) {
                ended.complete(null);
              }

              @Override
              public void onCompleted() {
                ended.complete(null);
              }
            });
      }

      void awaitEnd() throws Exception {
        ended.get(30, TimeUnit.SECONDS);
      }
    }

    private void check(int cycle) {
      List<String> problems = new ArrayList<>();
      try (Store store = open()) {
        Map<String, Long> stored = store.reader()
            .messages(TestDistrict.MATH, Long.MAX_VALUE, 10_000_000, "").stream()
            .collect(Collectors.groupingBy(org.chaperone.domain.Message::requestId, Collectors.counting()));
        for (String id : acknowledged.keySet()) {
          if (stored.getOrDefault(id, 0L) == 0) {
            lost++;
            problems.add("acknowledged " + id + " is missing");
          }
        }
        stored.forEach((id, count) -> {
          if (count > 1) {
            duplicated++;
            problems.add(id + " is stored " + count + " times");
          }
        });
        List<Long> inbox = store.reader().inbox(TestDistrict.G1, 0, "", 10_000_000).stream()
            .map(StoreReader.Delivery::message).map(org.chaperone.domain.Message::id).toList();
        synchronized (received) {
          if (new HashSet<>(received).size() != received.size()) {
            streamFaults++;
            problems.add("the subscriber received a message twice");
          }
          if (received.size() > inbox.size() || !inbox.subList(0, received.size()).equals(received)) {
            streamFaults++;
            problems.add("the subscriber's messages are not its inbox in order: " + received.size()
                + " received, " + inbox.size() + " in the inbox");
          }
        }
      }
      List<String> verify = new ArrayList<>(List.of("archive", "verify", "--data-dir", dir.toString()));
      if (!storeUrl.isEmpty()) {
        verify.addAll(List.of("--store-url", storeUrl));
      }
      int exit = ChaperoneCommand.commandLine(verify.toArray(String[]::new)).execute(verify.toArray(String[]::new));
      if (exit != 0) {
        verifyFailures++;
        problems.add("archive verify exited " + exit);
      }
      assertThat(problems).as("cycle %d (seed %d)", cycle, seed).isEmpty();
    }
  }
}
