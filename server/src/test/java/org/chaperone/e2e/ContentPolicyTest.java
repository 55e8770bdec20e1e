package org.chaperone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.Errors.assertRejected;
import static org.chaperone.testing.Errors.errorInfo;
import static org.chaperone.testing.Errors.violatedFields;
import static org.chaperone.testing.TestDistrict.*;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chaperone.api.v1.AttachmentDeclaration;
import org.chaperone.api.v1.ContentDecision;
import org.chaperone.api.v1.ContentViolation;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.EvaluateMessageRequest;
import org.chaperone.api.v1.EvaluateMessageResponse;
import org.chaperone.api.v1.GetMessageRequest;
import org.chaperone.api.v1.ImportOverridesRequest;
import org.chaperone.api.v1.ListHeldMessagesRequest;
import org.chaperone.api.v1.ListHeldMessagesResponse;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageReview;
import org.chaperone.api.v1.MessageState;
import org.chaperone.api.v1.RejectMessageRequest;
import org.chaperone.api.v1.ReleaseMessageRequest;
import org.chaperone.api.v1.RetractMessageRequest;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.api.v1.SupervisionDecision;
import org.chaperone.api.v1.UpdateMessageRequest;
import org.chaperone.app.GatewaySettings;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.outbox.EmailJob;
import org.chaperone.policy.DistrictPolicyFile;
import org.chaperone.testing.SettableClock;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The district's content policy on the send path, through the real server (in-process gRPC,
 * production wiring, SQLite): blocked messages recorded and refused with every violation, held
 * messages waiting for an administrator of their school who releases or rejects them, media
 * releases for declared attachments, and the dry run.
 */
class ContentPolicyTest {
  /** The district's numbers are allowed; grooming signals are only flagged (delivered, recorded). */
  static final String POLICY = """
      policy.version = lincoln-content-1
      content.district.phones = 503-555-0100
      content.action.grooming = flag
      """;
  static final String PHONE = "Call me at 555-123-4567 tonight";
  static final String SECRET = "Don't tell your parents about this";

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

  void start(String policy) throws Exception {
    start(policy, TestDistrict.files());
  }

  void start(String policy, Map<String, String> roster) throws Exception {
    gw = TestGateway.start(GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withPolicy(DistrictPolicyFile.parse(policy.getBytes(StandardCharsets.UTF_8))), clock,
        TestDistrict.zip(roster));
  }

  static CreateMessageRequest draft(String text, String requestId, AttachmentDeclaration... attachments) {
    return CreateMessageRequest.newBuilder().setParent("channels/" + MATH).setRequestId(requestId)
        .setMessage(Message.newBuilder().setText(text).addAllAttachments(List.of(attachments)))
        .build();
  }

  static AttachmentDeclaration photo(String name, String... students) {
    AttachmentDeclaration.Builder b = AttachmentDeclaration.newBuilder().setFileName(name)
        .setContentType("image/jpeg");
    for (String s : students) {
      b.addDepictedStudents("people/" + s);
    }
    return b.build();
  }

  long archiveSize() {
    return gw.gateway().store().reader().archiveSize();
  }

  ArchiveEvent archived(long index) {
    ArchiveEntry entry = gw.gateway().store().archive().entry(index).orElseThrow();
    return entry.event().orElseThrow();
  }

  /** The names of the messages {@code person}'s stream replays from the beginning, in order. */
  List<String> streamed(String person) {
    List<String> names = new ArrayList<>();
    try {
      gw.messages(person).withDeadlineAfter(1, java.util.concurrent.TimeUnit.SECONDS)
          .streamMessages(StreamMessagesRequest.newBuilder().setFromBeginning(true).build())
          .forEachRemaining(event -> names.add(event.getMessage().getName()));
    } catch (io.grpc.StatusRuntimeException e) {
      // The stream stays open for new messages; the deadline ends the replay.
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }
    return names;
  }

  /** The newest archive event of {@code type}. */
  ArchiveEvent lastOfType(String type) {
    List<ArchiveEntry> entries = gw.gateway().store().archive().entries(0, archiveSize(), Integer.MAX_VALUE);
    return entries.reversed().stream().filter(e -> e.type().equals(type)).findFirst()
        .flatMap(ArchiveEntry::event).orElseThrow(() -> new AssertionError("no " + type + " entry"));
  }

