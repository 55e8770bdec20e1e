package org.chaperone.transport.grpc;

import io.grpc.Context;
import org.chaperone.domain.Caller;

/** The authenticated caller and the request id, carried in the gRPC {@link Context}. */
final class CallerContext {
  static final Context.Key<Caller> CALLER = Context.key("chaperone-caller");
  static final Context.Key<String> REQUEST_ID = Context.key("chaperone-request-id");

  private CallerContext() {}

  /** The caller of the current RPC; set by {@link AuthenticationInterceptor}. */
  static Caller caller() {
    Caller caller = CALLER.get();
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller in this context");
    }
    return caller;
  }

  static String requestId() {
    String id = REQUEST_ID.get();
    return id == null ? "" : id;
  }
}
