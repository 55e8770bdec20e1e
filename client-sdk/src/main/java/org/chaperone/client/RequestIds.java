package org.chaperone.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.UUID;

/**
 * Request ids: the {@code x-request-id} header that ties a call (all its attempts) to the
 * gateway's log lines, and the {@code CreateMessage.request_id} idempotency keys. Both are random
 * UUIDs, which fit either's syntax.
 */
final class RequestIds implements ClientInterceptor {
  static final Metadata.Key<String> HEADER =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  static final CallOptions.Key<String> OPTION = CallOptions.Key.create("chaperone-request-id");

  static String newId() {
    return UUID.randomUUID().toString();
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
      CallOptions callOptions, Channel next) {
    String id = callOptions.getOption(OPTION);
    ClientCall<Q, R> call = next.newCall(method, callOptions);
    if (id == null) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(HEADER, id);
        super.start(listener, headers);
      }
    };
  }
}
