package org.chaperone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.Errors.assertRejected;
import static org.chaperone.testing.TestDistrict.*;

import com.google.rpc.RetryInfo;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.chaperone.api.v1.ApprovalRequest;
import org.chaperone.api.v1.ApprovalServiceGrpc;
import org.chaperone.api.v1.CreateAccessTokenRequest;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.DecideApprovalRequest;
import org.chaperone.api.v1.IntegrationOperation;
import org.chaperone.api.v1.IntegrationServiceGrpc;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.RegisterIntegrationRequest;
import org.chaperone.api.v1.RegisterIntegrationResponse;
import org.chaperone.api.v1.RevokeIntegrationRequest;
import org.chaperone.app.GatewaySettings;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integrations as approved tools, through the real server: approval, limits, on-behalf-of, revocation, rate limits. */
class IntegrationsTest {
  @TempDir Path dataDir;
  TestGateway gw;
  RegisterIntegrationResponse registered;

  @BeforeEach
  void start() {
    gw = TestGateway.start(GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withRateLimits(new GatewaySettings.RateLimits(50, 200, 5, 5)));
    registered = IntegrationServiceGrpc.newBlockingStub(gw.channel())
        .withCallCredentials(TestGateway.bearer(gw.token(TEACHER)))
        .registerIntegration(RegisterIntegrationRequest.newBuilder()
            .setDisplayName("Canvas reminders").setPurpose("Assignment due reminders to classes")
            .addSchools("schools/school-1")
            .addOperations(IntegrationOperation.SEND_MESSAGES).addOperations(IntegrationOperation.READ_MESSAGES)
            .build());
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  String accessToken() {
    return IntegrationServiceGrpc.newBlockingStub(gw.channel()).createAccessToken(CreateAccessTokenRequest
        .newBuilder().setClientId(registered.getClientId()).setClientSecret(registered.getClientSecret()).build())
        .getAccessToken();
  }

  MessageServiceGrpc.MessageServiceBlockingStub actingFor(String token, String person) {
    return MessageServiceGrpc.newBlockingStub(gw.channel()).withCallCredentials(new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata h = new Metadata();
        h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        if (person != null) {
          h.put(Metadata.Key.of("x-on-behalf-of", Metadata.ASCII_STRING_MARSHALLER), "people/" + person);
        }
        applier.apply(h);
      }
    });
  }

  static CreateMessageRequest reminder(String channel, String requestId) {
    return CreateMessageRequest.newBuilder().setParent("channels/" + channel)
        .setMessage(Message.newBuilder().setText("Essay due tomorrow")).setRequestId(requestId).build();
  }

  void approveLimitedToSending() {
    ApprovalServiceGrpc.newBlockingStub(gw.channel()).withCallCredentials(TestGateway.bearer(gw.token(ADMIN)))
        .decideApproval(DecideApprovalRequest.newBuilder().setName(registered.getApproval().getName())
            .setOutcome(ApprovalRequest.State.APPROVED_LIMITED).setExplanation("Sending only, for now")
            .addAllowedOperations(IntegrationOperation.SEND_MESSAGES).build());
  }

  @Test
  void anUnapprovedIntegrationIsRefused() {
    assertThat(registered.getIntegration().getState()).isEqualTo("PENDING");
    assertThat(registered.getApproval().getKind()).isEqualTo(ApprovalRequest.Kind.INTEGRATION);
    assertRejected(this::accessToken, Status.Code.PERMISSION_DENIED, "INTEGRATION_NOT_APPROVED");
    assertRejected(() -> IntegrationServiceGrpc.newBlockingStub(gw.channel()).createAccessToken(
            CreateAccessTokenRequest.newBuilder().setClientId(registered.getClientId()).setClientSecret("guess").build()),
        Status.Code.UNAUTHENTICATED, "INTEGRATION_CREDENTIALS_INVALID");
  }

  @Test
  void anApprovedIntegrationActsOnlyForARelatedStaffMemberWithinItsLimits() {
    approveLimitedToSending();
    String token = accessToken();
    Message sent = actingFor(token, TEACHER).createMessage(reminder(MATH, "r1"));
    assertThat(sent.getSender()).isEqualTo("people/teacher-1");
    assertThat(sent.getRecipientCount()).isEqualTo(7);
    // The archive records both the person and the integration acting for them (P000-anonymous).
    var event = gw.gateway().store().archive().entry(sent.getArchiveIndex()).orElseThrow().event().orElseThrow();
    assertThat(event.actorId()).isEqualTo(TEACHER);
    assertThat(event.details()).containsEntry("integration", registered.getClientId());

    // Not approved for reading.
    assertRejected(() -> actingFor(token, TEACHER).listMessages(ListMessagesRequest.newBuilder()
        .setParent("channels/math-101").build()), Status.Code.PERMISSION_DENIED, "INTEGRATION_LIMIT_EXCEEDED");
    // The person's own relationships apply: teacher-2 does not teach Math 101.
    assertRejected(() -> actingFor(token, ART_TEACHER).createMessage(reminder(MATH, "r2")),
        Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
    // Integrations act for staff, never for students.
    assertRejected(() -> actingFor(token, S1).createMessage(reminder(MATH, "r3")),
        Status.Code.PERMISSION_DENIED, "INTEGRATION_LIMIT_EXCEEDED");
    // Every call names a person.
    assertRejected(() -> actingFor(token, null).createMessage(reminder(MATH, "r4")),
        Status.Code.UNAUTHENTICATED, "ON_BEHALF_OF_REQUIRED");
    // A person's own token cannot be used to act for someone else.
    assertRejected(() -> actingFor(gw.token(TEACHER), ART_TEACHER).createMessage(reminder(MATH, "r5")),
        Status.Code.UNAUTHENTICATED, "TOKEN_INVALID");
  }

  @Test
  void revocationTakesEffectAtOnce() {
    approveLimitedToSending();
    String token = accessToken();
    actingFor(token, TEACHER).createMessage(reminder(MATH, "before"));
    IntegrationServiceGrpc.newBlockingStub(gw.channel()).withCallCredentials(TestGateway.bearer(gw.token(ADMIN)))
        .revokeIntegration(RevokeIntegrationRequest.newBuilder()
            .setName("integrations/" + registered.getClientId()).setReason("vendor contract ended").build());
    assertRejected(() -> actingFor(token, TEACHER).createMessage(reminder(MATH, "after")),
        Status.Code.PERMISSION_DENIED, "INTEGRATION_NOT_APPROVED");
    assertRejected(this::accessToken, Status.Code.PERMISSION_DENIED, "INTEGRATION_NOT_APPROVED");
  }

  @Test
  void sendersOverTheirRateGetResourceExhaustedWithRetryInfo() throws Exception {
    com.google.rpc.Status limited = null;
    for (int i = 0; i < 20 && limited == null; i++) {
      int n = i;
      try {
        gw.messages(TEACHER).createMessage(reminder(MATH, "burst-" + n));
      } catch (io.grpc.StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        limited = io.grpc.protobuf.StatusProto.fromThrowable(e);
      }
    }
    assertThat(limited).as("the sixth quick send is over a 5/s, burst 5 limit").isNotNull();
    assertThat(org.chaperone.testing.Errors.errorInfo(limited).getReason()).isEqualTo("RATE_LIMITED");
    RetryInfo retry = limited.getDetailsList().stream().filter(a -> a.is(RetryInfo.class)).findFirst()
        .orElseThrow().unpack(RetryInfo.class);
    assertThat(retry.getRetryDelay().getNanos() + retry.getRetryDelay().getSeconds() * 1_000_000_000L).isPositive();
  }
}
