package org.chaperone.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.concurrent.TimeUnit;

/**
 * The container health check: asks the local gateway's gRPC health service and exits 0 when it
 * answers SERVING. It tries plaintext, then TLS without verifying the certificate (it only ever
 * talks to the gateway in its own container).
 */
public final class HealthProbe {
  private HealthProbe() {}

  public static void main(String[] args) {
    String target = args.length > 0 ? args[0] : "127.0.0.1:8443";
    ChannelCredentials tls = TlsChannelCredentials.newBuilder()
        .trustManager(InsecureTrustManagerFactory.INSTANCE.getTrustManagers()).build();
    for (ChannelCredentials credentials : new ChannelCredentials[] {InsecureChannelCredentials.create(), tls}) {
      ManagedChannel channel = Grpc.newChannelBuilder(target, credentials).build();
      try {
        ServingStatus status = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        System.out.println(status);
        System.exit(status == ServingStatus.SERVING ? 0 : 1);
      } catch (RuntimeException e) {
        // Try the next transport.
      } finally {
        channel.shutdownNow();
      }
    }
    System.out.println("UNREACHABLE");
    System.exit(1);
  }
}