  List<String> inbox(String person) {
    return gw.gateway().store().reader().inbox(person, 0, "", 100).stream()
        .map(d -> d.message().text()).toList();
  }

  long id(Message m) {
    return Long.parseLong(m.getName().substring(m.getName().lastIndexOf('/') + 1));
  }

  List<EmailJob> emailsOf(Message m) {
    return gw.gateway().store().reader().outbox().jobsOfMessage(id(m));
  }

  Message onlyMessageSeenBy(String person) {
    List<Message> all = gw.messages(person).listMessages(ListMessagesRequest.newBuilder()
        .setParent("channels/" + MATH).build()).getMessagesList();
    assertThat(all).hasSize(1);
    return all.getFirst();
  }

  Message held(String text) {
    Message held = gw.messages(TEACHER).createMessage(draft(text, ""));
    assertThat(held.getState()).isEqualTo(MessageState.PENDING_REVIEW);
    return held;
  }

  /** The violations of a POLICY_VIOLATION refusal, as ADR 33 numbers them: rule → [clause, explanation, spans]. */
  static Map<String, List<String>> violations(com.google.rpc.Status status) {
    Map<String, String> meta = errorInfo(status).getMetadataMap();
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (int i = 0; meta.containsKey("violation_" + i + "_rule"); i++) {
      out.put(meta.get("violation_" + i + "_rule"), List.of(meta.get("violation_" + i + "_clause"),
          meta.get("violation_" + i + "_explanation"), meta.getOrDefault("violation_" + i + "_spans", "")));
    }
    return out;
  }

  void assertArchiveVerifies() {
    var report = gw.verifyArchive();
    assertThat(report.ok()).as(report.toString()).isTrue();
  }

  @Test
  void aBlockedMessageIsRecordedThenRefusedWithEveryViolationAndReachesNobody() throws Exception {
    start(POLICY);
    long before = archiveSize();
    com.google.rpc.Status refusal = assertRejected(
        () -> gw.messages(TEACHER).createMessage(draft(PHONE, "blocked-1")),
        Status.Code.FAILED_PRECONDITION, "POLICY_VIOLATION");

    Map<String, String> meta = errorInfo(refusal).getMetadataMap();
    assertThat(meta.get("policy_version")).startsWith("lincoln-content-1@");
    Map<String, List<String>> violations = violations(refusal);
    assertThat(violations).containsKey("contact.phone");
    List<String> phone = violations.get("contact.phone");
    assertThat(phone.get(0)).isEqualTo("P000-personal-phone");
    assertThat(phone.get(1)).isNotBlank();
    // UTF-16 offsets into the submitted text.
    assertThat(phone.get(2)).isEqualTo(PHONE.indexOf("555") + "-" + (PHONE.indexOf("4567") + 4));
    assertThat(refusal.getMessage()).contains("content policy");

    // Recorded before the refusal: the message, blocked, with its decision, and its archive entry.
    assertThat(archiveSize()).isEqualTo(before + 1);
    Message blocked = onlyMessageSeenBy(TEACHER);
    assertThat(blocked.getState()).isEqualTo(MessageState.BLOCKED);
    assertThat(blocked.getRecipientCount()).isZero();
    assertThat(blocked.getContentDecision().getOutcome()).isEqualTo(ContentDecision.Outcome.BLOCK);
    assertThat(blocked.getContentDecision().getViolationsList()).extracting(ContentViolation::getRule)
        .containsExactlyElementsOf(violations.keySet());
    ArchiveEvent event = archived(blocked.getArchiveIndex());
    assertThat(event.type()).isEqualTo("message.blocked");
    assertThat(event.details().get("recipients")).isEqualTo(List.of());
    assertThat((List<?>) event.details().get("addressed_to")).hasSize(7);
    Map<?, ?> decision = (Map<?, ?>) event.details().get("content_decision");
    assertThat(decision.get("outcome")).isEqualTo("BLOCK");
    assertThat(decision.get("policy_version")).isEqualTo(meta.get("policy_version"));
    Map<?, ?> first = (Map<?, ?>) ((List<?>) decision.get("violations")).stream()
        .filter(v -> ((Map<?, ?>) v).get("rule").equals("contact.phone")).findFirst().orElseThrow();
    assertThat(first.keySet().stream().map(Object::toString).toList()).containsExactlyInAnyOrder("rule", "clause", "severity", "action",
        "explanation", "spans", "attachment");
    assertThat(first.get("action")).isEqualTo("BLOCK");
    assertThat(((Map<?, ?>) ((List<?>) first.get("spans")).getFirst()).get("excerpt"))
        .isEqualTo("555-123-4567");

    // Nothing delivered, no email copy, invisible to the class.
    for (String member : List.of(S1, S2, S3, G1, G2, G3, G4)) {
      assertThat(inbox(member)).isEmpty();
    }
    assertThat(gw.messages(S1).listMessages(ListMessagesRequest.newBuilder()
        .setParent("channels/" + MATH).build()).getMessagesList()).isEmpty();
    assertRejected(() -> gw.messages(S1).getMessage(GetMessageRequest.newBuilder()
        .setName(blocked.getName()).build()), Status.Code.NOT_FOUND, "MESSAGE_NOT_FOUND");
    gw.awaitEmailsSettled();
    assertThat(emailsOf(blocked)).isEmpty();

    // A retry with the same request id answers the same violations again, recording nothing.
    long after = archiveSize();
    com.google.rpc.Status again = assertRejected(
        () -> gw.messages(TEACHER).createMessage(draft(PHONE, "blocked-1")),
        Status.Code.FAILED_PRECONDITION, "POLICY_VIOLATION");
    assertThat(errorInfo(again).getMetadataMap()).isEqualTo(meta);
    assertThat(archiveSize()).isEqualTo(after);
    assertArchiveVerifies();
  }

