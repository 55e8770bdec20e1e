package org.chaperone.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.Errors.assertRejected;
import static org.chaperone.testing.Errors.violatedFields;
import static org.chaperone.testing.TestDistrict.*;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.GetMessageRequest;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.ListMessagesResponse;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MessageService through the production wiring on an in-process transport. */
class MessageServiceTest {
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

  static CreateMessageRequest send(String channel, String text, String requestId) {
    return CreateMessageRequest.newBuilder().setParent("channels/" + channel)
        .setMessage(Message.newBuilder().setText(text)).setRequestId(requestId).build();
  }

  @Test
  void teacherMessageReachesEveryStudentAndGuardianAndIsArchived() {
    long archiveBefore = gw.gateway().store().reader().archiveSize();
    Message sent = gw.messages(TEACHER).createMessage(send(MATH, "Quiz on Friday", "r1"));

    assertThat(sent.getName()).startsWith("channels/math-101/messages/");
    assertThat(sent.getSender()).isEqualTo("people/teacher-1");
    assertThat(sent.getSenderDisplayName()).isEqualTo("Tom Miller");
    // s1, s2, s3 and their guardians g1, g2, g3, g4.
    assertThat(sent.getRecipientCount()).isEqualTo(7);
    assertThat(sent.getArchiveIndex()).isEqualTo(archiveBefore);
    // One entry for the message, then one per guardian's email copy once the mailer sent it.
    gw.awaitEmailsSettled();
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(archiveBefore + 1 + 4);
    for (String reader : List.of(S1, S2, S3, G1, G2, G3, G4)) {
      assertThat(gw.messages(reader).getMessage(GetMessageRequest.newBuilder().setName(sent.getName()).build())
          .getText()).isEqualTo("Quiz on Friday");
    }
  }

  @Test
  void repeatedRequestIdReturnsTheOriginalAndSendsNothingTwice() {
    Message first = gw.messages(TEACHER).createMessage(send(MATH, "Bring a calculator", "same-id"));
    gw.awaitEmailsSettled();
    long archive = gw.gateway().store().reader().archiveSize();
    Message again = gw.messages(TEACHER).createMessage(send(MATH, "Bring a calculator", "same-id"));

    assertThat(again).isEqualTo(first);
    gw.awaitEmailsSettled();
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(archive);
    assertThat(listAll(S1)).hasSize(1);
  }

  @Test
  void requestIdReusedForDifferentTextIsRefused() {
    gw.messages(TEACHER).createMessage(send(MATH, "Bring a calculator", "id-1"));
    assertRejected(() -> gw.messages(TEACHER).createMessage(send(MATH, "Something else", "id-1")),
        Status.Code.ALREADY_EXISTS, "REQUEST_ID_REUSED");
  }

  @Test
  void guardianObserversCannotPost() {
    assertRejected(() -> gw.messages(G1).createMessage(send(MATH, "hello", "")),
        Status.Code.PERMISSION_DENIED, "POSTING_NOT_ALLOWED");
  }

