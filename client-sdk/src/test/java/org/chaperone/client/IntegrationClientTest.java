package org.chaperone.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.chaperone.api.v1.ApprovalRequest;
import org.chaperone.api.v1.ApprovalServiceGrpc;
import org.chaperone.api.v1.DecideApprovalRequest;
import org.chaperone.api.v1.IntegrationOperation;
import org.chaperone.api.v1.IntegrationServiceGrpc;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.RegisterIntegrationRequest;
import org.chaperone.api.v1.RegisterIntegrationResponse;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An approved integration sends through the SDK with its own credentials, for a named teacher. */
class IntegrationClientTest {
  @TempDir Path dataDir;
  TestGateway gw;
  RegisterIntegrationResponse registered;

  @BeforeEach
  void start() {
    gw = TestGateway.start(dataDir);
    registered = IntegrationServiceGrpc.newBlockingStub(gw.channel())
        .withCallCredentials(TestGateway.bearer(gw.token(TestDistrict.TEACHER)))
        .registerIntegration(RegisterIntegrationRequest.newBuilder().setDisplayName("LMS")
            .setPurpose("Assignment reminders").addSchools("schools/" + TestDistrict.SCHOOL)
            .addOperations(IntegrationOperation.SEND_MESSAGES).build());
    ApprovalServiceGrpc.newBlockingStub(gw.channel())
        .withCallCredentials(TestGateway.bearer(gw.token(TestDistrict.ADMIN)))
        .decideApproval(DecideApprovalRequest.newBuilder().setName(registered.getApproval().getName())
            .setOutcome(ApprovalRequest.State.APPROVED).build());
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  @Test
  void sendsOnBehalfOfATeacherWithItsOwnCredentials() {
    try (ChaperoneClient client = ChaperoneClient.builder().channel(gw.channel())
        .integrationCredentials(registered.getClientId(), registered.getClientSecret()).build()) {
      Message sent = client.onBehalfOf(TestDistrict.TEACHER)
          .createMessage(Fixtures.send(TestDistrict.MATH, "Essay due tomorrow"));
      assertThat(sent.getSender()).isEqualTo("people/" + TestDistrict.TEACHER);

      ChaperoneException anonymous = catchThrowableOfType(ChaperoneException.class,
          () -> client.createMessage(Fixtures.send(TestDistrict.MATH, "who sent this?")));
      assertThat(anonymous.reason()).isEqualTo("ON_BEHALF_OF_REQUIRED");
    }
  }
}