  @Test
  void aHeldMessageWaitsForReviewAndOnReleaseReachesEveryMemberOnceWithEmailCopies() throws Exception {
    start(POLICY);
    Message held = held(SECRET);
    assertThat(held.getContentDecision().getOutcome()).isEqualTo(ContentDecision.Outcome.HOLD);
    ContentViolation secrecy = held.getContentDecision().getViolations(0);
    assertThat(secrecy.getRule()).isEqualTo("secrecy");
    assertThat(secrecy.getAction()).isEqualTo(ContentViolation.Action.HOLD);
    assertThat(secrecy.getSpans(0).getExcerpt()).isEqualTo("Don't tell your parents");
    ArchiveEvent event = archived(held.getArchiveIndex());
    assertThat(event.type()).isEqualTo("message.held");
    assertThat(event.details().get("held_for")).isEqualTo("review");
    assertThat(((Map<?, ?>) event.details().get("content_decision")).get("outcome")).isEqualTo("HOLD");

    // It reaches nobody, and no copy is mailed, until a reviewer decides.
    gw.awaitEmailsSettled();
    assertThat(inbox(S1)).isEmpty();
    assertThat(emailsOf(held)).isEmpty();
    assertRejected(() -> gw.messages(G1).getMessage(GetMessageRequest.newBuilder()
        .setName(held.getName()).build()), Status.Code.NOT_FOUND, "MESSAGE_NOT_FOUND");

    // The school's administrator sees it in the queue, with its decision; the read is archived.
    long before = archiveSize();
    ListHeldMessagesResponse queue = gw.reviews(ADMIN).listHeldMessages(
        ListHeldMessagesRequest.getDefaultInstance());
    assertThat(queue.getMessagesList()).extracting(Message::getName).containsExactly(held.getName());
    assertThat(queue.getMessages(0).getContentDecision().getViolations(0).getClause())
        .isEqualTo("P001-classroom-extension");
    assertThat(archiveSize()).isEqualTo(before + 1);
    assertThat(archived(before).type()).isEqualTo("review.queue_read");

    Message released = gw.reviews(ADMIN).releaseMessage(ReleaseMessageRequest.newBuilder()
        .setName(held.getName()).setReason("Context: a surprise party the class is planning").build());
    assertThat(released.getState()).isEqualTo(MessageState.DELIVERED);
    assertThat(released.getReview().getOutcome()).isEqualTo(MessageReview.Outcome.RELEASED);
    assertThat(released.getReview().getReviewer()).isEqualTo("people/admin-1");

    // Delivered once to every member but the sender, with the guardians' email copies.
    for (String member : List.of(S1, S2, S3, G1, G2, G3, G4)) {
      assertThat(inbox(member)).as(member).containsExactly(SECRET);
    }
    assertThat(inbox(TEACHER)).isEmpty();
    assertThat(streamed(G2)).containsExactly(held.getName());
    gw.awaitEmailsSettled();
    assertThat(emailsOf(held)).extracting(EmailJob::personId)
        .containsExactlyInAnyOrder(G1, G2, G3, G4);
    ArchiveEvent release = lastOfType("message.released");
    assertThat(release.type()).isEqualTo("message.released");
    assertThat(release.actorId()).isEqualTo(ADMIN);
    assertThat(release.details()).containsEntry("reason", "Context: a surprise party the class is planning")
        .containsEntry("reviewer", ADMIN);
    assertThat((List<?>) release.details().get("recipients")).hasSize(7);

    // The sender sees the outcome on the message and was told.
    Message seen = gw.messages(TEACHER).getMessage(GetMessageRequest.newBuilder().setName(held.getName()).build());
    assertThat(seen.getState()).isEqualTo(MessageState.DELIVERED);
    assertThat(seen.getReview().getReason()).isEqualTo("Context: a surprise party the class is planning");
    assertThat(gw.gateway().store().reader().notices(TEACHER)).singleElement()
        .satisfies(n -> assertThat(n.body()).contains("released", "surprise party"));
    // Recipients see the message, not the decision about it.
    Message asStudent = gw.messages(S1).getMessage(GetMessageRequest.newBuilder().setName(held.getName()).build());
    assertThat(asStudent.hasContentDecision()).isFalse();
    assertThat(asStudent.hasReview()).isFalse();

    // Decided once.
    assertRejected(() -> gw.reviews(ADMIN).rejectMessage(RejectMessageRequest.newBuilder()
            .setName(held.getName()).setReason("changed my mind").build()),
        Status.Code.FAILED_PRECONDITION, "REVIEW_ALREADY_DECIDED");
    assertRejected(() -> gw.reviews(ADMIN).releaseMessage(ReleaseMessageRequest.newBuilder()
            .setName(held.getName()).setReason("again").build()),
        Status.Code.FAILED_PRECONDITION, "REVIEW_ALREADY_DECIDED");
    assertThat(inbox(S1)).hasSize(1);
    assertThat(gw.reviews(ADMIN).listHeldMessages(ListHeldMessagesRequest.getDefaultInstance())
        .getMessagesList()).isEmpty();
    assertArchiveVerifies();
  }

