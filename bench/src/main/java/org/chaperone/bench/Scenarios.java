package org.chaperone.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.StreamMessagesRequest;

/** The scenarios, each measured against its reference in interleaved pairs. */
final class Scenarios {
  private final Duration duration;
  private final int pairs;
  private final Path work;

  Scenarios(Duration duration, int pairs, Path work) {
    this.duration = duration;
    this.pairs = pairs;
    this.work = work;
  }

  static CreateMessageRequest send(String channel, int i, String run) {
    return CreateMessageRequest.newBuilder().setParent("channels/" + channel)
        .setMessage(Message.newBuilder().setText("Reminder: unit 3 quiz on Friday, bring a calculator. #" + i))
        .setRequestId(run + "-" + i).build();
  }

  private Path fresh(String name) throws Exception {
    return Files.createTempDirectory(work, name);
  }

  /** 1: send capacity vs R4 (the same rows, batched, raw JDBC) and R3 (one commit per row). */
  List<Measurement> sendCapacity() throws Exception {
    List<Double> ref = new ArrayList<>();
    List<Double> r3 = new ArrayList<>();
    List<Double> gw = new ArrayList<>();
    for (int p = 0; p < pairs; p++) {
      r3.add(StoreReferences.singleRowCommits(fresh("r3"), duration));
      ref.add(StoreReferences.batchedSends(fresh("r4"), duration, 10, 64));
      try (GatewayUnderTest g = new GatewayUnderTest(fresh("gw"))) {
        String run = "cap" + p;
        var stub = g.async(BenchRoster.TEACHER);
        gw.add(Load.closedLoop(duration, 64, (i, done) -> stub.createMessage(
            send(BenchRoster.SMALL, i, run), new Completion<>(done))));
      }
    }
    return List.of(
        new Measurement("1. send capacity (10 recipients, no subscribers)", "sends/s", true,
            "R4 batched rows of a send, raw JDBC, groups of 64", ref, gw, Map.of()),
        new Measurement("1c. send capacity vs one fsync per commit", "sends/s", true,
            "R3 single-row commit loop, same durability", r3, gw, Map.of()));
  }

