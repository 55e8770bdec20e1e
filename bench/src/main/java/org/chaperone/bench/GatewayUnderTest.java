package org.chaperone.bench;

import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.app.Gateway;
import org.chaperone.app.GatewaySettings;
import org.chaperone.directory.oneroster.OneRosterReader;

/** The real gateway on a socket, on a fresh SQLite data directory with the benchmark roster. */
final class GatewayUnderTest implements AutoCloseable {
  private final Gateway gateway;
  final ManagedChannel channel;

  GatewayUnderTest(Path dataDir) throws Exception {
    gateway = Gateway.start(GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withRateLimits(GatewaySettings.RateLimits.OFF));
    gateway.rosterImport().apply("bench", OneRosterReader.readZip(BenchRoster.zip()), false);
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", gateway.port(),
        InsecureChannelCredentials.create()).build();
  }

  CallCredentials as(String personId) {
    String token = gateway.devTokens().orElseThrow().issue(personId, Duration.ofHours(2));
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        applier.apply(headers);
      }
    };
  }

  MessageServiceGrpc.MessageServiceStub async(String personId) {
    return MessageServiceGrpc.newStub(channel).withCallCredentials(as(personId));
  }

  MessageServiceGrpc.MessageServiceBlockingStub blocking(String personId) {
    return MessageServiceGrpc.newBlockingStub(channel).withCallCredentials(as(personId));
  }

  @Override
  public void close() {
    channel.shutdownNow();
    gateway.close();
  }
}
