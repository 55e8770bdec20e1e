package org.chaperone.transport.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.chaperone.api.v1.AttachmentDeclaration;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.EvaluateMessageRequest;
import org.chaperone.api.v1.EvaluateMessageResponse;
import org.chaperone.api.v1.GetMessageRequest;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.ListMessagesResponse;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.RetractMessageRequest;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.api.v1.UpdateMessageRequest;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.delivery.InboxSubscription;
import org.chaperone.domain.Attachment;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Message;
import org.chaperone.domain.RequestRejected;
import org.chaperone.messaging.MessageEdits;
import org.chaperone.domain.Role;
import org.chaperone.messaging.MessageReading;
import org.chaperone.messaging.MessageRetractions;
import org.chaperone.messaging.MessageSubmission;
import org.chaperone.store.StoreReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Transport for {@code chaperone.v1.MessageService}: validates shape and maps, nothing more. */
final class MessageGrpcService extends MessageServiceGrpc.MessageServiceImplBase {
  private static final Logger log = LoggerFactory.getLogger(MessageGrpcService.class);
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final MessageSubmission submission;
  private final MessageEdits edits;
  private final MessageRetractions retractions;
  private final MessageReading reading;
  private final StoreReader reader;
  private final DeliveryHub hub;
  private final Executor streamExecutor;
  private final DisplayNames names;
  private final Supervisors supervisors;

  MessageGrpcService(MessageSubmission submission, MessageEdits edits,
      MessageRetractions retractions, MessageReading reading, StoreReader reader,
      DeliveryHub hub, Executor streamExecutor, DisplayNames names, Supervisors supervisors) {
    this.submission = submission;
    this.edits = edits;
    this.retractions = retractions;
    this.reading = reading;
    this.reader = reader;
    this.hub = hub;
    this.streamExecutor = streamExecutor;
    this.names = names;
    this.supervisors = supervisors;
  }

  private org.chaperone.api.v1.Message view(Message m) {
    return ProtoMapping.message(m, names.of(m.senderId()), supervisors.of(m.channelId()));
  }

  /**
   * {@code m} as {@code caller} sees it: its sender and administrators (who read only their
   * schools' channels) also see the content decision and the review.
   */
  private org.chaperone.api.v1.Message view(Message m, Caller caller) {
    boolean reviewerOrSender = m.senderId().equals(caller.personId())
        || (caller.role() == Role.ADMINISTRATOR && !caller.viaIntegration());
    return reviewerOrSender ? ProtoMapping.withContentReview(view(m), m) : view(m);
  }

  /** The attachment declarations of a draft, with their depicted students' resource names parsed. */
  static List<Attachment> attachments(List<AttachmentDeclaration> declared) {
    List<Attachment> out = new ArrayList<>(declared.size());
    for (int i = 0; i < declared.size(); i++) {
      AttachmentDeclaration a = declared.get(i);
      List<String> depicted = new ArrayList<>(a.getDepictedStudentsCount());
      for (int j = 0; j < a.getDepictedStudentsCount(); j++) {
        depicted.add(ResourceNames.id("message.attachments[" + i + "].depicted_students[" + j + "]",
            a.getDepictedStudents(j), "people"));
      }
      out.add(new Attachment(a.getFileName(), a.getContentType(), depicted));
    }
    return out;
  }

  @Override
  public void createMessage(CreateMessageRequest request,
      StreamObserver<org.chaperone.api.v1.Message> response) {
    String channelId = ResourceNames.id("parent", request.getParent(), "channels");
    if (!request.hasMessage()) {
      throw RequestRejected.invalidField("message", "is required");
    }
    String requestId = request.getRequestId();
    if (!requestId.isEmpty() && !REQUEST_ID.matcher(requestId).matches()) {
      throw RequestRejected.invalidField("request_id", "must be 1-64 letters, digits, '-' or '_'");
    }
    Caller caller = CallerContext.caller();
    Message sent = submission.submit(caller, new MessageSubmission.Submission(channelId,
        request.getMessage().getText(), requestId, request.getEmergency(),
        attachments(request.getMessage().getAttachmentsList())));
    response.onNext(view(sent, caller));
    response.onCompleted();
  }

  @Override
  public void evaluateMessage(EvaluateMessageRequest request,
      StreamObserver<EvaluateMessageResponse> response) {
    String channelId = ResourceNames.id("parent", request.getParent(), "channels");
    if (!request.hasMessage()) {
      throw RequestRejected.invalidField("message", "is required");
    }
    MessageSubmission.Evaluation evaluation = submission.evaluate(CallerContext.caller(),
        new MessageSubmission.Submission(channelId, request.getMessage().getText(), "",
            request.getEmergency(), attachments(request.getMessage().getAttachmentsList())));
    response.onNext(EvaluateMessageResponse.newBuilder()
        .setDecision(ProtoMapping.decision(evaluation.supervision()))
        .setContentDecision(ProtoMapping.contentDecision(evaluation.content())).build());
    response.onCompleted();
  }

