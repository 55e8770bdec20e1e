package org.chaperone.transport.grpc;

import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.chaperone.api.v1.CreateAccessTokenRequest;
import org.chaperone.api.v1.CreateAccessTokenResponse;
import org.chaperone.api.v1.IntegrationInfo;
import org.chaperone.api.v1.IntegrationOperation;
import org.chaperone.api.v1.IntegrationServiceGrpc;
import org.chaperone.api.v1.ListIntegrationsRequest;
import org.chaperone.api.v1.ListIntegrationsResponse;
import org.chaperone.api.v1.RegisterIntegrationRequest;
import org.chaperone.api.v1.RegisterIntegrationResponse;
import org.chaperone.api.v1.RevokeIntegrationRequest;
import org.chaperone.domain.Integration;
import org.chaperone.domain.RequestRejected;
import org.chaperone.integration.Integrations;

/** Transport for {@code chaperone.v1.IntegrationService}. */
final class IntegrationGrpcService extends IntegrationServiceGrpc.IntegrationServiceImplBase {
  /** The one method callable without a bearer token: the token exchange itself. */
  static final String TOKEN_METHOD = IntegrationServiceGrpc.getCreateAccessTokenMethod().getFullMethodName();

  private final Integrations integrations;
  private final ClientCertificates certificates;

  IntegrationGrpcService(Integrations integrations, ClientCertificates certificates) {
    this.integrations = integrations;
    this.certificates = certificates;
  }

  @Override
  public void registerIntegration(RegisterIntegrationRequest request,
      StreamObserver<RegisterIntegrationResponse> response) {
    Set<String> schools = new LinkedHashSet<>();
    request.getSchoolsList().forEach(s -> schools.add(ResourceNames.id("schools", s, "schools")));
    Set<Integration.Operation> operations = operations(request.getOperationsList(), "operations");
    Integrations.Registration r = integrations.register(CallerContext.caller(),
        request.getDisplayName().strip(), request.getPurpose().strip(), schools, operations);
    response.onNext(RegisterIntegrationResponse.newBuilder()
        .setIntegration(info(r.integration()))
        .setClientId(r.integration().id())
        .setClientSecret(r.clientSecret())
        .setApproval(ProtoMapping.approval(r.approval()))
        .build());
    response.onCompleted();
  }

  @Override
  public void createAccessToken(CreateAccessTokenRequest request,
      StreamObserver<CreateAccessTokenResponse> response) {
    if (request.getClientId().isEmpty() || request.getClientSecret().isEmpty()) {
      throw RequestRejected.invalidField(request.getClientId().isEmpty() ? "client_id" : "client_secret",
          "is required");
    }
    certificates.check(request.getClientId(), ClientCertificates.COMMON_NAME.get());
    String token = integrations.token(request.getClientId(), request.getClientSecret());
    response.onNext(CreateAccessTokenResponse.newBuilder().setAccessToken(token)
        .setExpireTime(ProtoMapping.timestamp(Instant.now().plus(Integrations.TOKEN_TTL))).build());
    response.onCompleted();
  }

  @Override
  public void listIntegrations(ListIntegrationsRequest request,
      StreamObserver<ListIntegrationsResponse> response) {
    ListIntegrationsResponse.Builder b = ListIntegrationsResponse.newBuilder();
    integrations.list(CallerContext.caller()).forEach(i -> b.addIntegrations(info(i)));
    response.onNext(b.build());
    response.onCompleted();
  }

  @Override
  public void revokeIntegration(RevokeIntegrationRequest request, StreamObserver<IntegrationInfo> response) {
    String id = ResourceNames.id("name", request.getName(), "integrations");
    response.onNext(info(integrations.revoke(CallerContext.caller(), id, request.getReason())));
    response.onCompleted();
  }

  static Set<Integration.Operation> operations(Iterable<IntegrationOperation> ops, String field) {
    Set<Integration.Operation> out = new LinkedHashSet<>();
    for (IntegrationOperation op : ops) {
      out.add(switch (op) {
        case SEND_MESSAGES -> Integration.Operation.SEND_MESSAGES;
        case READ_MESSAGES -> Integration.Operation.READ_MESSAGES;
        case READ_DIRECTORY -> Integration.Operation.READ_DIRECTORY;
        case IMPORT_ROSTER -> Integration.Operation.IMPORT_ROSTER;
        default -> throw RequestRejected.invalidField(field, "unknown operation " + op);
      });
    }
    return out;
  }

  static IntegrationInfo info(Integration i) {
    IntegrationInfo.Builder b = IntegrationInfo.newBuilder()
        .setName("integrations/" + i.id())
        .setDisplayName(i.name())
        .setPurpose(i.purpose())
        .setState(i.state().name())
        .setApproval("approvals/" + i.approvalId())
        .setOwner(ResourceNames.person(i.ownerId()))
        .setCreateTime(ProtoMapping.timestamp(i.createTime()));
    i.schools().stream().sorted().forEach(s -> b.addSchools("schools/" + s));
    i.operations().stream().sorted().forEach(o -> b.addOperations(IntegrationOperation.valueOf(o.name())));
    return b.build();
  }
}
