package org.chaperone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.Errors.assertRejected;
import static org.chaperone.testing.TestDistrict.*;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.chaperone.api.v1.ApprovalRequest;
import org.chaperone.api.v1.Channel;
import org.chaperone.api.v1.ChannelState;
import org.chaperone.api.v1.CreateDirectChannelRequest;
import org.chaperone.api.v1.CreateExemptionRequestRequest;
import org.chaperone.api.v1.CreateGroupChannelRequest;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.DecideApprovalRequest;
import org.chaperone.api.v1.EvaluateMessageRequest;
import org.chaperone.api.v1.GetMessageRequest;
import org.chaperone.api.v1.ImportOverridesRequest;
import org.chaperone.api.v1.ImportRosterRequest;
import org.chaperone.api.v1.ListApprovalsRequest;
import org.chaperone.api.v1.ListMembersRequest;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.Member;
import org.chaperone.api.v1.MemberRole;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageState;
import org.chaperone.api.v1.RemoveMemberRequest;
import org.chaperone.api.v1.SupervisionDecision;
import org.chaperone.app.GatewaySettings;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.policy.DistrictPolicyFile;
import org.chaperone.testing.SettableClock;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Supervision through the real server (in-process gRPC, production wiring, SQLite): direct and
 * group conversations, supervisors that cannot be removed, roster and override changes reaching
 * existing conversations, staff supervision of eligible students, quiet hours, approvals and
 * administrator oversight.
 */
class SupervisionTest {
  /** Supervising staff at Lincoln High; quiet hours on weeknights in Chicago. */
  static final String POLICY = """
      policy.version = lincoln-2026-1
      supervision.copy = guardians-or-staff
      supervision.staff.school.school-1 = admin-1
      supervision.eligible-students = staff
      approvals.due-days = 7
      quiet-hours.zone = America/Chicago
      quiet-hours.window.weeknights = MON-FRI 21:00-07:00
      quiet-hours.emergency-roles = ADMINISTRATOR
      """;

  @TempDir Path dataDir;
  TestGateway gw;
  // Monday 2026-11-23, 10:00 in Chicago.
  final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T16:00:00Z"));

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  void start(DistrictPolicy policy) {
    gw = TestGateway.start(GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withPolicy(policy), clock);
  }

