package org.chaperone.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.chaperone.api.v1.CreateAccessTokenRequest;
import org.chaperone.api.v1.CreateAccessTokenResponse;
import org.chaperone.api.v1.IntegrationServiceGrpc;

/**
 * An approved integration's access tokens: exchanged for its client id and secret on first use and
 * again a minute before each expires. Thread-safe; concurrent calls share one exchange.
 */
final class IntegrationTokens implements Supplier<String> {
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

  private final Channel channel;
  private final String clientId;
  private final String clientSecret;
  private final Duration deadline;
  private String token;
  private Instant renewAt = Instant.MIN;

  IntegrationTokens(Channel channel, String clientId, String clientSecret, Duration deadline) {
    this.channel = channel;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.deadline = deadline;
  }

  @Override
  public synchronized String get() {
    if (token == null || !Instant.now().isBefore(renewAt)) {
      try {
        CreateAccessTokenResponse r = ClientCalls.blockingUnaryCall(channel,
            IntegrationServiceGrpc.getCreateAccessTokenMethod(),
            CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS),
            CreateAccessTokenRequest.newBuilder().setClientId(clientId).setClientSecret(clientSecret).build());
        token = r.getAccessToken();
        renewAt = Instant.ofEpochSecond(r.getExpireTime().getSeconds()).minus(RENEW_BEFORE);
      } catch (StatusRuntimeException e) {
        throw ChaperoneException.from(e);
      }
    }
    return token;
  }
}
