package org.chaperone.transport.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RequestInfo;
import com.google.rpc.RetryInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.FieldViolation;
import org.chaperone.domain.RequestRejected;
import org.chaperone.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error vocabulary of the API: turns any failure into a {@code google.rpc.Status} whose
 * {@code ErrorInfo} carries the reason (domain {@value #DOMAIN}), plus a {@code BadRequest} for
 * field violations, a {@code RetryInfo} when retrying helps, and the request id. Unexpected
 * failures become {@code INTERNAL} without internals, and are logged with the request id.
 */
final class GrpcErrors {
  static final String DOMAIN = "chaperone.org";
  private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {}

  static StatusRuntimeException toStatus(Throwable failure, String requestId) {
    if (failure instanceof StatusRuntimeException s) {
      return s;
    }
    if (failure instanceof RequestRejected r) {
      return build(code(r.reason().kind()), r.getMessage(), r.reason(), r, requestId,
          r.reason().kind() == ErrorReason.Kind.EXHAUSTED);
    }
    if (failure instanceof StoreUnavailableException u) {
      log.warn("[{}] store unavailable: {}", requestId, u.getMessage());
      return build(Code.UNAVAILABLE, "the archive store is unavailable; retry with the same request_id",
          ErrorReason.STORE_UNAVAILABLE, null, requestId, true);
    }
    log.error("[{}] unexpected failure", requestId, failure);
    return build(Code.INTERNAL, "internal error; quote request id " + requestId + " to your administrator",
        ErrorReason.INTERNAL, null, requestId, false);
  }

  static StatusRuntimeException rejected(RequestRejected r) {
    return toStatus(r, CallerContext.requestId());
  }

  private static StatusRuntimeException build(Code code, String message, ErrorReason reason,
      RequestRejected r, String requestId, boolean retry) {
    ErrorInfo.Builder info = ErrorInfo.newBuilder().setDomain(DOMAIN).setReason(reason.name());
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
        .setCode(code.getNumber()).setMessage(message);
    if (r != null) {
      info.putAllMetadata(r.metadata());
    }
    status.addDetails(Any.pack(info.build()));
    if (r != null && !r.violations().isEmpty()) {
      BadRequest.Builder bad = BadRequest.newBuilder();
      for (FieldViolation v : r.violations()) {
        bad.addFieldViolations(BadRequest.FieldViolation.newBuilder()
            .setField(v.field()).setDescription(v.description()));
      }
      status.addDetails(Any.pack(bad.build()));
    }
    if (retry) {
      long millis = r == null ? 1000 : Long.parseLong(r.metadata().getOrDefault("retry_after_ms", "1000"));
      status.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder()
          .setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000)).build()));
    }
    if (!requestId.isEmpty()) {
      status.addDetails(Any.pack(RequestInfo.newBuilder().setRequestId(requestId).build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  private static Code code(ErrorReason.Kind kind) {
    return switch (kind) {
      case INVALID -> Code.INVALID_ARGUMENT;
      case UNAUTHENTICATED -> Code.UNAUTHENTICATED;
      case DENIED -> Code.PERMISSION_DENIED;
      case NOT_FOUND -> Code.NOT_FOUND;
      case CONFLICT -> Code.ALREADY_EXISTS;
      case PRECONDITION -> Code.FAILED_PRECONDITION;
      case UNAVAILABLE -> Code.UNAVAILABLE;
      case EXHAUSTED -> Code.RESOURCE_EXHAUSTED;
      case INTERNAL -> Code.INTERNAL;
    };
  }
}
