package org.chaperone.transport.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.GetMessageRequest;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.ListMessagesResponse;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.delivery.InboxSubscription;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Message;
import org.chaperone.domain.RequestRejected;
import org.chaperone.messaging.MessageReading;
import org.chaperone.messaging.MessageSubmission;
import org.chaperone.store.StoreReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Transport for {@code chaperone.v1.MessageService}: validates shape and maps, nothing more. */
final class MessageGrpcService extends MessageServiceGrpc.MessageServiceImplBase {
  private static final Logger log = LoggerFactory.getLogger(MessageGrpcService.class);
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final MessageSubmission submission;
  private final MessageReading reading;
  private final StoreReader reader;
  private final DeliveryHub hub;
  private final Executor streamExecutor;
  private final DisplayNames names;

  MessageGrpcService(MessageSubmission submission, MessageReading reading, StoreReader reader,
      DeliveryHub hub, Executor streamExecutor, DisplayNames names) {
    this.submission = submission;
    this.reading = reading;
    this.reader = reader;
    this.hub = hub;
    this.streamExecutor = streamExecutor;
    this.names = names;
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
    Message sent = submission.submit(caller, channelId, request.getMessage().getText(), requestId);
    response.onNext(ProtoMapping.message(sent, caller.person().displayName()));
    response.onCompleted();
  }

  @Override
  public void getMessage(GetMessageRequest request,
      StreamObserver<org.chaperone.api.v1.Message> response) {
    ResourceNames.MessageName name = ResourceNames.message("name", request.getName());
    Message m = reading.get(CallerContext.caller(), name.channelId(), name.messageId());
    response.onNext(ProtoMapping.message(m, names.of(m.senderId())));
    response.onCompleted();
  }

  @Override
  public void listMessages(ListMessagesRequest request, StreamObserver<ListMessagesResponse> response) {
    String channelId = ResourceNames.id("parent", request.getParent(), "channels");
    int size = PageTokens.pageSize(request.getPageSize(), 50, 500);
    String scope = "messages:" + channelId;
    long before = PageTokens.decodeLong(request.getPageToken(), scope, Long.MAX_VALUE);
    List<Message> page = reading.list(CallerContext.caller(), channelId, before, size + 1);
    ListMessagesResponse.Builder b = ListMessagesResponse.newBuilder();
    page.stream().limit(size).forEach(m -> b.addMessages(ProtoMapping.message(m, names.of(m.senderId()))));
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
          public void send(Message m) {
            stream.onNext(MessageEvent.newBuilder()
                .setMessage(ProtoMapping.message(m, names.of(m.senderId())))
                .setCursor(PageTokens.cursor(m.id()))
                .build());
          }

          @Override
          public void fail(RuntimeException error) {
            stream.onError(GrpcErrors.toStatus(error, ""));
          }
        });
    AutoCloseable listening = hub.listen(caller.personId(), subscription::wake);
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