  static DistrictPolicy policy(String text) throws Exception {
    return DistrictPolicyFile.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  Channel direct(String staff, String student) {
    return gw.channels(staff).createDirectChannel(CreateDirectChannelRequest.newBuilder()
        .setStudent("people/" + student).setPurpose("Missed assignments in Math 101").build());
  }

  Message send(String sender, String channelName, String text) {
    return gw.messages(sender).createMessage(CreateMessageRequest.newBuilder().setParent(channelName)
        .setMessage(Message.newBuilder().setText(text)).build());
  }

  Map<String, MemberRole> members(String viewer, String channelName) {
    return gw.channels(viewer).listMembers(ListMembersRequest.newBuilder().setParent(channelName).build())
        .getMembersList().stream().collect(java.util.stream.Collectors.toMap(Member::getPerson, Member::getRole));
  }

  List<String> inbox(String person) {
    return gw.gateway().store().reader().inbox(person, 0, "", 100).stream()
        .map(d -> d.message().text()).toList();
  }

  @Test
  void directMessageReachesTheStudentAndTheirGuardians() throws Exception {
    start(DistrictPolicy.DEFAULT);
    Channel channel = direct(TEACHER, S1);
    assertThat(channel.getState()).isEqualTo(ChannelState.OPEN);
    assertThat(members(TEACHER, channel.getName())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "people/teacher-1", MemberRole.MEMBER_TEACHER, "people/s1", MemberRole.MEMBER_STUDENT,
        "people/g1", MemberRole.MEMBER_GUARDIAN_OBSERVER, "people/g2", MemberRole.MEMBER_GUARDIAN_OBSERVER));
    // The guardians were told the conversation's purpose (P003-notify-parents).
    assertThat(gw.gateway().store().reader().notices(G1)).singleElement()
        .satisfies(n -> assertThat(n.body()).contains("Missed assignments in Math 101"));
    // ... and the notice went out by email (written as .eml files without SMTP settings).
    gw.awaitEmailsSettled();
    try (var files = java.nio.file.Files.list(dataDir.resolve("outbox-mail"))) {
      assertThat(files.filter(f -> {
        try {
          String eml = java.nio.file.Files.readString(f);
          return eml.contains("Missed assignments in Math 101") && eml.contains("gina@example.com");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).count()).isEqualTo(1);
    }

    Message sent = send(TEACHER, channel.getName(), "You can hand in the worksheet tomorrow.");
    assertThat(sent.getRecipientCount()).isEqualTo(3);
    assertThat(sent.getAlsoVisibleToList()).containsExactlyInAnyOrder("people/g1", "people/g2");
    for (String reader : List.of(S1, G1, G2)) {
      assertThat(inbox(reader)).containsExactly("You can hand in the worksheet tomorrow.");
    }
    // The student's reply is supervised too.
    Message reply = send(S1, channel.getName(), "Thanks, I will.");
    assertThat(reply.getRecipientCount()).isEqualTo(3);
    assertThat(inbox(TEACHER)).containsExactly("Thanks, I will.");
    // Asking again returns the same conversation.
    assertThat(direct(TEACHER, S1).getName()).isEqualTo(channel.getName());
  }

  @Test
  void staffReachOnlyStudentsTheRosterRelatesThemTo() {
    start(DistrictPolicy.DEFAULT);
    assertRejected(() -> direct(TEACHER, S4), Status.Code.PERMISSION_DENIED, "NO_RELATIONSHIP");
    assertRejected(() -> direct(S1, S2), Status.Code.PERMISSION_DENIED, "STAFF_REQUIRED");
  }

  @Test
  void aStudentWithNoSupervisorCannotBeReachedAndNothingIsCreated() {
    start(DistrictPolicy.DEFAULT);
    long archive = gw.gateway().store().reader().archiveSize();
    var status = assertRejected(() -> direct(ART_TEACHER, S4), Status.Code.FAILED_PRECONDITION,
        "SUPERVISOR_REQUIRED");
    assertThat(status.getMessage()).contains("people/s4");
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(archive);
    assertThat(gw.gateway().store().reader().channelsOf(ART_TEACHER, "", 10))
        .extracting(org.chaperone.domain.Channel::id).containsExactly(ART);
    assertRejected(() -> send(ART_TEACHER, "channels/art-201", "Anyone there?"),
        Status.Code.FAILED_PRECONDITION, "SUPERVISOR_REQUIRED");
    assertArchiveVerifies();
  }

  @Test
  void supervisorsCannotBeRemovedByAnyone() {
    start(DistrictPolicy.DEFAULT);
    Channel channel = direct(TEACHER, S1);
    for (String who : List.of(TEACHER, S1, ADMIN)) {
      assertRejected(() -> gw.channels(who).removeMember(RemoveMemberRequest.newBuilder()
              .setName(channel.getName() + "/members/g1").setReason("private talk").build()),
          Status.Code.PERMISSION_DENIED, "SUPERVISOR_NOT_REMOVABLE");
    }
    assertRejected(() -> gw.channels(TEACHER).removeMember(RemoveMemberRequest.newBuilder()
            .setName("channels/math-101/members/s2").setReason("x").build()),
        Status.Code.FAILED_PRECONDITION, "ROSTER_MANAGED");
    assertThat(members(TEACHER, channel.getName())).containsKeys("people/g1", "people/g2");
  }

  @Test
  void rosterChangesReachExistingConversations() {
    start(DistrictPolicy.DEFAULT);
    Channel channel = direct(TEACHER, S1);
    // g2 is no longer s1's guardian; a new guardian g5 is.
    Map<String, String> files = TestDistrict.files();
    files.put("users.csv", files.get("users.csv").replace("\"g1,g2\"", "\"g1,g5\"")
        .replace("gus@example.com,,,s1", "gus@example.com,,,")
        + "g5,active,2026-08-01T00:00:00Z,true,school-1,guardian,g5,,Gwen,One,,,gwen@example.com,,,s1,,\n");
    gw.directory(ADMIN).importRoster(ImportRosterRequest.newBuilder()
        .setBundleZip(ByteString.copyFrom(TestDistrict.zip(files))).build());

    assertThat(members(TEACHER, channel.getName())).containsOnlyKeys(
        "people/teacher-1", "people/s1", "people/g1", "people/g5");
    send(TEACHER, channel.getName(), "Grades are posted.");
    assertThat(inbox(G5)).containsExactly("Grades are posted.");
    assertThat(inbox(G2)).isEmpty();
  }

  static final String G5 = "g5";

  @Test
  void eligibleStudentsAreSupervisedByStaffAndNoContactGuardiansAreNeverCopied() throws Exception {
    start(policy(POLICY));
    gw.directory(ADMIN).importOverrides(ImportOverridesRequest.newBuilder().setOverridesCsv(ByteString.copyFromUtf8("""
        sourcedId,noContact,noRecordsAccess,eligibleStudent,mediaRelease
        s1,false,false,true,false
        g3,true,true,false,false
        """)).build());
    Map<String, MemberRole> math = members(TEACHER, "channels/math-101");
    assertThat(math).doesNotContainKeys("people/g1", "people/g2", "people/g3")
        .containsEntry("people/admin-1", MemberRole.MEMBER_STAFF_SUPERVISOR)
        .containsEntry("people/g4", MemberRole.MEMBER_GUARDIAN_OBSERVER);
    Message sent = send(TEACHER, "channels/math-101", "Lab reports due Friday.");
    assertThat(sent.getAlsoVisibleToList()).containsExactlyInAnyOrder("people/admin-1", "people/g4");
    assertThat(inbox(ADMIN)).containsExactly("Lab reports due Friday.");
    assertThat(inbox(G1)).isEmpty();
    assertThat(inbox(G3)).isEmpty();
  }

  @Test
  void quietHoursHoldStaffMessagesUntilMorningUnlessAnAdministratorDeclaresAnEmergency() throws Exception {
    start(policy(POLICY));
    clock.set(Instant.parse("2026-11-24T04:00:00Z")); // Monday 22:00 in Chicago
    SupervisionDecision dryRun = gw.messages(TEACHER).evaluateMessage(EvaluateMessageRequest.newBuilder()
        .setParent("channels/math-101").setMessage(Message.newBuilder().setText("late note")).build())
        .getDecision();
    assertThat(dryRun.getOutcome()).isEqualTo(SupervisionDecision.Outcome.HOLD);
    assertThat(dryRun.getPolicyClause()).isEqualTo("P000-time-place-manner");
    assertThat(dryRun.getPolicyVersion()).startsWith("lincoln-2026-1@");

    Message held = send(TEACHER, "channels/math-101", "Reminder for tomorrow's quiz");
    assertThat(held.getState()).isEqualTo(MessageState.HELD);
    assertThat(Instant.ofEpochSecond(held.getReleaseTime().getSeconds()))
        .isEqualTo(Instant.parse("2026-11-24T13:00:00Z")); // Tuesday 07:00 in Chicago
    assertThat(inbox(S1)).isEmpty();
    assertRejected(() -> gw.messages(S1).getMessage(GetMessageRequest.newBuilder().setName(held.getName()).build()),
        Status.Code.NOT_FOUND, "MESSAGE_NOT_FOUND");
    assertThat(gw.messages(TEACHER).listMessages(ListMessagesRequest.newBuilder()
        .setParent("channels/math-101").build()).getMessagesList()).extracting(Message::getName)
        .containsExactly(held.getName());
    assertRejected(() -> gw.messages(TEACHER).createMessage(CreateMessageRequest.newBuilder()
            .setParent("channels/math-101").setMessage(Message.newBuilder().setText("urgent"))
            .setEmergency(true).build()),
        Status.Code.PERMISSION_DENIED, "EMERGENCY_NOT_ALLOWED");

    long cursor = gw.gateway().store().reader().newestInboxId(S1);
    assertThat(gw.gateway().releaseHeldMessagesNow()).isZero();
    clock.set(Instant.parse("2026-11-24T13:00:01Z"));
    assertThat(gw.gateway().releaseHeldMessagesNow()).isEqualTo(1);
    assertThat(gw.gateway().store().reader().inbox(S1, cursor, "", 10))
        .extracting(d -> d.message().text()).containsExactly("Reminder for tomorrow's quiz");
    assertThat(inbox(G1)).containsExactly("Reminder for tomorrow's quiz");

    // An administrator may send at once in an emergency; the override is recorded on the message.
    clock.set(Instant.parse("2026-11-25T04:00:00Z"));
    Channel adminDirect = direct(ADMIN, S1);
    Message urgent = gw.messages(ADMIN).createMessage(CreateMessageRequest.newBuilder()
        .setParent(adminDirect.getName()).setMessage(Message.newBuilder().setText("School closed tomorrow"))
        .setEmergency(true).build());
    assertThat(urgent.getState()).isEqualTo(MessageState.DELIVERED);
    assertThat(urgent.getEmergency()).isTrue();
    assertThat(inbox(S1)).contains("School closed tomorrow");
    assertArchiveVerifies();
  }

  /** Held, released, refused and emergency messages all leave an archive that verifies. */
  void assertArchiveVerifies() {
    var report = gw.verifyArchive();
    assertThat(report.ok()).as(report.toString()).isTrue();
  }

  @Test
  void administratorsReadAnyConversationOfTheirSchoolOnlyWithARecordedReason() {
    start(DistrictPolicy.DEFAULT);
    send(TEACHER, "channels/math-101", "Homework: page 12");
    assertRejected(() -> gw.messages(ADMIN).listMessages(ListMessagesRequest.newBuilder()
            .setParent("channels/math-101").build()),
        Status.Code.INVALID_ARGUMENT, "OVERSIGHT_REASON_REQUIRED");
    // The guardians' email copies add their own archive entries once sent.
    gw.awaitEmailsSettled();
    long archive = gw.gateway().store().reader().archiveSize();
    List<Message> read = gw.messages(ADMIN).listMessages(ListMessagesRequest.newBuilder()
        .setParent("channels/math-101").setOversightReason("parent complaint #1182").build()).getMessagesList();
    assertThat(read).extracting(Message::getText).containsExactly("Homework: page 12");
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(archive + 1);
    // Other staff have no oversight rights.
    assertRejected(() -> gw.messages(ART_TEACHER).listMessages(ListMessagesRequest.newBuilder()
            .setParent("channels/math-101").setOversightReason("curious").build()),
        Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
  }

  @Test
  void groupChannelsOpenOnlyOnceAnAdministratorApprovesAndGuardiansAreToldWhy() {
    start(DistrictPolicy.DEFAULT);
    assertRejected(() -> gw.channels(TEACHER).createGroupChannel(CreateGroupChannelRequest.newBuilder()
            .setDisplayName("Math club").setPurpose("Competition practice").addStudents("people/s4").build()),
        Status.Code.PERMISSION_DENIED, "NO_RELATIONSHIP");
    ApprovalRequest request = gw.channels(TEACHER).createGroupChannel(CreateGroupChannelRequest.newBuilder()
        .setDisplayName("Math club").setPurpose("Competition practice on Thursdays")
        .setObjectives("Prepare for the state math league").addStudents("people/s1").addStudents("people/s2")
        .build());
    assertThat(request.getState()).isEqualTo(ApprovalRequest.State.PENDING);
    assertThat(Duration.ofSeconds(request.getDueTime().getSeconds() - request.getCreateTime().getSeconds()))
        .isEqualTo(Duration.ofDays(7));
    assertRejected(() -> send(TEACHER, request.getChannel(), "hello club"),
        Status.Code.FAILED_PRECONDITION, "CHANNEL_PENDING_APPROVAL");
    assertRejected(() -> send(S1, request.getChannel(), "hello club"),
        Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
    assertRejected(() -> gw.approvals(TEACHER).decideApproval(DecideApprovalRequest.newBuilder()
            .setName(request.getName()).setOutcome(ApprovalRequest.State.APPROVED).build()),
        Status.Code.PERMISSION_DENIED, "APPROVER_REQUIRED");
    assertRejected(() -> gw.approvals(ADMIN).decideApproval(DecideApprovalRequest.newBuilder()
            .setName(request.getName()).setOutcome(ApprovalRequest.State.REJECTED).build()),
        Status.Code.INVALID_ARGUMENT, "EXPLANATION_REQUIRED");
    ApprovalRequest askedMore = gw.approvals(ADMIN).decideApproval(DecideApprovalRequest.newBuilder()
        .setName(request.getName()).setOutcome(ApprovalRequest.State.MORE_INFORMATION_REQUESTED)
        .setExplanation("Who supervises on Thursdays?").build());
    assertThat(askedMore.getState()).isEqualTo(ApprovalRequest.State.MORE_INFORMATION_REQUESTED);
    assertThat(gw.approvals(ADMIN).listApprovals(ListApprovalsRequest.newBuilder().setOpenOnly(true).build())
        .getApprovalsList()).extracting(ApprovalRequest::getName).containsExactly(request.getName());

    clock.advance(Duration.ofDays(8));
    assertThat(gw.approvals(ADMIN).listApprovals(ListApprovalsRequest.newBuilder().setOverdueOnly(true).build())
        .getApprovalsList()).extracting(ApprovalRequest::getName).containsExactly(request.getName());

    ApprovalRequest approved = gw.approvals(ADMIN).decideApproval(DecideApprovalRequest.newBuilder()
        .setName(request.getName()).setOutcome(ApprovalRequest.State.APPROVED_LIMITED)
        .setExplanation("Approved for this semester").setLimits("until 2027-01-31").build());
    assertThat(approved.getDecidedBy()).isEqualTo("people/admin-1");
    assertRejected(() -> gw.approvals(ADMIN).decideApproval(DecideApprovalRequest.newBuilder()
            .setName(request.getName()).setOutcome(ApprovalRequest.State.REJECTED).setExplanation("no").build()),
        Status.Code.FAILED_PRECONDITION, "APPROVAL_ALREADY_DECIDED");
    assertThat(members(TEACHER, request.getChannel())).containsOnlyKeys("people/teacher-1",
        "people/s1", "people/s2", "people/g1", "people/g2", "people/g3");
    for (String guardian : List.of(G1, G2, G3)) {
      assertThat(gw.gateway().store().reader().notices(guardian)).singleElement()
          .satisfies(n -> assertThat(n.body()).contains("Competition practice on Thursdays"));
    }
    assertThat(send(TEACHER, request.getChannel(), "First practice Thursday").getRecipientCount()).isEqualTo(5);

    // The owner removes a student; the student's guardian goes with them.
    gw.channels(TEACHER).removeMember(RemoveMemberRequest.newBuilder()
        .setName(request.getChannel() + "/members/s2").setReason("left the club").build());
    assertThat(members(TEACHER, request.getChannel())).doesNotContainKeys("people/s2", "people/g3");
  }

  @Test
  void exemptionRequestsAreRecordedForAnswer() {
    start(DistrictPolicy.DEFAULT);
    ApprovalRequest exemption = gw.approvals(TEACHER).createExemptionRequest(CreateExemptionRequestRequest
        .newBuilder().setPurpose("Pen-pal project with a partner school").build());
    assertThat(exemption.getKind()).isEqualTo(ApprovalRequest.Kind.POLICY_EXEMPTION);
    assertThat(gw.approvals(ADMIN).decideApproval(DecideApprovalRequest.newBuilder()
        .setName(exemption.getName()).setOutcome(ApprovalRequest.State.REJECTED)
        .setExplanation("Use the district's pen-pal program instead").build()).getState())
        .isEqualTo(ApprovalRequest.State.REJECTED);
  }
}
