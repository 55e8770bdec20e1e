package org.chaperone.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the API's error contract: status code plus {@code ErrorInfo} reason. */
public final class Errors {
  private Errors() {}

  /** Runs {@code call}, asserts it fails with {@code code} and {@code reason}, returns the status. */
  public static com.google.rpc.Status assertRejected(ThrowingCallable call, Status.Code code, String reason) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
    assertThat(e).as("the call should have failed with %s %s", code, reason).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("google.rpc.Status details").isNotNull();
    assertThat(errorInfo(status).getReason()).isEqualTo(reason);
    assertThat(errorInfo(status).getDomain()).isEqualTo("chaperone.org");
    return status;
  }

  public static ErrorInfo errorInfo(com.google.rpc.Status status) {
    return status.getDetailsList().stream().filter(a -> a.is(ErrorInfo.class)).findFirst()
        .map(a -> unpack(a, ErrorInfo.class)).orElseThrow(() -> new AssertionError("no ErrorInfo"));
  }

  public static List<String> violatedFields(com.google.rpc.Status status) {
    return status.getDetailsList().stream().filter(a -> a.is(BadRequest.class))
        .flatMap(a -> unpack(a, BadRequest.class).getFieldViolationsList().stream())
        .map(BadRequest.FieldViolation::getField).toList();
  }

  private static <T extends com.google.protobuf.Message> T unpack(com.google.protobuf.Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
