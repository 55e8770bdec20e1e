package org.chaperone.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.Errors.assertRejected;
import static org.chaperone.testing.Errors.violatedFields;
import static org.chaperone.testing.TestDistrict.*;

import com.google.protobuf.FieldMask;
import io.grpc.Context;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.GetMessageRequest;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.MessageState;
import org.chaperone.api.v1.RetractMessageRequest;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.api.v1.UpdateMessageRequest;
import org.chaperone.app.GatewaySettings;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.archive.ArchiveVerifier;
import org.chaperone.archive.VerificationReport;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.outbox.EmailJob;
import org.chaperone.policy.DistrictPolicyFile;
import org.chaperone.records.RecordQuery;
import org.chaperone.testing.SettableClock;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UpdateMessage and RetractMessage through the production wiring (law 5: nothing silently disappears). */
class MessageEditsAndRetractionsTest {
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

  void start() {
    gw = TestGateway.start(dataDir);
  }

  void startWithQuietHours() throws Exception {
    gw = TestGateway.start(GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withPolicy(DistrictPolicyFile.parse("""
            policy.version = quiet-1
            quiet-hours.zone = America/Chicago
            quiet-hours.window.weeknights = MON-FRI 21:00-07:00
            """.getBytes(StandardCharsets.UTF_8))), clock);
  }

  Message send(String sender, String text) {
    return gw.messages(sender).createMessage(CreateMessageRequest.newBuilder()
        .setParent("channels/" + MATH).setMessage(Message.newBuilder().setText(text)).build());
  }

  Message edit(String editor, String name, String text) {
    return gw.messages(editor).updateMessage(UpdateMessageRequest.newBuilder()
        .setMessage(Message.newBuilder().setName(name).setText(text)).build());
  }

  Message retract(String person, String name, String reason) {
    return gw.messages(person).retractMessage(RetractMessageRequest.newBuilder().setName(name)
        .setReason(reason).build());
  }

  Message get(String reader, String name) {
    return gw.messages(reader).getMessage(GetMessageRequest.newBuilder().setName(name).build());
  }

  List<ArchiveEvent> events(String type) {
    return gw.gateway().store().archive().search(new RecordQuery(List.of(type), "", "", null, null,
        List.of()), Long.MAX_VALUE, 100).reversed().stream()
        .map(e -> e.event().orElseThrow()).toList();
  }

  @Test
  void anEditAddsAVersionEveryoneSeesAndTheArchiveKeepsBoth() {
    start();
    Message sent = send(TEACHER, "Quiz on Friday");
    assertThat(sent.getVersion()).isEqualTo(1);
    assertThat(sent.hasEditTime()).isFalse();
    gw.awaitEmailsSettled();
    long before = gw.gateway().store().reader().archiveSize();

    Message edited = edit(TEACHER, sent.getName(), "Quiz on Thursday");

    assertThat(edited.getName()).isEqualTo(sent.getName());
    assertThat(edited.getText()).isEqualTo("Quiz on Thursday");
    assertThat(edited.getVersion()).isEqualTo(2);
    assertThat(edited.hasEditTime()).isTrue();
    assertThat(edited.getCreateTime()).isEqualTo(sent.getCreateTime());
    for (String reader : List.of(S1, S2, S3, G1, G4)) {
      Message seen = get(reader, sent.getName());
      assertThat(seen.getText()).isEqualTo("Quiz on Thursday");
      assertThat(seen.getVersion()).isEqualTo(2);
    }
    assertThat(gw.messages(S1).listMessages(ListMessagesRequest.newBuilder()
        .setParent("channels/" + MATH).build()).getMessagesList())
        .extracting(Message::getText).containsExactly("Quiz on Thursday");

    // One entry for the edit (then the guardians' email copies of the new text, once sent).
    ArchiveEvent entry = events("message.edited").getFirst();
    assertThat(events("message.edited")).hasSize(1);
    assertThat(entry.subject()).isEqualTo(sent.getName());
    assertThat(entry.actorId()).isEqualTo(TEACHER);
    assertThat(entry.details()).containsEntry("text", "Quiz on Thursday").containsEntry("version", 2L)
        .containsEntry("previous_version", 1L).containsEntry("editor", TEACHER);
    assertThat(events("message.created").getFirst().details()).containsEntry("text", "Quiz on Friday");
    gw.awaitEmailsSettled();
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(before + 1 + 4);
    List<EmailJob> copies = gw.gateway().store().reader().outbox()
        .jobsOfMessage(Long.parseLong(sent.getName().substring(sent.getName().lastIndexOf('/') + 1)));
    assertThat(copies).hasSize(8);
    assertThat(copies.stream().filter(j -> j.body().contains("Quiz on Thursday")))
        .hasSize(4).allSatisfy(j -> {
          assertThat(j.subject()).startsWith("Copy: Tom Miller edited a message to Math 101");
          assertThat(j.body()).contains("(version 2)").doesNotContain("Quiz on Friday");
        });

    // Editing to the current text is not a new version (a retried call changes nothing).
    long size = gw.gateway().store().reader().archiveSize();
    assertThat(edit(TEACHER, sent.getName(), "Quiz on Thursday").getVersion()).isEqualTo(2);
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(size);

    // Searching the archive finds each version through its own record.
    List<ArchiveEntry> thursday = gw.gateway().store().archive().search(new RecordQuery(List.of(),
        "", "", null, null, List.of("thursday")), Long.MAX_VALUE, 10);
    assertThat(thursday).extracting(ArchiveEntry::type).containsExactly("message.edited");
    assertThat(gw.gateway().store().archive().search(new RecordQuery(List.of(), "", "", null, null,
        List.of("friday")), Long.MAX_VALUE, 10)).extracting(ArchiveEntry::type)
        .containsExactly("message.created");
    assertVerifies();
  }

