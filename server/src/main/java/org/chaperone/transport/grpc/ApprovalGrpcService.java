package org.chaperone.transport.grpc;

import io.grpc.stub.StreamObserver;
import org.chaperone.api.v1.ApprovalServiceGrpc;
import org.chaperone.api.v1.CreateExemptionRequestRequest;
import org.chaperone.api.v1.DecideApprovalRequest;
import org.chaperone.api.v1.ListApprovalsRequest;
import org.chaperone.api.v1.ListApprovalsResponse;
import org.chaperone.domain.ApprovalRequest;
import org.chaperone.domain.RequestRejected;
import org.chaperone.messaging.Approvals;
import org.chaperone.messaging.Conversations;

/** Transport for {@code chaperone.v1.ApprovalService}. */
final class ApprovalGrpcService extends ApprovalServiceGrpc.ApprovalServiceImplBase {
  private final Approvals approvals;
  private final Conversations conversations;

  ApprovalGrpcService(Approvals approvals, Conversations conversations) {
    this.approvals = approvals;
    this.conversations = conversations;
  }

  @Override
  public void listApprovals(ListApprovalsRequest request, StreamObserver<ListApprovalsResponse> response) {
    int size = PageTokens.pageSize(request.getPageSize(), 100, 1000);
    ListApprovalsResponse.Builder b = ListApprovalsResponse.newBuilder();
    approvals.list(CallerContext.caller(), request.getOpenOnly(), request.getOverdueOnly(), size)
        .forEach(a -> b.addApprovals(ProtoMapping.approval(a)));
    response.onNext(b.build());
    response.onCompleted();
  }

  @Override
  public void decideApproval(DecideApprovalRequest request,
      StreamObserver<org.chaperone.api.v1.ApprovalRequest> response) {
    String id = ResourceNames.id("name", request.getName(), "approvals");
    ApprovalRequest.State outcome = switch (request.getOutcome()) {
      case APPROVED -> ApprovalRequest.State.APPROVED;
      case REJECTED -> ApprovalRequest.State.REJECTED;
      case MORE_INFORMATION_REQUESTED -> ApprovalRequest.State.MORE_INFORMATION_REQUESTED;
      case APPROVED_LIMITED -> ApprovalRequest.State.APPROVED_LIMITED;
      default -> throw RequestRejected.invalidField("outcome",
          "must be APPROVED, REJECTED, MORE_INFORMATION_REQUESTED or APPROVED_LIMITED");
    };
    java.util.Set<String> schools = new java.util.LinkedHashSet<>();
    request.getAllowedSchoolsList().forEach(s -> schools.add(ResourceNames.id("allowed_schools", s, "schools")));
    response.onNext(ProtoMapping.approval(approvals.decide(CallerContext.caller(), id, outcome,
        request.getExplanation(), request.getLimits(), schools,
        IntegrationGrpcService.operations(request.getAllowedOperationsList(), "allowed_operations"))));
    response.onCompleted();
  }

  @Override
  public void createExemptionRequest(CreateExemptionRequestRequest request,
      StreamObserver<org.chaperone.api.v1.ApprovalRequest> response) {
    response.onNext(ProtoMapping.approval(conversations.exemption(CallerContext.caller(),
        request.getPurpose().strip(), request.getObjectives().strip())));
    response.onCompleted();
  }
}
