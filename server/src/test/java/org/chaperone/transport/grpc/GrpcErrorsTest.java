package org.chaperone.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import com.google.rpc.RequestInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.chaperone.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {
  @Test
  void unexpectedFailuresBecomeInternalWithoutInternals() throws Exception {
    StatusRuntimeException e = GrpcErrors.toStatus(
        new IllegalStateException("password=hunter2 at jdbc:postgresql://db"), "req-42");
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status.toString()).doesNotContain("hunter2").doesNotContain("jdbc");
    assertThat(status.getMessage()).contains("req-42");
    assertThat(status.getDetails(0).unpack(ErrorInfo.class).getReason()).isEqualTo("INTERNAL");
    assertThat(status.getDetails(1).unpack(RequestInfo.class).getRequestId()).isEqualTo("req-42");
  }

  @Test
  void storeOutagesAreRetryable() throws Exception {
    StatusRuntimeException e = GrpcErrors.toStatus(
        new StoreUnavailableException("connection refused to 10.0.0.5", null), "r");
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status.toString()).doesNotContain("10.0.0.5");
    assertThat(status.getDetailsList()).anyMatch(a -> a.is(RetryInfo.class));
  }
}