  @Test
  void nonMembersCanNeitherPostNorRead() {
    assertRejected(() -> gw.messages(ART_TEACHER).createMessage(send(MATH, "hi", "")),
        Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
    assertRejected(() -> gw.messages(S4).listMessages(
            ListMessagesRequest.newBuilder().setParent("channels/math-101").build()),
        Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
    assertRejected(() -> gw.messages(G4).streamMessages(
            StreamMessagesRequest.newBuilder().setChannel("channels/art-201").build()).hasNext(),
        Status.Code.PERMISSION_DENIED, "NOT_A_MEMBER");
  }

  @Test
  void unsupervisedConversationIsRefusedArchivedAndDeliveredToNobody() {
    long archive = gw.gateway().store().reader().archiveSize();
    com.google.rpc.Status status = assertRejected(
        () -> gw.messages(ART_TEACHER).createMessage(send(ART, "See me after class", "x1")),
        Status.Code.FAILED_PRECONDITION, "SUPERVISOR_REQUIRED");
    assertThat(status.getMessage()).contains("people/s4");
    assertThat(org.chaperone.testing.Errors.errorInfo(status).getMetadataMap())
        .containsEntry("unsupervised_students", "s4").containsEntry("policy_clause", "P003-copy");
    // The refusal itself is a record; nothing was delivered or stored as a message.
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(archive + 1);
    assertThat(gw.gateway().store().reader().inbox(S4, 0, "", 10)).isEmpty();
    assertThat(gw.gateway().store().reader().messages(ART, Long.MAX_VALUE, 10, "")).isEmpty();
  }

  @Test
  void badInputIsRejectedWithFieldViolationsAndStoresNothing() {
    long archive = gw.gateway().store().reader().archiveSize();
    var empty = assertRejected(() -> gw.messages(TEACHER).createMessage(send(MATH, "  ", "")),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
    assertThat(violatedFields(empty)).containsExactly("message.text");
    var parent = assertRejected(() -> gw.messages(TEACHER).createMessage(
            CreateMessageRequest.newBuilder().setParent("classes/math-101")
                .setMessage(Message.newBuilder().setText("x")).build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
    assertThat(violatedFields(parent)).containsExactly("parent");
    assertRejected(() -> gw.messages(TEACHER).createMessage(
            CreateMessageRequest.newBuilder().setParent("channels/math-101").build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
    assertRejected(() -> gw.messages(TEACHER).createMessage(send(MATH, "x", "not a valid id!")),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD");
    assertRejected(() -> gw.messages(TEACHER).createMessage(send("no-such-channel", "x", "")),
        Status.Code.NOT_FOUND, "CHANNEL_NOT_FOUND");
    var tooLong = assertRejected(() -> gw.messages(TEACHER).createMessage(
            send(MATH, "é".repeat(9000), "")),
        Status.Code.INVALID_ARGUMENT, "TEXT_TOO_LONG");
    assertThat(violatedFields(tooLong)).containsExactly("message.text");
    assertRejected(() -> gw.messages(TEACHER).listMessages(ListMessagesRequest.newBuilder()
            .setParent("channels/math-101").setPageToken("garbage").build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN");
    assertRejected(() -> gw.messages(S1).streamMessages(StreamMessagesRequest.newBuilder()
            .setCursor("bm90IGEgY3Vyc29y").build()).hasNext(),
        Status.Code.INVALID_ARGUMENT, "INVALID_CURSOR");
    assertThat(gw.gateway().store().reader().archiveSize()).isEqualTo(archive);
  }

  @Test
  void listIsNewestFirstAndPagesWithOpaqueTokens() {
    for (int i = 1; i <= 7; i++) {
      gw.messages(TEACHER).createMessage(send(MATH, "note " + i, "n" + i));
    }
    ListMessagesResponse page1 = gw.messages(S2).listMessages(ListMessagesRequest.newBuilder()
        .setParent("channels/math-101").setPageSize(3).build());
    assertThat(page1.getMessagesList()).extracting(Message::getText)
        .containsExactly("note 7", "note 6", "note 5");
    ListMessagesResponse page2 = gw.messages(S2).listMessages(ListMessagesRequest.newBuilder()
        .setParent("channels/math-101").setPageSize(3).setPageToken(page1.getNextPageToken()).build());
    assertThat(page2.getMessagesList()).extracting(Message::getText)
        .containsExactly("note 4", "note 3", "note 2");
    assertThat(listAll(S2)).hasSize(7);
    // A token is bound to its channel.
    assertRejected(() -> gw.messages(TEACHER).listMessages(ListMessagesRequest.newBuilder()
            .setParent("channels/art-201").setPageToken(page1.getNextPageToken()).build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN");
  }

  @Test
  void streamDeliversLiveMessagesInOrderAndResumesFromACursorWithoutGaps() throws Exception {
    BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
    var call = subscribe(G1, StreamMessagesRequest.getDefaultInstance(), events);
    for (int i = 1; i <= 5; i++) {
      gw.messages(TEACHER).createMessage(send(MATH, "live " + i, "l" + i));
    }
    List<MessageEvent> received = take(events, 5);
    assertThat(received).extracting(e -> e.getMessage().getText())
        .containsExactly("live 1", "live 2", "live 3", "live 4", "live 5");
    call.cancel(null);

    String cursor = received.get(2).getCursor();
    for (int i = 6; i <= 8; i++) {
      gw.messages(TEACHER).createMessage(send(MATH, "later " + i, "k" + i));
    }
    BlockingQueue<MessageEvent> resumed = new LinkedBlockingQueue<>();
    var again = subscribe(G1, StreamMessagesRequest.newBuilder().setCursor(cursor).build(), resumed);
    assertThat(take(resumed, 5)).extracting(e -> e.getMessage().getText())
        .containsExactly("live 4", "live 5", "later 6", "later 7", "later 8");
    assertThat(resumed.poll(300, TimeUnit.MILLISECONDS)).as("nothing more").isNull();
    again.cancel(null);
  }

  @Test
  void streamFromBeginningReplaysAndChannelFilterApplies() throws Exception {
    gw.messages(TEACHER).createMessage(send(MATH, "old news", "o1"));
    BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
    var call = subscribe(S1, StreamMessagesRequest.newBuilder().setFromBeginning(true)
        .setChannel("channels/math-101").build(), events);
    assertThat(take(events, 1).getFirst().getMessage().getText()).isEqualTo("old news");
    call.cancel(null);
  }

  @Test
  void aSlowReaderGetsEveryMessageInOrderUnderFlowControl() throws Exception {
    for (int i = 0; i < 300; i++) {
      gw.messages(TEACHER).createMessage(send(MATH, "m" + i, "f" + i));
    }
    BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
    java.util.concurrent.atomic.AtomicReference<io.grpc.stub.ClientCallStreamObserver<StreamMessagesRequest>> call =
        new java.util.concurrent.atomic.AtomicReference<>();
    gw.messagesAsync(G3).streamMessages(StreamMessagesRequest.newBuilder().setFromBeginning(true).build(),
        new io.grpc.stub.ClientResponseObserver<StreamMessagesRequest, MessageEvent>() {
          @Override
          public void beforeStart(io.grpc.stub.ClientCallStreamObserver<StreamMessagesRequest> requestStream) {
            // The client asks for one message at a time, like a reader on a slow link.
            requestStream.disableAutoRequestWithInitial(1);
            call.set(requestStream);
          }

          @Override
          public void onNext(MessageEvent value) {
            events.add(value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      MessageEvent e = events.poll(5, TimeUnit.SECONDS);
      assertThat(e).as("message %d", i).isNotNull();
      texts.add(e.getMessage().getText());
      assertThat(events).as("never more than requested").isEmpty();
      call.get().request(1);
    }
    assertThat(texts).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 300).mapToObj(i -> "m" + i).toList());
    call.get().cancel("done", null);
  }

  @Test
  void streamReportsItsStartSoAClientDisconnectedBeforeTheFirstMessageLosesNothing() throws Exception {
    gw.messages(TEACHER).createMessage(send(MATH, "before", "b1"));
    BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
    var call = subscribe(G1, StreamMessagesRequest.newBuilder().setReportStartCursor(true).build(), events);
    MessageEvent start = take(events, 1).getFirst();
    assertThat(start.hasMessage()).isFalse();
    assertThat(start.getCursor()).isNotEmpty();
    call.cancel(null);

    // Sent while the client is away: resuming from the start cursor still delivers it.
    gw.messages(TEACHER).createMessage(send(MATH, "while away", "w1"));
    BlockingQueue<MessageEvent> resumed = new LinkedBlockingQueue<>();
    var again = subscribe(G1, StreamMessagesRequest.newBuilder().setCursor(start.getCursor()).build(), resumed);
    assertThat(take(resumed, 1).getFirst().getMessage().getText()).isEqualTo("while away");
    assertThat(resumed.poll(300, TimeUnit.MILLISECONDS)).as("nothing more").isNull();
    again.cancel(null);
  }

  private List<Message> listAll(String person) {
    List<Message> all = new ArrayList<>();
    String token = "";
    do {
      ListMessagesResponse page = gw.messages(person).listMessages(ListMessagesRequest.newBuilder()
          .setParent("channels/math-101").setPageSize(2).setPageToken(token).build());
      all.addAll(page.getMessagesList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  private io.grpc.Context.CancellableContext subscribe(String person, StreamMessagesRequest request,
      BlockingQueue<MessageEvent> sink) throws InterruptedException {
    io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
    context.run(() -> gw.messagesAsync(person).streamMessages(request, new StreamObserver<>() {
      @Override
      public void onNext(MessageEvent value) {
        sink.add(value);
      }

      @Override
      public void onError(Throwable t) {
        if (!(t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.CANCELLED)) {
          t.printStackTrace();
        }
      }

      @Override
      public void onCompleted() {}
    }));
    // Let the subscription register before the test sends.
    Thread.sleep(100);
    return context;
  }

  static List<MessageEvent> take(BlockingQueue<MessageEvent> events, int n) throws InterruptedException {
    List<MessageEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      MessageEvent e = events.poll(5, TimeUnit.SECONDS);
      assertThat(e).as("event %d of %d", i + 1, n).isNotNull();
      out.add(e);
    }
    return out;
  }
}
