package org.chaperone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.app.Gateway;
import org.chaperone.app.GatewaySettings;
import org.chaperone.cli.ChaperoneCommand;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path over a real socket: the CLI imports a roster into the embedded store, the gateway
 * serves it, a teacher's class message reaches every student's and guardian's stream exactly
 * once, and after a restart on the same data directory the message is still there.
 */
class ClassMessageEndToEndTest {
  @TempDir Path dataDir;

  @Test
  void importSendStreamRestartReadBack() throws Exception {
    Path bundle = dataDir.resolve("roster.zip");
    Files.write(bundle, TestDistrict.zip());
    int exit = ChaperoneCommand.commandLine().execute(
        "roster", "import", bundle.toString(), "--data-dir", dataDir.toString());
    assertThat(exit).isZero();

    GatewaySettings settings = GatewaySettings.development(dataDir, 0).withDemoDistrict(false);
    List<String> audience = List.of(TestDistrict.S1, TestDistrict.S2, TestDistrict.S3,
        TestDistrict.G1, TestDistrict.G2, TestDistrict.G3, TestDistrict.G4);
    String sentName;
    try (Gateway gateway = Gateway.start(settings)) {
      ManagedChannel channel = connect(gateway);
      try {
        Map<String, BlockingQueue<MessageEvent>> streams = new LinkedHashMap<>();
        for (String person : audience) {
          streams.put(person, subscribe(channel, gateway, person));
        }
        Message sent = stub(channel, gateway, TestDistrict.TEACHER).createMessage(
            CreateMessageRequest.newBuilder().setParent("channels/" + TestDistrict.MATH)
                .setMessage(Message.newBuilder().setText("Field trip forms due Monday"))
                .setRequestId("e2e-1").build());
        sentName = sent.getName();
        for (Map.Entry<String, BlockingQueue<MessageEvent>> s : streams.entrySet()) {
          MessageEvent first = s.getValue().poll(10, TimeUnit.SECONDS);
          assertThat(first).as("%s's stream", s.getKey()).isNotNull();
          assertThat(first.getMessage().getName()).isEqualTo(sentName);
          assertThat(first.getMessage().getSenderDisplayName()).isEqualTo("Tom Miller");
        }
        Thread.sleep(500);
        for (Map.Entry<String, BlockingQueue<MessageEvent>> s : streams.entrySet()) {
          assertThat(s.getValue()).as("%s got it exactly once", s.getKey()).isEmpty();
        }
      } finally {
        channel.shutdownNow();
      }
    }

    try (Gateway restarted = Gateway.start(settings)) {
      ManagedChannel channel = connect(restarted);
      try {
        List<Message> listed = stub(channel, restarted, TestDistrict.G2).listMessages(
            ListMessagesRequest.newBuilder().setParent("channels/" + TestDistrict.MATH).build())
            .getMessagesList();
        assertThat(listed).extracting(Message::getName).containsExactly(sentName);
        BlockingQueue<MessageEvent> replay = subscribe(channel, restarted, TestDistrict.G3);
        assertThat(replay.poll(10, TimeUnit.SECONDS).getMessage().getText())
            .isEqualTo("Field trip forms due Monday");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private static ManagedChannel connect(Gateway gateway) {
    return Grpc.newChannelBuilderForAddress("127.0.0.1", gateway.port(),
        InsecureChannelCredentials.create()).build();
  }

  private static MessageServiceGrpc.MessageServiceBlockingStub stub(ManagedChannel channel,
      Gateway gateway, String person) {
    return MessageServiceGrpc.newBlockingStub(channel).withCallCredentials(TestGateway.bearer(
        gateway.devTokens().orElseThrow().issue(person, Duration.ofMinutes(10))));
  }

  private static BlockingQueue<MessageEvent> subscribe(ManagedChannel channel, Gateway gateway, String person) {
    BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
    List<Throwable> errors = new ArrayList<>();
    MessageServiceGrpc.newStub(channel).withCallCredentials(TestGateway.bearer(
            gateway.devTokens().orElseThrow().issue(person, Duration.ofMinutes(10))))
        .streamMessages(StreamMessagesRequest.newBuilder().setFromBeginning(true).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(MessageEvent value) {
                events.add(value);
              }

              @Override
              public void onError(Throwable t) {
                errors.add(t);
              }

              @Override
              public void onCompleted() {}
            });
    return events;
  }
}