  @Override
  public void updateMessage(UpdateMessageRequest request,
      StreamObserver<org.chaperone.api.v1.Message> response) {
    if (!request.hasMessage()) {
      throw RequestRejected.invalidField("message", "is required");
    }
    ResourceNames.MessageName name = ResourceNames.message("message.name", request.getMessage().getName());
    for (String path : request.getUpdateMask().getPathsList()) {
      if (!path.equals("text")) {
        throw RequestRejected.invalidField("update_mask", "only text can be updated, not " + path);
      }
    }
    Message edited = edits.edit(CallerContext.caller(), name.channelId(), name.messageId(),
        request.getMessage().getText());
    response.onNext(view(edited));
    response.onCompleted();
  }

  @Override
  public void retractMessage(RetractMessageRequest request,
      StreamObserver<org.chaperone.api.v1.Message> response) {
    ResourceNames.MessageName name = ResourceNames.message("name", request.getName());
    Message retracted = retractions.retract(CallerContext.caller(), name.channelId(),
        name.messageId(), request.getReason());
    response.onNext(view(retracted));
    response.onCompleted();
  }

  @Override
  public void getMessage(GetMessageRequest request,
      StreamObserver<org.chaperone.api.v1.Message> response) {
    ResourceNames.MessageName name = ResourceNames.message("name", request.getName());
    Caller caller = CallerContext.caller();
    Message m = reading.get(caller, name.channelId(), name.messageId(), request.getOversightReason());
    response.onNext(view(m, caller));
    response.onCompleted();
  }

  @Override
  public void listMessages(ListMessagesRequest request, StreamObserver<ListMessagesResponse> response) {
    String channelId = ResourceNames.id("parent", request.getParent(), "channels");
    int size = PageTokens.pageSize(request.getPageSize(), 50, 500);
    String scope = "messages:" + channelId;
    long before = PageTokens.decodeLong(request.getPageToken(), scope, Long.MAX_VALUE);
    Caller caller = CallerContext.caller();
    List<Message> page = reading.list(caller, channelId, before, size + 1, request.getOversightReason());
    ListMessagesResponse.Builder b = ListMessagesResponse.newBuilder();
    page.stream().limit(size).forEach(m -> b.addMessages(view(m, caller)));
    if (page.size() > size) {
      b.setNextPageToken(PageTokens.encode(scope, Long.toString(page.get(size - 1).id())));
    }
    response.onNext(b.build());
    response.onCompleted();
  }

  @Override
  public void streamMessages(StreamMessagesRequest request, StreamObserver<MessageEvent> response) {
    Caller caller = CallerContext.caller();
    String channelId = request.getChannel().isEmpty()
        ? "" : ResourceNames.id("channel", request.getChannel(), "channels");
    reading.checkStreamable(caller, channelId);
    long cursor;
    if (!request.getCursor().isEmpty()) {
      cursor = PageTokens.cursorPosition(request.getCursor());
    } else {
      cursor = request.getFromBeginning() ? 0 : reader.newestInboxId(caller.personId());
    }
    ServerCallStreamObserver<MessageEvent> stream = (ServerCallStreamObserver<MessageEvent>) response;
    if (request.getReportStartCursor()) {
      // Sent before the subscription exists, so no other thread writes to the stream yet. With it,
      // a client disconnected before the first message resumes from here instead of from "now".
      stream.onNext(MessageEvent.newBuilder().setCursor(PageTokens.cursor(cursor)).build());
    }
    InboxSubscription subscription = new InboxSubscription(reader, streamExecutor,
        caller.personId(), channelId, cursor, new InboxSubscription.Sink() {
          @Override
          public boolean ready() {
            return stream.isReady() && !stream.isCancelled();
          }

          @Override
          public void send(StoreReader.Delivery d) {
            stream.onNext(MessageEvent.newBuilder()
                .setMessage(view(d.message()))
                .setCursor(PageTokens.cursor(d.deliveryId()))
                .setType(switch (d.kind()) {
                  case CREATED -> MessageEvent.Type.CREATED;
                  case EDITED -> MessageEvent.Type.EDITED;
                  case RETRACTED -> MessageEvent.Type.RETRACTED;
                })
                .build());
          }

          @Override
          public void fail(RuntimeException error) {
            stream.onError(GrpcErrors.toStatus(error, ""));
          }
        });
    AutoCloseable listening = hub.listen(caller.personId(), subscription);
    Runnable stop = () -> {
      subscription.close();
      try {
        listening.close();
      } catch (Exception e) {
        log.debug("closing a listener failed", e);
      }
    };
    stream.setOnCancelHandler(stop);
    stream.setOnCloseHandler(stop);
    // Called when the client can take more: flow control pulls the next page.
    stream.setOnReadyHandler(subscription::wake);
    subscription.wake();
  }
}
