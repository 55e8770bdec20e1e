package org.chaperone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chaperone.testing.Errors.assertRejected;
import static org.chaperone.testing.Errors.violatedFields;
import static org.chaperone.testing.TestDistrict.*;

import com.google.type.Date;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chaperone.api.v1.CloseRecordsRequestRequest;
import org.chaperone.api.v1.CreateLegalHoldRequest;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.CreateRecordsRequestRequest;
import org.chaperone.api.v1.GetLegalHoldRequest;
import org.chaperone.api.v1.GetMessageRequest;
import org.chaperone.api.v1.GetRecordRequest;
import org.chaperone.api.v1.LegalHold;
import org.chaperone.api.v1.ListLegalHoldsRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.Record;
import org.chaperone.api.v1.RecordScope;
import org.chaperone.api.v1.RecordsRequest;
import org.chaperone.api.v1.RecordsRequestKind;
import org.chaperone.api.v1.ReleaseLegalHoldRequest;
import org.chaperone.api.v1.SearchRecordsRequest;
import org.chaperone.api.v1.UpdateMessageRequest;
import org.chaperone.app.GatewaySettings;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.archive.ArchiveVerifier;
import org.chaperone.archive.Tombstone;
import org.chaperone.archive.VerificationReport;
import org.chaperone.outbox.EmailJob;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.policy.DistrictPolicyFile;
import org.chaperone.policy.RecordKind;
import org.chaperone.records.RecordQuery;
import org.chaperone.records.RetentionDisposition;
import org.chaperone.records.RetentionSchedules;
import org.chaperone.testing.SettableClock;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention schedules, legal holds and dispositions through the production wiring: content leaves
 * the archive only through a disposition that no legal hold or open records request blocks, and
 * that is itself recorded (law 5), and the archive still proves itself afterwards (law 6).
 */
class RetentionAndLegalHoldsTest {
  static final String POLICY = """
      policy.version = retention-1
      retention.message = P1Y
      retention.access = P1Y
      """;
  static final Instant START = Instant.parse("2026-01-05T16:00:00Z");
  static final Instant A_YEAR_LATER = Instant.parse("2027-01-06T16:00:00Z");

