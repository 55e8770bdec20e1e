package org.chaperone.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.ListChannelsRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.ChannelServiceGrpc;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.auth.DevTokenAuthority;
import org.chaperone.testing.Errors;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that open message streams and never read them cannot make the gateway hold their
 * messages in memory: the gateway (a child process with a 128 MiB heap) serves 64 streams that
 * never read while 400 messages of 8 KiB are sent to them — 200 MiB if it buffered them — and
 * keeps serving everyone else. A person's 17th stream is refused ({@code RESOURCE_EXHAUSTED},
 * {@code TOO_MANY_CONCURRENT_CALLS}).
 */
class UnreadStreamsTest {
  private static final int MESSAGES = 400;
  private static final String TEXT = "Reading for Friday: " + "chapter twelve, pages 40 to 52. ".repeat(256);

  @TempDir Path dataDir;
  @TempDir Path scratch;

  @Test
  void unreadStreamsDoNotGrowServerMemoryAndOthersAreStillServed() throws Exception {
    GatewayProcess.importTestDistrict(dataDir, "");
    DevTokenAuthority tokens = DevTokenAuthority.openOrCreate(dataDir);
    try (GatewayProcess gateway = GatewayProcess.startWithHeap(dataDir, "", scratch.resolve("cds.jsa"), "128m")) {
      ManagedChannel hoarder = NettyChannelBuilder.forAddress("127.0.0.1", gateway.port())
          .usePlaintext().flowControlWindow(64 * 1024).build();
      ManagedChannel others = NettyChannelBuilder.forAddress("127.0.0.1", gateway.port())
          .usePlaintext().build();
      try {
        List<ClientCallStreamObserver<?>> unread = new ArrayList<>();
        for (String guardian : List.of(TestDistrict.G1, TestDistrict.G2, TestDistrict.G3, TestDistrict.G4)) {
          for (int i = 0; i < 16; i++) {
            unread.add(openUnread(hoarder, tokens.issue(guardian, Duration.ofHours(1))));
          }
        }
        StatusRuntimeException refused = seventeenth(hoarder, tokens.issue(TestDistrict.G1, Duration.ofHours(1)));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(Errors.errorInfo(StatusProto.fromThrowable(refused)).getReason())
            .isEqualTo("TOO_MANY_CONCURRENT_CALLS");

        // A student reads everything, while the teacher sends.
        CountDownLatch readAll = new CountDownLatch(MESSAGES);
        MessageServiceGrpc.newStub(others)
            .withCallCredentials(TestGateway.bearer(tokens.issue(TestDistrict.S1, Duration.ofHours(1))))
            .streamMessages(StreamMessagesRequest.newBuilder().setChannel("channels/" + TestDistrict.MATH).build(),
                new StreamObserver<>() {
                  @Override
                  public void onNext(MessageEvent value) {
                    if (value.hasMessage()) {
                      readAll.countDown();
                    }
                  }

                  @Override
                  public void onError(Throwable t) { }

                  @Override
                  public void onCompleted() { }
                });
        send(others, tokens.issue(TestDistrict.TEACHER, Duration.ofHours(1)));
        assertThat(readAll.await(60, TimeUnit.SECONDS)).as("the reading student got every message").isTrue();
        assertThat(gateway.alive()).as("the gateway survived").isTrue();
        assertThat(ChannelServiceGrpc.newBlockingStub(others)
            .withCallCredentials(TestGateway.bearer(tokens.issue(TestDistrict.S2, Duration.ofHours(1))))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .listChannels(ListChannelsRequest.getDefaultInstance()).getChannelsCount()).isPositive();
        unread.forEach(s -> s.cancel("done", null));
      } finally {
        hoarder.shutdownNow();
        others.shutdownNow();
      }
      assertThat(gateway.output()).doesNotContain("OutOfMemoryError");
    }
  }

  /** A stream from the beginning of the person's inbox whose messages the client never takes. */
  private static ClientCallStreamObserver<?> openUnread(ManagedChannel channel, String token) throws Exception {
    CompletableFuture<ClientCallStreamObserver<StreamMessagesRequest>> opened = new CompletableFuture<>();
    MessageServiceGrpc.newStub(channel).withCallCredentials(TestGateway.bearer(token))
        .streamMessages(StreamMessagesRequest.newBuilder().setFromBeginning(true).build(),
            new ClientResponseObserver<StreamMessagesRequest, MessageEvent>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<StreamMessagesRequest> call) {
                call.disableAutoRequestWithInitial(0);
                opened.complete(call);
              }

              @Override
              public void onNext(MessageEvent value) { }

              @Override
              public void onError(Throwable t) { }

              @Override
              public void onCompleted() { }
            });
    return opened.get(10, TimeUnit.SECONDS);
  }

  private static StatusRuntimeException seventeenth(ManagedChannel channel, String token) throws Exception {
    CompletableFuture<StatusRuntimeException> failed = new CompletableFuture<>();
    MessageServiceGrpc.newStub(channel).withCallCredentials(TestGateway.bearer(token))
        .streamMessages(StreamMessagesRequest.getDefaultInstance(), new StreamObserver<>() {
          @Override
          public void onNext(MessageEvent value) { }

          @Override
          public void onError(Throwable t) {
            failed.complete(t instanceof StatusRuntimeException s ? s : new StatusRuntimeException(Status.fromThrowable(t)));
          }

          @Override
          public void onCompleted() {
            failed.completeExceptionally(new AssertionError("the 17th stream was not refused"));
          }
        });
    return failed.get(10, TimeUnit.SECONDS);
  }

  private static void send(ManagedChannel channel, String token) throws Exception {
    MessageServiceGrpc.MessageServiceBlockingStub teacher = MessageServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(TestGateway.bearer(token));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger n = new AtomicInteger();
    try {
      List<Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        sends.add(pool.submit(() -> teacher.withDeadlineAfter(30, TimeUnit.SECONDS)
            .createMessage(CreateMessageRequest.newBuilder().setParent("channels/" + TestDistrict.MATH)
                .setMessage(Message.newBuilder().setText(n.incrementAndGet() + " " + TEXT)).build())));
      }
      for (Future<?> f : sends) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
