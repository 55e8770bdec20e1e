package org.chaperone.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.TestDistrict.G1;
import static org.chaperone.testing.TestDistrict.MATH;
import static org.chaperone.testing.TestDistrict.TEACHER;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.app.Gateway;
import org.chaperone.app.GatewaySettings;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway on a real socket, stopped and started again on the same data directory and port: a
 * subscription resumes without gaps or duplicates, and sends during the restart are retried.
 */
class ServerRestartTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  @Test
  void aSubscriptionSurvivesAGatewayRestart() throws Exception {
    int port = freePort();
    GatewaySettings settings = GatewaySettings.development(dataDir, port).withDemoDistrict(false);
    Gateway gateway = Gateway.start(settings);
    try {
      gateway.rosterImport().apply("test", OneRosterReader.readZip(TestDistrict.zip()), false);
      // The development signing key lives in the data directory: tokens outlive the restart.
      String teacherToken = gateway.devTokens().orElseThrow().issue(TEACHER, Duration.ofHours(1));
      String guardianToken = gateway.devTokens().orElseThrow().issue(G1, Duration.ofHours(1));
      String target = "127.0.0.1:" + port;
      RecordingListener listener = new RecordingListener();
      try (ChaperoneClient teacher = ChaperoneClient.builder().target(target).usePlaintext()
              .token(teacherToken).build();
          ChaperoneClient guardian = ChaperoneClient.builder().target("localhost:" + port)
              .usePlaintext().token(guardianToken).build()) {
        Subscription s = guardian.subscribe(
            StreamMessagesRequest.newBuilder().setChannel("channels/" + MATH).build(), listener);
        SubscriptionTest.waitFor(() -> !s.lastCursor().isEmpty());
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
          sent.add(send(teacher, "before restart " + i));
        }
        assertThat(listener.awaitTexts(5, WAIT)).isEqualTo(sent);

        gateway.close();
        gateway = Gateway.start(settings);
        for (int i = 1; i <= 5; i++) {
          sent.add(send(teacher, "after restart " + i));
        }

        assertThat(listener.awaitTexts(5, WAIT)).isEqualTo(sent.subList(5, 10));
        listener.assertNoMoreEvents(Duration.ofMillis(500));
        assertThat(listener.reconnects).isNotEmpty();
        assertThat(listener.error).isNotDone();
        assertThat(s.isActive()).isTrue();
        // Exactly the ten messages exist: nothing was sent twice across the restart.
        assertThat(guardian.listMessages("channels/" + MATH).stream().map(Message::getText).toList())
            .containsExactlyInAnyOrderElementsOf(sent);
      }
    } finally {
      gateway.close();
    }
  }

  private static String send(ChaperoneClient teacher, String text) {
    return teacher.createMessage("channels/" + MATH, text).getText();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