  @TempDir Path dataDir;
  TestGateway gw;
  final SettableClock clock = new SettableClock(START);

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  static DistrictPolicy policy(String text) throws Exception {
    return DistrictPolicyFile.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  GatewaySettings settings(String policy) throws Exception {
    GatewaySettings s = GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withPolicy(policy(policy));
    return s.withArchive(s.archive().withRecordsOfficers(Set.of(ADMIN))
        .withCheckpointInterval(java.time.Duration.ZERO));
  }

  void start(String policy) throws Exception {
    gw = TestGateway.start(settings(policy), clock);
  }

  Message send(String text) {
    return gw.messages(TEACHER).createMessage(CreateMessageRequest.newBuilder()
        .setParent("channels/" + MATH).setMessage(Message.newBuilder().setText(text)).build());
  }

  long id(Message m) {
    return Long.parseLong(m.getName().substring(m.getName().lastIndexOf('/') + 1));
  }

  Record record(long index) {
    return gw.archive(ADMIN).getRecord(GetRecordRequest.newBuilder().setName("records/" + index).build());
  }

  List<ArchiveEntry> entries(String type) {
    return gw.gateway().store().archive().search(new RecordQuery(List.of(type), "", "", null, null,
        List.of()), Long.MAX_VALUE, 1000).reversed();
  }

  List<String> found(String words) {
    return gw.gateway().store().archive().search(new RecordQuery(List.of(), "", "", null, null,
        List.of(words)), Long.MAX_VALUE, 100).stream().map(ArchiveEntry::subject).toList();
  }

  RetentionDisposition.Report dispose() {
    gw.awaitEmailsSettled();
    return gw.gateway().disposeExpiredRecordsNow(false);
  }

  VerificationReport verify() {
    return new ArchiveVerifier(gw.gateway().store(), List.of(gw.gateway().checkpoints().publicKey())).verify();
  }

  @Test
  void recordsPastRetentionLoseTheirContentToRecordedTombstonesAndTheArchiveStillVerifies() throws Exception {
    start(POLICY);
    Message quiz = send("Unit 3 quiz on Friday");
    gw.messages(TEACHER).updateMessage(UpdateMessageRequest.newBuilder()
        .setMessage(Message.newBuilder().setName(quiz.getName()).setText("Unit 3 quiz on Thursday")).build());
    gw.archive(ADMIN).searchRecords(SearchRecordsRequest.newBuilder().setWords("quiz").build());
    gw.awaitEmailsSettled();
    gw.gateway().checkpoints().writeIfGrown();
    assertThat(gw.gateway().disposeExpiredRecordsNow(false).total()).as("nothing is a year old").isZero();

    clock.set(A_YEAR_LATER);
    Message recent = send("Field trip forms due Monday");
    gw.awaitEmailsSettled();
    long before = gw.gateway().store().reader().archiveSize();
    RetentionDisposition.Report report = dispose();

    // The message's creation, its edit and the search that returned them; not the recent message.
    assertThat(report.disposed()).containsOnly(Map.entry(RecordKind.MESSAGE, 2L),
        Map.entry(RecordKind.ACCESS, 1L));
    assertThat(report.dispositions()).hasSize(1);
    long disposition = report.dispositions().getFirst();
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(before + 1);
    ArchiveEvent recorded = gw.gateway().store().archive().entry(disposition).orElseThrow().event().orElseThrow();
    assertThat(recorded.type()).isEqualTo("record.disposed");
    assertThat(recorded.actorId()).isEqualTo("system:retention");
    assertThat(ArchiveEntry.listDetail(recorded, "records").orElseThrow()).hasSize(3);
    assertThat(recorded.details()).containsEntry("schedules", Map.of("message", "P1Y", "access", "P1Y"));

    ArchiveEntry created = entries("message.created").getFirst();
    assertThat(created.tombstone()).hasValue(Tombstone.of(created, disposition));
    Record viewed = record(created.index());
    assertThat(viewed.getDisposedBy()).isEqualTo("records/" + disposition);
    assertThat(viewed.getEntry().toStringUtf8()).doesNotContain("quiz");
    assertThat(entries("message.edited").getFirst().tombstone()).isPresent();
    assertThat(entries("records.searched").getFirst().tombstone()).isPresent();

    // The message rows, the search index and the email copies lose the text too.
    Message seen = gw.messages(S1).getMessage(GetMessageRequest.newBuilder().setName(quiz.getName()).build());
    assertThat(seen.getText()).isEmpty();
    assertThat(seen.getVersion()).isEqualTo(2);
    assertThat(found("quiz")).isEmpty();
    assertThat(found("thursday")).isEmpty();
    assertThat(found("forms")).containsExactly(recent.getName());
    List<EmailJob> copies = gw.gateway().store().reader().outbox().jobsOfMessage(id(quiz));
    assertThat(copies).isNotEmpty().allSatisfy(j -> assertThat(j.body()).isEmpty());
    assertThat(gw.gateway().store().reader().outbox().jobsOfMessage(id(recent)))
        .allSatisfy(j -> assertThat(j.body()).contains("Field trip forms"));

    // The checkpoint signed before the disposition still verifies, and so does a new one.
    assertThat(verify().findings()).isEmpty();
    gw.gateway().checkpoints().writeIfGrown();
    VerificationReport after = verify();
    assertThat(after.findings()).isEmpty();
    assertThat(after.checkpoints()).isGreaterThanOrEqualTo(2);

    // Nothing left to dispose of: a second run writes nothing.
    long size = gw.gateway().store().reader().archiveSize();
    assertThat(dispose().total()).isZero();
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(size);
  }

  @Test
  void legalHoldsAndOpenRecordsRequestsKeepTheirRecordsUntilReleasedOrClosed() throws Exception {
    start(POLICY);
    Message held = send("Unit 3 quiz on Friday");
    gw.messages(TEACHER).updateMessage(UpdateMessageRequest.newBuilder()
        .setMessage(Message.newBuilder().setName(held.getName()).setText("Moved to Thursday")).build());
    Message requested = send("Lunch money due");
    Message free = send("Bring a pencil");
    gw.awaitEmailsSettled();
    ArchiveEntry requestedEntry = entries("message.created").stream()
        .filter(e -> e.subject().equals(requested.getName())).findFirst().orElseThrow();
    // A records officer viewed the held message's record: watching is kept as long as it.
    long heldIndex = held.getArchiveIndex();
    gw.archive(ADMIN).getRecord(GetRecordRequest.newBuilder().setName("records/" + heldIndex).build());

    LegalHold hold = gw.archive(ADMIN).createLegalHold(CreateLegalHoldRequest.newBuilder()
        .setLegalHold(LegalHold.newBuilder().setReason("Doe v. District, case 26-114")
            .setScope(RecordScope.newBuilder().setWords("quiz"))).build());
    assertThat(hold.getName()).startsWith("legalHolds/");
    assertThat(hold.getState()).isEqualTo(LegalHold.State.ACTIVE);
    assertThat(hold.getCreator()).isEqualTo("people/" + ADMIN);
    RecordsRequest request = gw.archive(ADMIN).createRecordsRequest(CreateRecordsRequestRequest.newBuilder()
        .setRecordsRequest(RecordsRequest.newBuilder().setKind(RecordsRequestKind.PUBLIC_RECORDS)
            .setRequester("Lincoln Gazette").setReceivedDate(Date.newBuilder().setYear(2026).setMonth(1).setDay(5))
            .setScope(RecordScope.newBuilder().setWords("lunch"))).build());

    clock.set(A_YEAR_LATER);
    RetentionDisposition.Report dry = gw.gateway().disposeExpiredRecordsNow(true);
    long size = gw.gateway().store().reader().archiveSize();
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.disposed()).containsOnly(Map.entry(RecordKind.MESSAGE, 1L));
    assertThat(dry.dispositions()).isEmpty();

    RetentionDisposition.Report report = dispose();
    assertThat(report.disposed()).containsOnly(Map.entry(RecordKind.MESSAGE, 1L));
    assertThat(report.heldByLegalHold()).as("the held message's creation and its edit").isEqualTo(2);
    assertThat(report.heldByRecordsRequest()).isEqualTo(1);
    assertThat(report.heldForWatchedRecords()).as("the view of the held record").isEqualTo(1);
    assertThat(gw.gateway().store().reader().archiveSize()).as("one disposition").isEqualTo(size + 1);
    assertThat(found("quiz")).containsExactly(held.getName());
    assertThat(found("thursday")).containsExactly(held.getName());
    assertThat(found("lunch")).containsExactly(requested.getName());
    assertThat(found("pencil")).isEmpty();
    assertThat(gw.gateway().store().archive().entry(requestedEntry.index()).orElseThrow().tombstone()).isEmpty();
    assertThat(verify().findings()).isEmpty();

    // Released and closed: their records go at the next run, and the view with them.
    LegalHold released = gw.archive(ADMIN).releaseLegalHold(ReleaseLegalHoldRequest.newBuilder()
        .setName(hold.getName()).setReason("case settled").build());
    assertThat(released.getState()).isEqualTo(LegalHold.State.RELEASED);
    assertThat(released.getReleasedBy()).isEqualTo("people/" + ADMIN);
    assertThat(released.getReleaseReason()).isEqualTo("case settled");
    assertThat(dispose().disposed()).containsOnly(Map.entry(RecordKind.MESSAGE, 2L),
        Map.entry(RecordKind.ACCESS, 1L));
    assertThat(found("lunch")).containsExactly(requested.getName());
    gw.archive(ADMIN).closeRecordsRequest(CloseRecordsRequestRequest.newBuilder()
        .setName(request.getName()).setReason("fulfilled").build());
    assertThat(dispose().disposed()).containsOnly(Map.entry(RecordKind.MESSAGE, 1L));
    assertThat(found("lunch")).isEmpty();
    assertThat(gw.gateway().store().archive().entry(free.getArchiveIndex()).orElseThrow().tombstone()).isPresent();
    assertThat(entries("record.disposed")).hasSize(3);
    assertThat(entries("legal_hold.created")).singleElement().satisfies(e ->
        assertThat(e.event().orElseThrow().details()).containsEntry("reason", "Doe v. District, case 26-114"));
    assertThat(entries("legal_hold.released")).hasSize(1);
    gw.gateway().checkpoints().writeIfGrown();
    assertThat(verify().findings()).isEmpty();
  }

