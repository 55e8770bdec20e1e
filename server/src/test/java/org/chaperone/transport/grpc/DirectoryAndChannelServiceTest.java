package org.chaperone.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.Errors.assertRejected;
import static org.chaperone.testing.TestDistrict.*;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chaperone.api.v1.Channel;
import org.chaperone.api.v1.GetChannelRequest;
import org.chaperone.api.v1.GetPersonRequest;
import org.chaperone.api.v1.ImportRosterRequest;
import org.chaperone.api.v1.ImportRosterResponse;
import org.chaperone.api.v1.ListChannelsRequest;
import org.chaperone.api.v1.ListMembersRequest;
import org.chaperone.api.v1.Member;
import org.chaperone.api.v1.MemberRole;
import org.chaperone.testing.Errors;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DirectoryService and ChannelService through the production wiring. */
class DirectoryAndChannelServiceTest {
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
  void classChannelHasTeachersStudentsAndEveryGuardianAsObserver() {
    var members = gw.channels(S1).listMembers(ListMembersRequest.newBuilder()
        .setParent("channels/math-101").build()).getMembersList();
    Map<String, MemberRole> roles = new LinkedHashMap<>();
    members.forEach(m -> roles.put(m.getPerson(), m.getRole()));
    assertThat(roles).containsExactlyInAnyOrderEntriesOf(Map.of(
        "people/teacher-1", MemberRole.MEMBER_TEACHER,
        "people/s1", MemberRole.MEMBER_STUDENT, "people/s2", MemberRole.MEMBER_STUDENT,
        "people/s3", MemberRole.MEMBER_STUDENT,
        "people/g1", MemberRole.MEMBER_GUARDIAN_OBSERVER, "people/g2", MemberRole.MEMBER_GUARDIAN_OBSERVER,
        "people/g3", MemberRole.MEMBER_GUARDIAN_OBSERVER, "people/g4", MemberRole.MEMBER_GUARDIAN_OBSERVER));
    Member g1 = members.stream().filter(m -> m.getPerson().equals("people/g1")).findFirst().orElseThrow();
    assertThat(g1.getCanPost()).isFalse();
    assertThat(g1.getObservingForList()).containsExactly("people/s1");
  }

  @Test
  void peopleSeeOnlyTheirOwnChannels() {
    assertThat(gw.channels(G4).listChannels(ListChannelsRequest.getDefaultInstance()).getChannelsList())
        .extracting(Channel::getName).containsExactly("channels/math-101");
    assertThat(gw.channels(TEACHER).getChannel(GetChannelRequest.newBuilder()
        .setName("channels/math-101").build()).getMemberCount()).isEqualTo(8);
    assertRejected(() -> gw.channels(S4).getChannel(GetChannelRequest.newBuilder()
        .setName("channels/math-101").build()), Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
  }

  @Test
  void personVisibilityFollowsChannelsAndGuardianLinks() {
    assertThat(gw.directory(G1).getPerson(GetPersonRequest.newBuilder().setName("people/s1").build())
        .getDisplayName()).isEqualTo("Sam One");
    assertRejected(() -> gw.directory(S4).getPerson(GetPersonRequest.newBuilder()
        .setName("people/g1").build()), Status.Code.PERMISSION_DENIED, "PERSON_NOT_VISIBLE");
    assertThat(gw.directory(ADMIN).getPerson(GetPersonRequest.newBuilder().setName("people/s4").build())
        .getName()).isEqualTo("people/s4");
    assertRejected(() -> gw.directory(ADMIN).getPerson(GetPersonRequest.newBuilder()
        .setName("people/ghost").build()), Status.Code.NOT_FOUND, "PERSON_NOT_FOUND");
  }

  @Test
  void reimportIsIdempotentAndRosterChangesMoveMembership() {
    ImportRosterResponse same = gw.directory(ADMIN).importRoster(ImportRosterRequest.newBuilder()
        .setBundleZip(ByteString.copyFrom(TestDistrict.zip())).build());
    assertThat(same.getPeopleAdded() + same.getPeopleUpdated() + same.getEnrollmentsAdded()
        + same.getChannelMembersAdded() + same.getChannelMembersRemoved()).isZero();

    // s3 moves from math to art; g4 (s3's guardian) follows; g2 stops being s1's guardian.
    Map<String, String> files = TestDistrict.files();
    files.put("enrollments.csv", files.get("enrollments.csv").replace("e-s3,active,2026-08-01T00:00:00Z,math-101",
        "e-s3,active,2026-08-01T00:00:00Z,art-201"));
    files.put("users.csv", files.get("users.csv").replace("\"g1,g2\"", "g1")
        .replace("gus@example.com,,,s1", "gus@example.com,,,"));
    ImportRosterResponse changed = gw.directory(ADMIN).importRoster(ImportRosterRequest.newBuilder()
        .setBundleZip(ByteString.copyFrom(TestDistrict.zip(files))).build());
    assertThat(changed.getEnrollmentsAdded()).isEqualTo(1);
    assertThat(changed.getEnrollmentsRemoved()).isEqualTo(1);
    assertThat(changed.getGuardianLinksRemoved()).isEqualTo(1);
    var art = gw.channels(ART_TEACHER).listMembers(ListMembersRequest.newBuilder()
        .setParent("channels/art-201").build()).getMembersList();
    assertThat(art).extracting(Member::getPerson).contains("people/s3", "people/g4");
    var math = gw.channels(TEACHER).listMembers(ListMembersRequest.newBuilder()
        .setParent("channels/math-101").build()).getMembersList();
    assertThat(math).extracting(Member::getPerson).doesNotContain("people/s3", "people/g4", "people/g2");
  }

  @Test
  void malformedRosterIsRejectedWholeWithLocationsAndOnlyAdminsImport() {
    Map<String, String> files = TestDistrict.files();
    files.put("enrollments.csv", files.get("enrollments.csv") + "e-bad,active,2026-08-01T00:00:00Z,math-101,school-1,nobody,student,false,,\n");
    long archive = gw.gateway().store().reader().archiveSize();
    var status = assertRejected(() -> gw.directory(ADMIN).importRoster(ImportRosterRequest.newBuilder()
            .setBundleZip(ByteString.copyFrom(TestDistrict.zip(files))).build()),
        Status.Code.INVALID_ARGUMENT, "ROSTER_INVALID");
    assertThat(Errors.violatedFields(status)).anyMatch(f -> f.startsWith("bundle_zip/enrollments.csv:8"));
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(archive);
    assertRejected(() -> gw.directory(TEACHER).importRoster(ImportRosterRequest.newBuilder()
            .setBundleZip(ByteString.copyFrom(TestDistrict.zip())).build()),
        Status.Code.PERMISSION_DENIED, "ADMINISTRATOR_REQUIRED");
  }
}
