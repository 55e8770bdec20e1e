package org.chaperone.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RequestInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A call to the gateway failed. This is the only exception the client's calls throw for a failed
 * call (besides {@link IllegalArgumentException} for arguments the client can check itself and
 * {@link IllegalStateException} after {@link ChaperoneClient#close()}).
 *
 * <p>Every error the gateway returns is a {@code google.rpc.Status} whose details carry a
 * {@code google.rpc.ErrorInfo} in the domain {@value #ERROR_DOMAIN}; switch on {@link #reason()}
 * (constants in {@link ErrorReasons}), never on the message text. Failures that never reached the
 * gateway (no connection, deadline exceeded) have a {@link #code()} but an empty reason.
 *
 * <p>The details are exposed typed: {@link #fieldViolations()} ({@code google.rpc.BadRequest}),
 * {@link #retryDelay()} ({@code google.rpc.RetryInfo}), {@link #requestId()} ({@code
 * google.rpc.RequestInfo}, the id to quote in a support request) and {@link #policyViolations()}
 * (content-policy refusals). {@link #status()} gives the whole status for anything else.
 *
 * <p>Instances are immutable.
 */
public final class ChaperoneException extends RuntimeException {
  /** The {@code ErrorInfo.domain} of every error the gateway returns. */
  public static final String ERROR_DOMAIN = "chaperone.org";

  private static final long serialVersionUID = 1L;

  private final Status.Code code;
  private final com.google.rpc.Status status;
  private final String reason;
  private final String domain;
  private final Map<String, String> metadata;
  private final List<FieldViolation> fieldViolations;
  private final Duration retryDelay;
  private final String requestId;
  private final List<PolicyViolation> policyViolations;

  private ChaperoneException(Status.Code code, com.google.rpc.Status status, String clientRequestId,
      Throwable cause) {
    super(null, cause);
    this.code = code;
    this.status = status;
    ErrorInfo info = errorInfo(status);
    this.reason = info.getReason();
    this.domain = info.getDomain();
    this.metadata = Map.copyOf(info.getMetadataMap());
    List<FieldViolation> fields = new ArrayList<>();
    for (BadRequest bad : details(status, BadRequest.class)) {
      for (BadRequest.FieldViolation v : bad.getFieldViolationsList()) {
        fields.add(new FieldViolation(v.getField(), v.getDescription()));
      }
    }
    this.fieldViolations = List.copyOf(fields);
    this.retryDelay = details(status, RetryInfo.class).stream().findFirst()
        .filter(RetryInfo::hasRetryDelay)
        .map(r -> Duration.ofSeconds(r.getRetryDelay().getSeconds(), r.getRetryDelay().getNanos()))
        .orElse(null);
    this.requestId = details(status, RequestInfo.class).stream().findFirst()
        .map(RequestInfo::getRequestId).filter(id -> !id.isEmpty())
        .orElse(clientRequestId == null ? "" : clientRequestId);
    this.policyViolations = PolicyViolation.fromErrorInfo(metadata);
  }

  /**
   * Converts a gRPC failure ({@link io.grpc.StatusRuntimeException}, {@link
   * io.grpc.StatusException}, or anything with one of them as a cause) into a {@code
   * ChaperoneException}; for applications that mix this client with calls of their own on the
   * generated stubs. Any other throwable becomes {@code UNKNOWN}.
   *
   * @param failure the failure of a gRPC call
   * @return the exception with the status details decoded
   */
  public static ChaperoneException from(Throwable failure) {
    return from(failure, "");
  }

  static ChaperoneException from(Throwable failure, String clientRequestId) {
    if (failure instanceof ChaperoneException already) {
      return already;
    }
    Status grpcStatus = Status.fromThrowable(failure);
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    if (status == null) {
      status = com.google.rpc.Status.newBuilder()
          .setCode(grpcStatus.getCode().value())
          .setMessage(grpcStatus.getDescription() == null ? "" : grpcStatus.getDescription())
          .build();
    }
    return new ChaperoneException(grpcStatus.getCode(), status, clientRequestId, failure);
  }

  /** A failure detected by the client itself, e.g. an interrupted wait or a failing listener. */
  static ChaperoneException local(Status.Code code, String message, Throwable cause) {
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(code.value()).setMessage(message).build();
    return new ChaperoneException(code, status, "", cause);
  }

  /**
   * The gRPC status code, e.g. {@code PERMISSION_DENIED}.
   *
   * @return the status code
   */
  public Status.Code code() {
    return code;
  }

  /**
   * The {@code ErrorInfo.reason}, e.g. {@code NOT_A_MEMBER} (see {@link ErrorReasons}); empty when
   * the failure carries no {@code ErrorInfo}, e.g. a connection failure.
   *
   * @return the reason, or an empty string
   */
  public String reason() {
    return reason;
  }

  /**
   * The {@code ErrorInfo.domain}: {@value #ERROR_DOMAIN} for errors of the gateway, empty when
   * there is no {@code ErrorInfo}, anything else for errors added by an intermediary (a proxy).
   *
   * @return the domain, or an empty string
   */
  public String domain() {
    return domain;
  }

  /**
   * The {@code ErrorInfo.metadata}: facts about the failure named per reason in the API contract,
   * e.g. {@code limit_bytes} for {@code TEXT_TOO_LONG}.
   *
   * @return an unmodifiable map, empty when there is none
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * The fields the gateway found missing or malformed ({@code google.rpc.BadRequest}), typically
   * with reason {@code INVALID_FIELD}.
   *
   * @return an unmodifiable list, empty when there are none
   */
  public List<FieldViolation> fieldViolations() {
    return fieldViolations;
  }

  /**
   * The content-policy violations that made the gateway refuse a message, read as documented on
   * {@link PolicyViolation}.
   *
   * @return an unmodifiable list, empty when the failure is not a policy refusal
   */
  public List<PolicyViolation> policyViolations() {
    return policyViolations;
  }

  /**
   * How long the gateway asks the client to wait before retrying ({@code google.rpc.RetryInfo}).
   * The client already honours it for the calls it retries by itself.
   *
   * @return the delay, or empty when the gateway gave none
   */
  public Optional<Duration> retryDelay() {
    return Optional.ofNullable(retryDelay);
  }

  /**
   * The request id to quote when reporting the failure: the gateway's {@code
   * google.rpc.RequestInfo.request_id}, or else the {@code x-request-id} the client sent.
   *
   * @return the request id, or an empty string for failures that never involved a call
   */
  public String requestId() {
    return requestId;
  }

  /**
   * The whole {@code google.rpc.Status}, for details this class does not decode.
   *
   * @return the status with its details
   */
  public com.google.rpc.Status status() {
    return status;
  }

  @Override
  public String getMessage() {
    StringBuilder m = new StringBuilder(code.name());
    if (!reason.isEmpty()) {
      m.append(' ').append(reason);
    }
    if (!status.getMessage().isEmpty()) {
      m.append(": ").append(status.getMessage());
    }
    for (FieldViolation v : fieldViolations) {
      m.append("; ").append(v.field()).append(' ').append(v.description());
    }
    if (!requestId.isEmpty()) {
      m.append(" (request ").append(requestId).append(')');
    }
    return m.toString();
  }

  private static ErrorInfo errorInfo(com.google.rpc.Status status) {
    List<ErrorInfo> infos = details(status, ErrorInfo.class);
    return infos.stream().filter(i -> ERROR_DOMAIN.equals(i.getDomain())).findFirst()
        .or(() -> infos.stream().findFirst())
        .orElse(ErrorInfo.getDefaultInstance());
  }

  private static <T extends com.google.protobuf.Message> List<T> details(
      com.google.rpc.Status status, Class<T> type) {
    List<T> found = new ArrayList<>();
    for (Any any : status.getDetailsList()) {
      if (any.is(type)) {
        try {
          found.add(any.unpack(type));
        } catch (InvalidProtocolBufferException damaged) {
          // A damaged detail is ignored; the code and message still describe the failure.
        }
      }
    }
    return found;
  }
}