  @Test
  void legalHoldsAreForRecordsOfficersAndValidated() throws Exception {
    start(POLICY);
    CreateLegalHoldRequest create = CreateLegalHoldRequest.newBuilder().setLegalHold(LegalHold.newBuilder()
        .setReason("Audit 2026").setScope(RecordScope.newBuilder().setChannel("channels/" + MATH))).build();
    assertRejected(() -> gw.archive(TEACHER).createLegalHold(create), Status.Code.PERMISSION_DENIED,
        "RECORDS_OFFICER_REQUIRED");
    assertThat(violatedFields(assertRejected(() -> gw.archive(ADMIN).createLegalHold(
            CreateLegalHoldRequest.newBuilder().setLegalHold(LegalHold.newBuilder().setReason(" ")).build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("legal_hold.reason");
    assertThat(violatedFields(assertRejected(() -> gw.archive(ADMIN).createLegalHold(
            CreateLegalHoldRequest.newBuilder().setLegalHold(LegalHold.newBuilder().setReason("x")
                .setScope(RecordScope.newBuilder().setChannel("classes/math"))).build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("legal_hold.scope.channel");
    LegalHold first = gw.archive(ADMIN).createLegalHold(create);
    LegalHold second = gw.archive(ADMIN).createLegalHold(create);
    assertThat(gw.archive(ADMIN).getLegalHold(GetLegalHoldRequest.newBuilder().setName(first.getName()).build()))
        .isEqualTo(first);
    assertThat(first.getScope().getChannel()).isEqualTo("channels/" + MATH);
    gw.archive(ADMIN).releaseLegalHold(ReleaseLegalHoldRequest.newBuilder().setName(first.getName())
        .setReason("audit closed").build());
    assertThat(gw.archive(ADMIN).listLegalHolds(ListLegalHoldsRequest.newBuilder()
        .setState(LegalHold.State.ACTIVE).build()).getLegalHoldsList()).extracting(LegalHold::getName)
        .containsExactly(second.getName());
    var all = gw.archive(ADMIN).listLegalHolds(ListLegalHoldsRequest.newBuilder().setPageSize(1).build());
    assertThat(all.getLegalHoldsList()).extracting(LegalHold::getName).containsExactly(second.getName());
    assertThat(gw.archive(ADMIN).listLegalHolds(ListLegalHoldsRequest.newBuilder().setPageSize(1)
        .setPageToken(all.getNextPageToken()).build()).getLegalHoldsList()).extracting(LegalHold::getName)
        .containsExactly(first.getName());
    assertRejected(() -> gw.archive(ADMIN).releaseLegalHold(ReleaseLegalHoldRequest.newBuilder()
            .setName(first.getName()).setReason("again").build()),
        Status.Code.FAILED_PRECONDITION, "LEGAL_HOLD_RELEASED");
    assertRejected(() -> gw.archive(ADMIN).releaseLegalHold(ReleaseLegalHoldRequest.newBuilder()
            .setName(second.getName()).build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
    assertRejected(() -> gw.archive(ADMIN).getLegalHold(GetLegalHoldRequest.newBuilder()
            .setName("legalHolds/999").build()),
        Status.Code.NOT_FOUND, "LEGAL_HOLD_NOT_FOUND");
    assertRejected(() -> gw.archive(ADMIN).getLegalHold(GetLegalHoldRequest.newBuilder()
            .setName("legalHolds/x").build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
  }

  @Test
  void aLockedScheduleCanOnlyBeLengthened() throws Exception {
    start("""
        policy.version = locked-1
        retention.message = P7Y
        retention.message.locked = true
        """);
    assertThat(entries("retention.schedule_changed")).singleElement().satisfies(e ->
        assertThat(e.event().orElseThrow().details()).containsEntry("kind", "message")
            .containsEntry("period", "P7Y").containsEntry("locked", true)
            .containsEntry("previous_period", "permanent"));
    gw.close();
    gw = null;

    for (String shorter : List.of("retention.message = P5Y\nretention.message.locked = true",
        "retention.message = P84M\nretention.message.locked = false",
        "retention.message = P2555D\nretention.message.locked = true")) {
      assertThatThrownBy(() -> TestGateway.start(settings("policy.version = locked-2\n" + shorter), clock))
          .isInstanceOf(RetentionSchedules.LockedScheduleException.class)
          .hasMessageContaining("retention.message is locked at P7Y");
    }
    // Lengthening is fine (P85M is at least P7Y whatever the dates), and is recorded.
    gw = TestGateway.start(settings("""
        policy.version = locked-3
        retention.message = P85M
        retention.message.locked = true
        """), clock);
    assertThat(entries("retention.schedule_changed")).hasSize(2).last().satisfies(e ->
        assertThat(e.event().orElseThrow().details()).containsEntry("period", "P85M")
            .containsEntry("previous_period", "P7Y"));
    gw.close();
    // Keeping records permanently is the longest schedule of all.
    gw = TestGateway.start(settings("policy.version = locked-4\nretention.message.locked = true"), clock);
    assertThat(gw.gateway().store().archive().retentionSchedules().get(RecordKind.MESSAGE).schedule()
        .permanent()).isTrue();
  }
}