  /** 1b: the gateway against the bare unary echo (what the RPC itself costs). */
  Measurement sendVersusEcho() throws Exception {
    List<Double> ref = new ArrayList<>();
    List<Double> gw = new ArrayList<>();
    byte[] payload = send(BenchRoster.SMALL, 0, "x").toByteArray();
    for (int p = 0; p < pairs; p++) {
      try (EchoReference echo = new EchoReference()) {
        ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", echo.port(),
            InsecureChannelCredentials.create()).build();
        ref.add(Load.closedLoop(duration, 64, (i, done) -> ClientCalls.asyncUnaryCall(
            ch.newCall(EchoReference.ECHO, io.grpc.CallOptions.DEFAULT), payload, new Completion<>(done))));
        ch.shutdownNow();
      }
      try (GatewayUnderTest g = new GatewayUnderTest(fresh("gw"))) {
        String run = "echo" + p;
        var stub = g.async(BenchRoster.TEACHER);
        gw.add(Load.closedLoop(duration, 64, (i, done) -> stub.createMessage(
            send(BenchRoster.SMALL, i, run), new Completion<>(done))));
      }
    }
    return new Measurement("1b. send capacity vs bare gRPC", "calls/s", true,
        "R1 unary echo of the same payload", ref, gw, Map.of());
  }

  /** 2: durable-ack latency, one call at a time, open loop (p50 and p99). */
  List<Measurement> ackLatency() throws Exception {
    List<Double> refP50 = new ArrayList<>();
    List<Double> gwP50 = new ArrayList<>();
    List<Double> refP99 = new ArrayList<>();
    List<Double> gwP99 = new ArrayList<>();
    Duration interval = Duration.ofMillis(5);
    byte[] payload = send(BenchRoster.SMALL, 0, "x").toByteArray();
    Map<String, Object> extra = new LinkedHashMap<>();
    for (int p = 0; p < pairs; p++) {
      try (EchoReference echo = new EchoReference()) {
        ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", echo.port(),
            InsecureChannelCredentials.create()).build();
        Histogram h = Load.openLoop(duration, interval, i -> EchoReference.echo(ch, payload));
        refP50.add(h.getValueAtPercentile(50) / 1000.0);
        refP99.add(h.getValueAtPercentile(99) / 1000.0);
        ch.shutdownNow();
      }
      try (GatewayUnderTest g = new GatewayUnderTest(fresh("gw"))) {
        String run = "lat" + p;
        var stub = g.blocking(BenchRoster.TEACHER);
        Histogram h = Load.openLoop(duration, interval, i -> stub.createMessage(send(BenchRoster.SMALL, i, run)));
        gwP50.add(h.getValueAtPercentile(50) / 1000.0);
        gwP99.add(h.getValueAtPercentile(99) / 1000.0);
        extra.put("p99_9_ms", h.getValueAtPercentile(99.9) / 1000.0);
        extra.put("max_ms", h.getMaxValue() / 1000.0);
        extra.put("calls", h.getTotalCount());
      }
    }
    String ref = "R1 unary echo, same open-loop client (one call every 5 ms)";
    return List.of(
        new Measurement("2. durable-ack latency p50", "ms", false, ref, refP50, gwP50, Map.of()),
        new Measurement("2. durable-ack latency p99", "ms", false, ref, refP99, gwP99, extra));
  }

  /** 3: class fan-out to 69 live streams vs R2 (bare broadcast to 69 streams). */
  Measurement fanOut() throws Exception {
    int streams = BenchRoster.LARGE_STUDENTS * 3;
    List<Double> ref = new ArrayList<>();
    List<Double> gw = new ArrayList<>();
    Map<String, Object> extra = new LinkedHashMap<>();
    for (int p = 0; p < pairs; p++) {
      try (EchoReference broadcast = new EchoReference()) {
        ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", broadcast.port(),
            InsecureChannelCredentials.create()).build();
        AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(streams));
        for (int s = 0; s < streams; s++) {
          ClientCalls.asyncServerStreamingCall(ch.newCall(EchoReference.SUBSCRIBE, io.grpc.CallOptions.DEFAULT),
              new byte[0], new Counting<>(latch));
        }
        Thread.sleep(500);
        byte[] payload = send(BenchRoster.LARGE, 0, "x").toByteArray();
        ref.add(fanOutLoop(latch, streams, null, () -> ClientCalls.blockingUnaryCall(ch,
            EchoReference.PUBLISH, io.grpc.CallOptions.DEFAULT, payload)));
        broadcast.dropSubscribers();
        ch.shutdownNow();
      }
      try (GatewayUnderTest g = new GatewayUnderTest(fresh("gw"))) {
        AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(streams));
        List<io.grpc.Context.CancellableContext> contexts = new ArrayList<>();
        for (int s = 1; s <= BenchRoster.LARGE_STUDENTS; s++) {
          for (String person : List.of("ls-" + s, "lga-" + s, "lgb-" + s)) {
            io.grpc.Context.CancellableContext ctx = io.grpc.Context.current().withCancellation();
            contexts.add(ctx);
            ctx.run(() -> g.async(person).streamMessages(StreamMessagesRequest.getDefaultInstance(),
                new Counting<MessageEvent>(latch)));
          }
        }
        Thread.sleep(1000);
        var stub = g.blocking(BenchRoster.TEACHER);
        String run = "fan" + p;
        int[] i = {0};
        Histogram h = new Histogram(3);
        gw.add(fanOutLoop(latch, streams, h, () -> stub.createMessage(send(BenchRoster.LARGE, i[0]++, run))));
        extra.put("send_to_last_delivery_p50_ms", h.getValueAtPercentile(50) / 1000.0);
        extra.put("send_to_last_delivery_p99_ms", h.getValueAtPercentile(99) / 1000.0);
        contexts.forEach(c -> c.cancel(null));
      }
    }
    return new Measurement("3. class fan-out to " + streams + " live streams", "fan-outs/s", true,
        "R2 bare broadcast to " + streams + " streams", ref, gw, extra);
  }

  private double fanOutLoop(AtomicReference<CountDownLatch> latch, int streams, Histogram h,
      Runnable publish) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    long began = System.nanoTime();
    long n = 0;
    while (System.nanoTime() < end) {
      CountDownLatch l = new CountDownLatch(streams);
      latch.set(l);
      long t0 = System.nanoTime();
      publish.run();
      if (!l.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a fan-out did not reach every stream within 10 s");
      }
      if (h != null) {
        h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
      }
      n++;
    }
    return n / ((System.nanoTime() - began) / 1e9);
  }

  /** Completes a closed-loop slot when a unary call ends, successfully or not. */
  static final class Completion<T> implements StreamObserver<T> {
    private final Runnable done;

    Completion(Runnable done) {
      this.done = done;
    }

    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {
      System.err.println("call failed: " + t);
      done.run();
    }

    @Override
    public void onCompleted() {
      done.run();
    }
  }

  /** Counts one delivery towards the current fan-out. */
  static final class Counting<T> implements StreamObserver<T> {
    private final AtomicReference<CountDownLatch> latch;

    Counting(AtomicReference<CountDownLatch> latch) {
      this.latch = latch;
    }

    @Override
    public void onNext(T value) {
      latch.get().countDown();
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