  @Test
  void aRejectedMessageIsNeverDeliveredAndTheSenderSeesWhy() throws Exception {
    start(POLICY);
    Message held = held(SECRET);
    assertRejected(() -> gw.reviews(ADMIN).rejectMessage(RejectMessageRequest.newBuilder()
            .setName(held.getName()).setReason("  ").build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");

    Message rejected = gw.reviews(ADMIN).rejectMessage(RejectMessageRequest.newBuilder()
        .setName(held.getName()).setReason("Please talk to the family directly").build());
    assertThat(rejected.getState()).isEqualTo(MessageState.REJECTED_IN_REVIEW);
    assertThat(rejected.getReview().getOutcome()).isEqualTo(MessageReview.Outcome.REJECTED);

    Message seen = onlyMessageSeenBy(TEACHER);
    assertThat(seen.getState()).isEqualTo(MessageState.REJECTED_IN_REVIEW);
    assertThat(seen.getReview().getReason()).isEqualTo("Please talk to the family directly");
    assertThat(seen.getContentDecision().getOutcome()).isEqualTo(ContentDecision.Outcome.HOLD);
    assertThat(gw.messages(S1).listMessages(ListMessagesRequest.newBuilder()
        .setParent("channels/" + MATH).build()).getMessagesList()).isEmpty();
    ArchiveEvent event = lastOfType("message.rejected");
    assertThat(event.details()).containsEntry("reason", "Please talk to the family directly")
        .containsEntry("held_entry", held.getArchiveIndex());
    assertRejected(() -> gw.reviews(ADMIN).releaseMessage(ReleaseMessageRequest.newBuilder()
            .setName(held.getName()).setReason("on second thought").build()),
        Status.Code.FAILED_PRECONDITION, "REVIEW_ALREADY_DECIDED");
    gw.awaitEmailsSettled();
    for (String member : List.of(S1, S2, S3, G1, G2, G3, G4)) {
      assertThat(inbox(member)).isEmpty();
    }
    // The only email is the sender's notice of the outcome.
    assertThat(emailsOf(held)).isEmpty();
    assertThat(gw.gateway().store().reader().notices(TEACHER)).singleElement()
        .satisfies(n -> assertThat(n.body()).contains("rejected", "talk to the family"));
    assertArchiveVerifies();
  }

  @Test
  void onlyAdministratorsOfTheChannelsSchoolReviewIt() throws Exception {
    start(POLICY, TestDistrict.twoSchools());
    Message held = held(SECRET);
    Message delivered = gw.messages(TEACHER).createMessage(draft("Quiz on Friday", ""));

    // Another school's administrator: their queue does not hold it, and they cannot decide it.
    assertThat(gw.reviews(ADMIN_2).listHeldMessages(ListHeldMessagesRequest.getDefaultInstance())
        .getMessagesList()).isEmpty();
    assertRejected(() -> gw.reviews(ADMIN_2).listHeldMessages(ListHeldMessagesRequest.newBuilder()
        .setParent("schools/" + SCHOOL).build()), Status.Code.PERMISSION_DENIED, "REVIEWER_REQUIRED");
    assertRejected(() -> gw.reviews(ADMIN_2).releaseMessage(ReleaseMessageRequest.newBuilder()
            .setName(held.getName()).setReason("looks fine").build()),
        Status.Code.PERMISSION_DENIED, "REVIEWER_REQUIRED");
    // Nor can teachers, or the sender.
    assertRejected(() -> gw.reviews(TEACHER).listHeldMessages(ListHeldMessagesRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED, "REVIEWER_REQUIRED");
    assertRejected(() -> gw.reviews(TEACHER).releaseMessage(ReleaseMessageRequest.newBuilder()
            .setName(held.getName()).setReason("mine").build()),
        Status.Code.PERMISSION_DENIED, "REVIEWER_REQUIRED");
    // Only held messages are decided; names must exist.
    assertRejected(() -> gw.reviews(ADMIN).releaseMessage(ReleaseMessageRequest.newBuilder()
            .setName(delivered.getName()).setReason("fine").build()),
        Status.Code.FAILED_PRECONDITION, "NOT_AWAITING_REVIEW");
    assertRejected(() -> gw.reviews(ADMIN).releaseMessage(ReleaseMessageRequest.newBuilder()
            .setName("channels/" + MATH + "/messages/12345").setReason("fine").build()),
        Status.Code.NOT_FOUND, "MESSAGE_NOT_FOUND");
    assertRejected(() -> gw.reviews(ADMIN).releaseMessage(ReleaseMessageRequest.newBuilder()
            .setName(held.getName().replace(MATH, ART)).setReason("fine").build()),
        Status.Code.NOT_FOUND, "MESSAGE_NOT_FOUND");
    assertThat(inbox(S1)).containsExactly("Quiz on Friday");
    // Their own school's administrator still can.
    assertThat(gw.reviews(ADMIN).listHeldMessages(ListHeldMessagesRequest.newBuilder()
        .setParent("schools/" + SCHOOL).build()).getMessagesList()).hasSize(1);
  }

  @Test
  void theQueueListsOldestFirstInPages() throws Exception {
    start(POLICY);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      names.add(held(SECRET + " " + i).getName());
    }
    ListHeldMessagesResponse first = gw.reviews(ADMIN).listHeldMessages(
        ListHeldMessagesRequest.newBuilder().setPageSize(2).build());
    assertThat(first.getMessagesList()).extracting(Message::getName).containsExactlyElementsOf(names.subList(0, 2));
    ListHeldMessagesResponse second = gw.reviews(ADMIN).listHeldMessages(ListHeldMessagesRequest
        .newBuilder().setPageSize(2).setPageToken(first.getNextPageToken()).build());
    assertThat(second.getMessagesList()).extracting(Message::getName).containsExactly(names.get(2));
    assertThat(second.getNextPageToken()).isEmpty();
    assertRejected(() -> gw.reviews(ADMIN).listHeldMessages(ListHeldMessagesRequest.newBuilder()
            .setParent("schools/" + SCHOOL).setPageToken(first.getNextPageToken()).build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN");
  }

  @Test
  void aMessageReleasedDuringQuietHoursWaitsForThemToEnd() throws Exception {
    start(POLICY + """
        quiet-hours.zone = America/Chicago
        quiet-hours.window.weeknights = MON-FRI 21:00-07:00
        """);
    clock.set(Instant.parse("2026-11-24T04:00:00Z")); // Monday 22:00 in Chicago
    Message held = held(SECRET);
    Message released = gw.reviews(ADMIN).releaseMessage(ReleaseMessageRequest.newBuilder()
        .setName(held.getName()).setReason("fine, but not at night").build());
    assertThat(released.getState()).isEqualTo(MessageState.HELD);
    assertThat(inbox(S1)).isEmpty();
    clock.set(Instant.parse("2026-11-24T13:00:01Z"));
    assertThat(gw.gateway().releaseHeldMessagesNow()).isEqualTo(1);
    assertThat(inbox(S1)).containsExactly(SECRET);
    Message seen = gw.messages(TEACHER).getMessage(GetMessageRequest.newBuilder().setName(held.getName()).build());
    assertThat(seen.getState()).isEqualTo(MessageState.DELIVERED);
    assertThat(seen.getReview().getReason()).isEqualTo("fine, but not at night");
    assertArchiveVerifies();
  }

  @Test
  void flaggedMessagesAreDeliveredWithTheirDecisionRecorded() throws Exception {
    start(POLICY);
    Message flagged = gw.messages(TEACHER).createMessage(draft("you looked so beautiful today", ""));
    assertThat(flagged.getState()).isEqualTo(MessageState.DELIVERED);
    assertThat(flagged.getContentDecision().getOutcome()).isEqualTo(ContentDecision.Outcome.ALLOW);
    assertThat(flagged.getContentDecision().getViolationsList()).singleElement().satisfies(v -> {
      assertThat(v.getRule()).isEqualTo("grooming");
      assertThat(v.getAction()).isEqualTo(ContentViolation.Action.FLAG);
    });
    assertThat(inbox(S1)).containsExactly("you looked so beautiful today");
    ArchiveEvent event = archived(flagged.getArchiveIndex());
    assertThat(event.type()).isEqualTo("message.created");
    Map<?, ?> decision = (Map<?, ?>) event.details().get("content_decision");
    assertThat(decision.get("outcome")).isEqualTo("ALLOW");
    assertThat((List<?>) decision.get("violations")).singleElement()
        .satisfies(v -> assertThat(((Map<?, ?>) v).get("action")).isEqualTo("FLAG"));
    // The district's own number, from the policy file, is not a personal one.
    Message office = gw.messages(TEACHER).createMessage(
        draft("The front office is (503) 555-0100 if you are running late", ""));
    assertThat(office.getState()).isEqualTo(MessageState.DELIVERED);
    assertThat(office.getContentDecision().getViolationsList()).isEmpty();
    assertArchiveVerifies();
  }

  @Test
  void editsAreJudgedTooAndHeldOrBlockedMessagesCannotBeEdited() throws Exception {
    start(POLICY);
    Message sent = gw.messages(TEACHER).createMessage(draft("Quiz on Friday", ""));
    com.google.rpc.Status refusal = assertRejected(() -> gw.messages(TEACHER).updateMessage(
            UpdateMessageRequest.newBuilder().setMessage(Message.newBuilder().setName(sent.getName())
                .setText(PHONE)).build()),
        Status.Code.FAILED_PRECONDITION, "POLICY_VIOLATION");
    assertThat(violations(refusal)).containsKey("contact.phone");
    ArchiveEvent refused = lastOfType("message.refused");
    assertThat(((Map<?, ?>) refused.details().get("content_decision")).get("outcome")).isEqualTo("BLOCK");
    // An edit is not held for review: what the policy would hold is refused as well.
    assertRejected(() -> gw.messages(TEACHER).updateMessage(UpdateMessageRequest.newBuilder()
            .setMessage(Message.newBuilder().setName(sent.getName()).setText(SECRET)).build()),
        Status.Code.FAILED_PRECONDITION, "POLICY_VIOLATION");
    assertThat(inbox(S1)).containsExactly("Quiz on Friday");
    Message edited = gw.messages(TEACHER).updateMessage(UpdateMessageRequest.newBuilder()
        .setMessage(Message.newBuilder().setName(sent.getName()).setText("Quiz on Monday")).build());
    assertThat(edited.getVersion()).isEqualTo(2);
    assertThat(((Map<?, ?>) lastOfType("message.edited").details().get("content_decision"))
        .get("outcome")).isEqualTo("ALLOW");

    Message held = held(SECRET);
    assertRejected(() -> gw.messages(TEACHER).updateMessage(UpdateMessageRequest.newBuilder()
            .setMessage(Message.newBuilder().setName(held.getName()).setText("Quiz on Monday")).build()),
        Status.Code.FAILED_PRECONDITION, "MESSAGE_NOT_EDITABLE");
    // A held message its sender retracts leaves the queue and cannot be released.
    gw.messages(TEACHER).retractMessage(RetractMessageRequest.newBuilder().setName(held.getName()).build());
    assertThat(gw.reviews(ADMIN).listHeldMessages(ListHeldMessagesRequest.getDefaultInstance())
        .getMessagesList()).isEmpty();
    assertRejected(() -> gw.reviews(ADMIN).releaseMessage(ReleaseMessageRequest.newBuilder()
            .setName(held.getName()).setReason("fine").build()),
        Status.Code.FAILED_PRECONDITION, "NOT_AWAITING_REVIEW");
    assertThat(inbox(S1)).hasSize(2);
    assertArchiveVerifies();
  }

  @Test
  void theDryRunGivesBothDecisionsAndLeavesNoTrace() throws Exception {
    start(POLICY);
    long before = archiveSize();
    EvaluateMessageResponse dryRun = gw.messages(TEACHER).evaluateMessage(EvaluateMessageRequest
        .newBuilder().setParent("channels/" + MATH).setMessage(Message.newBuilder().setText(PHONE)).build());
    assertThat(dryRun.getDecision().getOutcome()).isEqualTo(SupervisionDecision.Outcome.DELIVER);
    ContentDecision content = dryRun.getContentDecision();
    assertThat(content.getOutcome()).isEqualTo(ContentDecision.Outcome.BLOCK);
    assertThat(content.getPolicyVersion()).startsWith("lincoln-content-1@");
    ContentViolation phone = content.getViolationsList().stream()
        .filter(v -> v.getRule().equals("contact.phone")).findFirst().orElseThrow();
    assertThat(phone.getClause()).isEqualTo("P000-personal-phone");
    assertThat(phone.getAction()).isEqualTo(ContentViolation.Action.BLOCK);
    assertThat(phone.getSeverity()).isEqualTo(ContentViolation.Severity.SEVERE);
    assertThat(phone.getExplanation()).isNotBlank();
    assertThat(phone.getSpans(0).getStart()).isEqualTo(PHONE.indexOf("555"));
    assertThat(phone.getSpans(0).getExcerpt()).isEqualTo("555-123-4567");

    EvaluateMessageResponse hold = gw.messages(TEACHER).evaluateMessage(EvaluateMessageRequest
        .newBuilder().setParent("channels/" + MATH).setMessage(Message.newBuilder().setText(SECRET)).build());
    assertThat(hold.getContentDecision().getOutcome()).isEqualTo(ContentDecision.Outcome.HOLD);
    EvaluateMessageResponse fine = gw.messages(TEACHER).evaluateMessage(EvaluateMessageRequest
        .newBuilder().setParent("channels/" + MATH).setMessage(Message.newBuilder().setText("Quiz on Friday")).build());
    assertThat(fine.getContentDecision().getOutcome()).isEqualTo(ContentDecision.Outcome.ALLOW);

    gw.awaitEmailsSettled();
    assertThat(archiveSize()).isEqualTo(before);
    assertThat(gw.gateway().store().reader().messages(MATH, Long.MAX_VALUE, 10, "")).isEmpty();
  }

  @Test
  void attachmentsDepictingStudentsNeedTheirMediaRelease() throws Exception {
    start(POLICY);
    gw.directory(ADMIN).importOverrides(ImportOverridesRequest.newBuilder().setOverridesCsv(
        ByteString.copyFromUtf8("""
            sourcedId,noContact,noRecordsAccess,eligibleStudent,mediaRelease
            s1,false,false,false,true
            """)).build());
    Message allowed = gw.messages(TEACHER).createMessage(draft("Science fair photos", "",
        photo("fair.jpg", S1)));
    assertThat(allowed.getState()).isEqualTo(MessageState.DELIVERED);
    // Declarations are stored with the message and returned on reads.
    Message read = gw.messages(S2).getMessage(GetMessageRequest.newBuilder().setName(allowed.getName()).build());
    assertThat(read.getAttachmentsList()).singleElement().satisfies(a -> {
      assertThat(a.getFileName()).isEqualTo("fair.jpg");
      assertThat(a.getContentType()).isEqualTo("image/jpeg");
      assertThat(a.getDepictedStudentsList()).containsExactly("people/s1");
    });
    assertThat(((List<?>) archived(allowed.getArchiveIndex()).details().get("attachments"))).hasSize(1);

    // Sue Two has no release on file: blocked, the violation naming the attachment.
    com.google.rpc.Status refusal = assertRejected(() -> gw.messages(TEACHER).createMessage(
            draft("Science fair photos", "", photo("fair.jpg", S1), photo("team.jpg", S2))),
        Status.Code.FAILED_PRECONDITION, "POLICY_VIOLATION");
    Map<String, List<String>> violations = violations(refusal);
    assertThat(violations).containsOnlyKeys("media-release");
    assertThat(violations.get("media-release").get(0)).isEqualTo("P001-media-release");
    assertThat(violations.get("media-release").get(1)).contains("team.jpg", "Sue Two");
    assertThat(violations.get("media-release").get(2)).isEmpty();
    assertThat(inbox(S1)).containsExactly("Science fair photos");

    // Once the release is on file (a new directory version), the same send goes through.
    gw.directory(ADMIN).importOverrides(ImportOverridesRequest.newBuilder().setOverridesCsv(
        ByteString.copyFromUtf8("""
            sourcedId,noContact,noRecordsAccess,eligibleStudent,mediaRelease
            s1,false,false,false,true
            s2,false,false,false,true
            """)).build());
    Message both = gw.messages(TEACHER).createMessage(
        draft("Science fair photos", "", photo("fair.jpg", S1), photo("team.jpg", S2)));
    assertThat(both.getState()).isEqualTo(MessageState.DELIVERED);
    assertArchiveVerifies();
  }

  @Test
  void attachmentDeclarationsAreValidated() throws Exception {
    start(POLICY);
    long before = archiveSize();
    com.google.rpc.Status unknown = assertRejected(() -> gw.messages(TEACHER).createMessage(
            draft("Photos", "", photo("a.jpg", "nobody"), photo("b.jpg", G1))),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
    assertThat(violatedFields(unknown)).containsExactly("message.attachments[0].depicted_students[0]",
        "message.attachments[1].depicted_students[0]");
    assertRejected(() -> gw.messages(TEACHER).createMessage(draft("Photos", "",
            AttachmentDeclaration.newBuilder().setFileName("a.jpg").addDepictedStudents("s1").build())),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
    com.google.rpc.Status names = assertRejected(() -> gw.messages(TEACHER).createMessage(draft("Photos", "",
            photo(""), photo("x".repeat(256)), photo("../etc/passwd"),
            AttachmentDeclaration.newBuilder().setFileName("ok.jpg").setContentType("jpeg").build())),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
    assertThat(violatedFields(names)).containsExactly("message.attachments[0].file_name",
        "message.attachments[1].file_name", "message.attachments[2].file_name",
        "message.attachments[3].content_type");
    AttachmentDeclaration[] eleven = new AttachmentDeclaration[11];
    java.util.Arrays.fill(eleven, photo("a.jpg"));
    com.google.rpc.Status many = assertRejected(() -> gw.messages(TEACHER).createMessage(
        draft("Photos", "", eleven)), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
    assertThat(violatedFields(many)).containsExactly("message.attachments");
    assertThat(archiveSize()).isEqualTo(before);
  }
}
