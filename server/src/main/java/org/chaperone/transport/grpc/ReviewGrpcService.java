package org.chaperone.transport.grpc;

import io.grpc.stub.StreamObserver;
import java.util.List;
import org.chaperone.api.v1.ListHeldMessagesRequest;
import org.chaperone.api.v1.ListHeldMessagesResponse;
import org.chaperone.api.v1.RejectMessageRequest;
import org.chaperone.api.v1.ReleaseMessageRequest;
import org.chaperone.api.v1.ReviewServiceGrpc;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Message;
import org.chaperone.messaging.HeldMessageReview;

/** Transport for {@code chaperone.v1.ReviewService}: validates shape and maps, nothing more. */
final class ReviewGrpcService extends ReviewServiceGrpc.ReviewServiceImplBase {
  private final HeldMessageReview review;
  private final DisplayNames names;
  private final Supervisors supervisors;

  ReviewGrpcService(HeldMessageReview review, DisplayNames names, Supervisors supervisors) {
    this.review = review;
    this.names = names;
    this.supervisors = supervisors;
  }

  private org.chaperone.api.v1.Message view(Message m) {
    return ProtoMapping.withContentReview(
        ProtoMapping.message(m, names.of(m.senderId()), supervisors.of(m.channelId())), m);
  }

  @Override
  public void listHeldMessages(ListHeldMessagesRequest request,
      StreamObserver<ListHeldMessagesResponse> response) {
    String school = request.getParent().isEmpty()
        ? "" : ResourceNames.id("parent", request.getParent(), "schools");
    int size = PageTokens.pageSize(request.getPageSize(), 50, 500);
    String scope = "held:" + school;
    long after = PageTokens.decodeLong(request.getPageToken(), scope, 0);
    List<Message> page = review.list(CallerContext.caller(), school, after, size + 1);
    ListHeldMessagesResponse.Builder b = ListHeldMessagesResponse.newBuilder();
    page.stream().limit(size).forEach(m -> b.addMessages(view(m)));
    if (page.size() > size) {
      b.setNextPageToken(PageTokens.encode(scope, Long.toString(page.get(size - 1).id())));
    }
    response.onNext(b.build());
    response.onCompleted();
  }

  @Override
  public void releaseMessage(ReleaseMessageRequest request,
      StreamObserver<org.chaperone.api.v1.Message> response) {
    decide(request.getName(), request.getReason(), review::release, response);
  }

  @Override
  public void rejectMessage(RejectMessageRequest request,
      StreamObserver<org.chaperone.api.v1.Message> response) {
    decide(request.getName(), request.getReason(), review::reject, response);
  }

  /** A release or a rejection: {@link HeldMessageReview#release} or {@link HeldMessageReview#reject}. */
  private interface Decision {
    Message decide(Caller caller, String channelId, long messageId, String reason);
  }

  private void decide(String messageName, String reason, Decision decision,
      StreamObserver<org.chaperone.api.v1.Message> response) {
    ResourceNames.MessageName name = ResourceNames.message("name", messageName);
    response.onNext(view(decision.decide(CallerContext.caller(), name.channelId(), name.messageId(),
        reason)));
    response.onCompleted();
  }
}
