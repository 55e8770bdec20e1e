package org.chaperone.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.Errors.assertRejected;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.chaperone.api.v1.GetMyPersonRequest;
import org.chaperone.api.v1.ListChannelsRequest;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.ChannelServiceGrpc;
import org.chaperone.testing.Errors;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication and request decoding, through the production interceptor chain. */
class AuthenticationTest {
  @TempDir Path dataDir;
  TestGateway gw;

  @BeforeEach
  void start() {
    gw = TestGateway.start(dataDir);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  @Test
  void everyRpcButHealthNeedsAToken() {
    assertRejected(() -> ChannelServiceGrpc.newBlockingStub(gw.channel())
            .listChannels(ListChannelsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED, "TOKEN_MISSING");
    HealthCheckResponse health = HealthGrpc.newBlockingStub(gw.channel())
        .check(HealthCheckRequest.getDefaultInstance());
    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void forgedExpiredAndUnknownTokensAreRefused() {
    String good = gw.token(TestDistrict.TEACHER);
    String forged = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertRejected(() -> ChannelServiceGrpc.newBlockingStub(gw.channel())
            .withCallCredentials(TestGateway.bearer(forged))
            .listChannels(ListChannelsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED, "TOKEN_INVALID");
    Clock lastWeek = Clock.fixed(Instant.now().minus(Duration.ofDays(7)), ZoneOffset.UTC);
    String expired = gw.gateway().devTokens().orElseThrow()
        .issue(TestDistrict.TEACHER, Duration.ofHours(1), lastWeek);
    assertRejected(() -> ChannelServiceGrpc.newBlockingStub(gw.channel())
            .withCallCredentials(TestGateway.bearer(expired))
            .listChannels(ListChannelsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED, "TOKEN_EXPIRED");
    assertRejected(() -> gw.channels("nobody").listChannels(ListChannelsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED, "UNKNOWN_PERSON");
    assertRejected(() -> ChannelServiceGrpc.newBlockingStub(gw.channel())
            .withCallCredentials(TestGateway.bearer("not-a-jwt"))
            .listChannels(ListChannelsRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED, "TOKEN_INVALID");
  }

  @Test
  void tokenMapsToTheDirectoryPerson() {
    assertThat(gw.directory(TestDistrict.G1).getMyPerson(GetMyPersonRequest.getDefaultInstance())
        .getRelatedPeopleList()).containsExactly("people/s1");
  }

  @Test
  void invalidUtf8InAStringFieldIsInvalidArgumentAndStoresNothing() {
    long archive = gw.gateway().store().reader().archiveSize();
    // CreateMessageRequest{parent: "channels/math-101", message: {text: <0xC3 0x28>}} by hand.
    byte[] parent = "channels/math-101".getBytes();
    byte[] text = {(byte) 0xC3, (byte) 0x28};
    byte[] message = concat(new byte[] {0x22, (byte) text.length}, text); // field 4, length-delimited
    byte[] request = concat(concat(new byte[] {0x0A, (byte) parent.length}, parent),
        concat(new byte[] {0x12, (byte) message.length}, message));
    MethodDescriptor<byte[], byte[]> raw = MessageServiceGrpc.getCreateMessageMethod().toBuilder(
        new BytesMarshaller(), new BytesMarshaller()).build();
    com.google.rpc.Status status = assertRejected(() -> ClientCalls.blockingUnaryCall(
            gw.channel(), raw, io.grpc.CallOptions.DEFAULT.withCallCredentials(
                TestGateway.bearer(gw.token(TestDistrict.TEACHER))), request),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
    assertThat(Errors.violatedFields(status)).containsExactly("request");
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(archive);
  }

  @Test
  void unexpectedRequestIdHeaderIsReplacedAndEchoed() {
    StatusRuntimeException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        StatusRuntimeException.class, () -> ChannelServiceGrpc.newBlockingStub(gw.channel())
            .listChannels(ListChannelsRequest.getDefaultInstance()));
    com.google.rpc.Status status = io.grpc.protobuf.StatusProto.fromThrowable(e);
    assertThat(status.getDetailsList()).anyMatch(a -> a.is(com.google.rpc.RequestInfo.class));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
