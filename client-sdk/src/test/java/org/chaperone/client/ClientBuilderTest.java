package org.chaperone.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder refuses configurations that cannot work or would leak tokens. */
class ClientBuilderTest {
  @Test
  void plaintextIsOnlyForThisMachine() {
    assertThatThrownBy(() -> ChaperoneClient.builder().target("chaperone.district.example:443")
        .usePlaintext().token("t").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("unencrypted");
    for (String local : new String[] {"localhost:8443", "127.0.0.1:8443", "127.1.2.3:1",
        "[::1]:8443", "dns:///localhost:8443", "LOCALHOST:1"}) {
      assertThat(ChaperoneClient.Builder.isLoopback(local)).as(local).isTrue();
    }
    for (String remote : new String[] {"10.0.0.1:8443", "localhost.evil.example:1",
        "127.0.0.1.evil.example:1", "[::2]:1", "dns:///gateway:443"}) {
      assertThat(ChaperoneClient.Builder.isLoopback(remote)).as(remote).isFalse();
    }
    ChaperoneClient.builder().target("localhost:1").usePlaintext().token("t").build().close();
  }

  @Test
  void incompleteOrContradictoryConfigurationsAreRefused() {
    assertThatThrownBy(() -> ChaperoneClient.builder().token("t").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("target");
    assertThatThrownBy(() -> ChaperoneClient.builder().target("localhost:1").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("token");
    var channel = InProcessChannelBuilder.forName("unused").build();
    try {
      assertThatThrownBy(() -> ChaperoneClient.builder().target("localhost:1").channel(channel)
          .token("t").build()).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> ChaperoneClient.builder().channel(channel).usePlaintext()
          .token("t").build()).isInstanceOf(IllegalStateException.class);
    } finally {
      channel.shutdownNow();
    }
    assertThatThrownBy(() -> ChaperoneClient.builder().target("localhost:1").usePlaintext()
        .trustRoots(Path.of("ca.pem")).token("t").build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ChaperoneClient.builder().token(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ChaperoneClient.builder().readDeadline(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetrySettings(0, Duration.ofMillis(1), Duration.ofMillis(1), 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetrySettings(3, Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unreadableTrustRootsAreReportedAtBuild() {
    assertThatThrownBy(() -> ChaperoneClient.builder().target("gateway.example:443")
        .trustRoots(Path.of("/nonexistent/ca.pem")).token("t").build())
        .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("TLS files");
  }

  @Test
  void anUnreachableGatewayFailsUnavailableAfterTheRetries() {
    try (ChaperoneClient client = ChaperoneClient.builder().target("127.0.0.1:1").token("t")
        .retrySettings(new RetrySettings(2, Duration.ofMillis(5), Duration.ofMillis(5), 1)).build()) {
      ChaperoneException e = org.assertj.core.api.Assertions.catchThrowableOfType(
          ChaperoneException.class, client::getMyPerson);
      assertThat(e.code()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
      assertThat(e.reason()).isEmpty();
      assertThat(e.requestId()).isNotEmpty();
    }
  }
}