  @Test
  void aRetractionHidesTheTextFromRecipientsButNotFromOversightOrTheArchive() {
    start();
    Message sent = send(TEACHER, "Wrong class, sorry");
    Message retracted = retract(TEACHER, sent.getName(), "");

    assertThat(retracted.getText()).isEmpty();
    assertThat(retracted.getRetraction().getRetractedBy()).isEqualTo("people/" + TEACHER);
    assertThat(retracted.getRetraction().hasRetractTime()).isTrue();
    for (String reader : List.of(TEACHER, S1, G1)) {
      Message seen = get(reader, sent.getName());
      assertThat(seen.getText()).isEmpty();
      assertThat(seen.hasRetraction()).isTrue();
    }
    assertThat(gw.messages(S2).listMessages(ListMessagesRequest.newBuilder()
        .setParent("channels/" + MATH).build()).getMessages(0).getText()).isEmpty();
    Message overseen = gw.messages(ADMIN).getMessage(GetMessageRequest.newBuilder()
        .setName(sent.getName()).setOversightReason("complaint from a parent").build());
    assertThat(overseen.getText()).isEqualTo("Wrong class, sorry");
    assertThat(overseen.hasRetraction()).isTrue();

    assertThat(events("message.retracted")).singleElement().satisfies(e -> {
      assertThat(e.subject()).isEqualTo(sent.getName());
      assertThat(e.details()).containsEntry("retracted_by", TEACHER).containsEntry("reason", "");
    });
    assertThat(events("message.created").getFirst().details()).containsEntry("text", "Wrong class, sorry");
    assertVerifies();
  }

