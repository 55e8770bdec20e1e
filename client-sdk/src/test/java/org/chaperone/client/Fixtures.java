package org.chaperone.client;

import io.grpc.ClientInterceptor;
import java.time.Duration;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.testing.TestGateway;

/** Clients on the real gateway of a {@link TestGateway}, with short backoffs for tests. */
final class Fixtures {
  static final RetrySettings FAST_RETRY =
      new RetrySettings(4, Duration.ofMillis(10), Duration.ofMillis(200), 2.0);

  private Fixtures() {}

  static ChaperoneClient.Builder clientBuilder(TestGateway gw, String person,
      ClientInterceptor... interceptors) {
    ChaperoneClient.Builder b = ChaperoneClient.builder()
        .channel(gw.channel())
        .token(gw.token(person))
        .retrySettings(FAST_RETRY);
    for (ClientInterceptor i : interceptors) {
      b.addInterceptor(i);
    }
    return b;
  }

  static ChaperoneClient client(TestGateway gw, String person, ClientInterceptor... interceptors) {
    return clientBuilder(gw, person, interceptors).build();
  }

  static CreateMessageRequest send(String channelId, String text) {
    return CreateMessageRequest.newBuilder().setParent("channels/" + channelId)
        .setMessage(Message.newBuilder().setText(text)).build();
  }
}
