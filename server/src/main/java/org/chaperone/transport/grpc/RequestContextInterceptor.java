package org.chaperone.transport.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every RPC a request id: the client's {@code x-request-id} header when it is sane,
 * otherwise a new one. It is echoed in the response headers and in every error, and prefixes the
 * server's log lines about the request, so a user's error report leads to the log entry.
 */
final class RequestContextInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> REQUEST_ID_HEADER =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String offered = headers.get(REQUEST_ID_HEADER);
    String requestId = offered != null && SANE.matcher(offered).matches()
        ? offered : UUID.randomUUID().toString();
    ServerCall<Q, R> tagged = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void sendHeaders(Metadata responseHeaders) {
        responseHeaders.put(REQUEST_ID_HEADER, requestId);
        super.sendHeaders(responseHeaders);
      }
    };
    Context context = Context.current().withValue(CallerContext.REQUEST_ID, requestId);
    return Contexts.interceptCall(context, tagged, headers, next);
  }
}