  @Test
  void streamsCarryEditsAndRetractionsAsEventsOfTheSameMessage() throws Exception {
    start();
    Message sent = send(TEACHER, "Field trip Monday");
    Message other = send(TEACHER, "Bring lunch");
    edit(TEACHER, sent.getName(), "Field trip Tuesday");
    retract(TEACHER, other.getName(), "duplicate");

    List<MessageEvent> replay = stream(G1, StreamMessagesRequest.newBuilder().setFromBeginning(true).build(), 4);
    assertThat(replay).extracting(MessageEvent::getType).containsExactly(MessageEvent.Type.CREATED,
        MessageEvent.Type.CREATED, MessageEvent.Type.EDITED, MessageEvent.Type.RETRACTED);
    assertThat(replay).extracting(e -> e.getMessage().getName())
        .containsExactly(sent.getName(), other.getName(), sent.getName(), other.getName());
    assertThat(replay.get(2).getMessage().getText()).isEqualTo("Field trip Tuesday");
    assertThat(replay.get(2).getMessage().getVersion()).isEqualTo(2);
    assertThat(replay.get(3).getMessage().getText()).as("never the retracted text").isEmpty();
    assertThat(replay.get(1).getMessage().getText()).as("nor in a replayed creation").isEmpty();

    // Live: a stream open when the edit commits receives it.
    String cursor = replay.getLast().getCursor();
    Thread editor = Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      edit(TEACHER, sent.getName(), "Field trip Wednesday");
    });
    List<MessageEvent> live = stream(S1, StreamMessagesRequest.newBuilder()
        .setCursor(streamCursorOf(S1)).build(), 1);
    editor.join();
    assertThat(live.getFirst().getType()).isEqualTo(MessageEvent.Type.EDITED);
    assertThat(live.getFirst().getMessage().getText()).isEqualTo("Field trip Wednesday");
    assertThat(stream(G1, StreamMessagesRequest.newBuilder().setCursor(cursor).build(), 1))
        .extracting(e -> e.getMessage().getVersion()).containsExactly(3);
  }

  /** The cursor of the newest event of a person's stream. */
  String streamCursorOf(String person) {
    return stream(person, StreamMessagesRequest.newBuilder().setReportStartCursor(true).build(), 1)
        .getFirst().getCursor();
  }

  /** The first {@code n} events of a stream (failing after 5 seconds without them). */
  List<MessageEvent> stream(String person, StreamMessagesRequest request, int n) {
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      return context.call(() -> {
        Iterator<MessageEvent> events = gw.messages(person).withDeadlineAfter(5, TimeUnit.SECONDS)
            .streamMessages(request);
        List<MessageEvent> out = new ArrayList<>();
        while (out.size() < n) {
          out.add(events.next());
        }
        return out;
      });
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      context.cancel(null);
    }
  }

  @Test
  void onlyTheSenderEditsAndOnlyTheSenderOrASchoolAdministratorRetracts() {
    start();
    Message sent = send(TEACHER, "Homework: page 12");
    gw.awaitEmailsSettled();
    long archive = gw.gateway().store().reader().archiveSize();

    assertRejected(() -> edit(S1, sent.getName(), "Homework: none"),
        Status.Code.PERMISSION_DENIED, "NOT_MESSAGE_SENDER");
    assertRejected(() -> edit(G1, sent.getName(), "Homework: none"),
        Status.Code.PERMISSION_DENIED, "POSTING_NOT_ALLOWED");
    assertRejected(() -> edit(ART_TEACHER, sent.getName(), "Homework: none"),
        Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
    assertRejected(() -> edit(ADMIN, sent.getName(), "Homework: none"),
        Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
    assertRejected(() -> retract(S1, sent.getName(), "I don't like it"),
        Status.Code.PERMISSION_DENIED, "NOT_MESSAGE_SENDER");
    assertRejected(() -> retract(ART_TEACHER, sent.getName(), "x"),
        Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
    var noReason = assertRejected(() -> retract(ADMIN, sent.getName(), "  "),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
    assertThat(violatedFields(noReason)).containsExactly("reason");
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(archive);

    Message retracted = retract(ADMIN, sent.getName(), "names another student's grade");
    assertThat(retracted.getRetraction().getRetractedBy()).isEqualTo("people/" + ADMIN);
    assertThat(events("message.retracted").getFirst().details())
        .containsEntry("retracted_by", ADMIN).containsEntry("reason", "names another student's grade");
    assertRejected(() -> edit(TEACHER, sent.getName(), "Homework: page 13"),
        Status.Code.FAILED_PRECONDITION, "MESSAGE_RETRACTED");
    assertRejected(() -> retract(TEACHER, sent.getName(), ""),
        Status.Code.FAILED_PRECONDITION, "MESSAGE_RETRACTED");
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(archive + 1);
  }

  @Test
  void badRequestsAreRejectedWithFieldViolationsAndChangeNothing() {
    start();
    Message sent = send(TEACHER, "Homework: page 12");
    gw.awaitEmailsSettled();
    long archive = gw.gateway().store().reader().archiveSize();
    assertThat(violatedFields(assertRejected(() -> edit(TEACHER, sent.getName(), " "),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("message.text");
    assertRejected(() -> edit(TEACHER, sent.getName(), "é".repeat(9000)),
        Status.Code.INVALID_ARGUMENT, "TEXT_TOO_LONG");
    assertThat(violatedFields(assertRejected(() -> edit(TEACHER, "channels/math-101", "x"),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("message.name");
    assertThat(violatedFields(assertRejected(() -> gw.messages(TEACHER).updateMessage(
            UpdateMessageRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("message");
    assertThat(violatedFields(assertRejected(() -> gw.messages(TEACHER).updateMessage(
            UpdateMessageRequest.newBuilder().setMessage(Message.newBuilder().setName(sent.getName())
                .setText("x")).setUpdateMask(FieldMask.newBuilder().addPaths("sender")).build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("update_mask");
    assertRejected(() -> edit(TEACHER, "channels/math-101/messages/42", "x"),
        Status.Code.NOT_FOUND, "MESSAGE_NOT_FOUND");
    assertRejected(() -> edit(TEACHER, "channels/art-201/messages/" + sent.getName()
            .substring(sent.getName().lastIndexOf('/') + 1), "x"),
        Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
    assertRejected(() -> retract(TEACHER, "channels/nowhere/messages/1", ""),
        Status.Code.NOT_FOUND, "CHANNEL_NOT_FOUND");
    assertRejected(() -> retract(TEACHER, "channels/math-101/messages/1", ""),
        Status.Code.NOT_FOUND, "MESSAGE_NOT_FOUND");
    assertThat(violatedFields(assertRejected(() -> retract(TEACHER, "messages/1", ""),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("name");
    assertThat(violatedFields(assertRejected(() -> retract(TEACHER, sent.getName(), "x".repeat(1001)),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("reason");
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(archive);
    assertThat(get(S1, sent.getName()).getVersion()).isEqualTo(1);
  }

  @Test
  void anEditIsSupervisedLikeASendAndARefusedEditIsArchivedButReachesNobody() throws Exception {
    start();
    Message sent = send(TEACHER, "Homework: page 12");
    // s3's only guardian leaves the roster: s3 is no longer supervised in Math 101.
    Map<String, String> files = TestDistrict.files();
    files.put("users.csv", files.get("users.csv").replace("s3,,Sid,Three,,,s3@lincoln.example.org,,,g4,10,",
        "s3,,Sid,Three,,,s3@lincoln.example.org,,,,10,").lines()
        .filter(l -> !l.startsWith("g4,")).reduce("", (a, b) -> a + b + "\n"));
    gw.gateway().rosterImport().apply("test", OneRosterReader.readZip(TestDistrict.zip(files)), false);

    var status = assertRejected(() -> edit(TEACHER, sent.getName(), "Homework: page 13"),
        Status.Code.FAILED_PRECONDITION, "SUPERVISOR_REQUIRED");
    assertThat(org.chaperone.testing.Errors.errorInfo(status).getMetadataMap())
        .containsEntry("unsupervised_students", S3);
    assertThat(events("message.refused")).singleElement().satisfies(e -> {
      assertThat(e.subject()).isEqualTo(sent.getName());
      assertThat(e.details()).containsEntry("text", "Homework: page 13").containsEntry("edit_of_version", 1L);
    });
    assertThat(events("message.edited")).isEmpty();
    assertThat(get(S1, sent.getName()).getText()).isEqualTo("Homework: page 12");
    assertVerifies();
  }

  @Test
  void duringQuietHoursADeliveredMessageCannotBeEditedButAHeldOneCarriesItsEditToItsRelease() throws Exception {
    startWithQuietHours();
    Message day = send(TEACHER, "Quiz on Friday");
    clock.set(Instant.parse("2026-11-24T04:00:00Z")); // Monday 22:00 in Chicago
    var status = assertRejected(() -> edit(TEACHER, day.getName(), "Quiz on Thursday"),
        Status.Code.FAILED_PRECONDITION, "QUIET_HOURS");
    assertThat(org.chaperone.testing.Errors.errorInfo(status).getMetadataMap())
        .containsEntry("hold_until", "2026-11-24T13:00:00Z");
    assertThat(events("message.refused")).hasSize(1);

    Message held = send(TEACHER, "Reminder: quiz tomorrow");
    assertThat(held.getState()).isEqualTo(MessageState.HELD);
    Message edited = edit(TEACHER, held.getName(), "Reminder: quiz tomorrow, bring a pencil");
    assertThat(edited.getState()).isEqualTo(MessageState.HELD);
    assertThat(edited.getVersion()).isEqualTo(2);
    assertRejected(() -> get(S1, held.getName()), Status.Code.NOT_FOUND, "MESSAGE_NOT_FOUND");
    assertRejected(() -> edit(S1, held.getName(), "x"), Status.Code.NOT_FOUND, "MESSAGE_NOT_FOUND");

    clock.set(Instant.parse("2026-11-24T13:00:01Z"));
    assertThat(gw.gateway().releaseHeldMessagesNow()).isEqualTo(1);
    assertThat(get(S1, held.getName()).getText()).isEqualTo("Reminder: quiz tomorrow, bring a pencil");

    // A held message that is retracted is never released.
    clock.set(Instant.parse("2026-11-25T04:00:00Z"));
    Message late = send(TEACHER, "Never mind");
    retract(TEACHER, late.getName(), "");
    clock.set(Instant.parse("2026-11-25T13:00:01Z"));
    assertThat(gw.gateway().releaseHeldMessagesNow()).isZero();
    assertRejected(() -> get(S1, late.getName()), Status.Code.NOT_FOUND, "MESSAGE_NOT_FOUND");
    assertVerifies();
  }

  void assertVerifies() {
    gw.awaitEmailsSettled();
    gw.gateway().checkpoints().writeIfGrown();
    VerificationReport report = new ArchiveVerifier(gw.gateway().store(),
        List.of(gw.gateway().checkpoints().publicKey())).verify();
    assertThat(report.findings()).isEmpty();
  }
}
