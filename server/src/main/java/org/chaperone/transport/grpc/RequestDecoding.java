package org.chaperone.transport.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.chaperone.domain.RequestRejected;

/**
 * Decodes request messages before the service sees them, so that a request that is not valid
 * protobuf (invalid UTF-8 in a string field, most often) gets {@code INVALID_ARGUMENT} with the
 * reason {@code INVALID_FIELD} instead of grpc-java's bare {@code UNKNOWN}.
 *
 * <p>Why here: grpc-java parses requests before any interceptor runs and maps a parse failure to
 * {@code UNKNOWN}. Serving the methods with raw streams ({@link
 * ServerInterceptors#useInputStreamMessages}) lets this interceptor try the parse first; the
 * bytes are then handed on unchanged.
 */
final class RequestDecoding {
  private RequestDecoding() {}

  static ServerServiceDefinition wrap(ServerServiceDefinition typed) {
    Map<String, MethodDescriptor<?, ?>> methods = new HashMap<>();
    for (ServerMethodDefinition<?, ?> m : typed.getMethods()) {
      methods.put(m.getMethodDescriptor().getFullMethodName(), m.getMethodDescriptor());
    }
    return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(typed),
        new Interceptor(methods));
  }

  private static final class Interceptor implements ServerInterceptor {
    private final Map<String, MethodDescriptor<?, ?>> methods;

    Interceptor(Map<String, MethodDescriptor<?, ?>> methods) {
      this.methods = methods;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      MethodDescriptor<?, ?> typed = methods.get(call.getMethodDescriptor().getFullMethodName());
      ServerCall.Listener<Q> delegate = next.startCall(call, headers);
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
        private boolean rejected;

        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(Q message) {
          if (rejected) {
            return;
          }
          byte[] bytes;
          try {
            bytes = ((InputStream) message).readAllBytes();
            typed.parseRequest(new ByteArrayInputStream(bytes));
          } catch (IOException | RuntimeException e) {
            rejected = true;
            StatusRuntimeException status = GrpcErrors.toStatus(RequestRejected.invalidField(
                "request", describe(e)), "");
            call.close(status.getStatus(), status.getTrailers());
            return;
          }
          super.onMessage((Q) new ByteArrayInputStream(bytes));
        }

        @Override
        public void onHalfClose() {
          if (!rejected) {
            super.onHalfClose();
          }
        }
      };
    }
  }

  private static String describe(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidProtocolBufferException ipe) {
        return "is not a valid message: " + ipe.getMessage();
      }
    }
    return "could not be decoded";
  }
}
