package org.chaperone.transport.grpc;

import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.chaperone.api.v1.ArchiveServiceGrpc;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.archive.ArchivePublicKey;
import org.chaperone.auth.TokenVerifier;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.directory.DirectoryQueries;
import org.chaperone.directory.RosterImport;
import org.chaperone.domain.Person;
import org.chaperone.integration.Integrations;
import org.chaperone.integration.RateLimiter;
import org.chaperone.messaging.Approvals;
import org.chaperone.messaging.ChannelQueries;
import org.chaperone.messaging.Conversations;
import org.chaperone.messaging.MessageEdits;
import org.chaperone.messaging.HeldMessageReview;
import org.chaperone.messaging.MessageReading;
import org.chaperone.messaging.MessageRetractions;
import org.chaperone.messaging.MessageSubmission;
import org.chaperone.records.ArchiveProofs;
import org.chaperone.records.LegalHolds;
import org.chaperone.records.RecordsProductions;
import org.chaperone.records.RecordsRequests;
import org.chaperone.records.RecordsSearch;
import org.chaperone.store.StoreReader;

/**
 * The gateway's gRPC services with their interceptor chain, ready to add to a server (a socket
 * server in production, an in-process one in tests: the same definitions either way).
 */
public final class GatewayServices {
  private GatewayServices() {}

  /** The use cases and infrastructure the services are built on. */
  public record Dependencies(
      MessageSubmission submission,
      MessageReading reading,
      ChannelQueries channels,
      Conversations conversations,
      Approvals approvals,
      DirectoryQueries directory,
      RosterImport rosterImport,
      StoreReader reader,
      DeliveryHub hub,
      Executor streamExecutor,
      TokenVerifier tokens,
      Function<String, Optional<Person>> people,
      Integrations integrations,
      TokenVerifier integrationTokens,
      RateLimiter integrationLimit,
      RateLimiter senderLimit,

      ArchiveProofs archiveProofs,
      RecordsSearch recordsSearch,
      ArchivePublicKey archiveKey,
      RecordsRequests recordsRequests,
      RecordsProductions productions,
      MessageEdits edits,
      MessageRetractions retractions,
      CallCaps caps,
      boolean integrationCertificates,
      HeldMessageReview review,
      LegalHolds legalHolds) {}

  /**
   * How many calls may run at once: message streams per person, productions per person and in
   * all (see {@link CallLimits}).
   */
  public record CallCaps(int streamsPerPerson, int productionsPerPerson, int productions) {
    public static final CallCaps DEFAULT = new CallCaps(16, 1, 2);
  }

  public static List<ServerServiceDefinition> build(Dependencies d) {
    DisplayNames names = new DisplayNames(d.reader());
    Supervisors supervisors = new Supervisors(d.reader());
    ClientCertificates certificates = new ClientCertificates(d.integrationCertificates());
    List<BindableService> services = List.of(
        new MessageGrpcService(d.submission(), d.edits(), d.retractions(), d.reading(), d.reader(), d.hub(),
            d.streamExecutor(), names, supervisors),
        new ReviewGrpcService(d.review(), names, supervisors),
        new ChannelGrpcService(d.channels(), d.conversations(), names),
        new ApprovalGrpcService(d.approvals(), d.conversations()),
        new IntegrationGrpcService(d.integrations(), certificates),
        new DirectoryGrpcService(d.directory(), d.rosterImport()),
        new ArchiveGrpcService(d.archiveProofs(), d.recordsSearch(), d.archiveKey(),
            d.recordsRequests(), d.productions(), d.legalHolds()));
    AuthenticationInterceptor authentication = new AuthenticationInterceptor(d.tokens(), d.people(),
        d.integrationTokens(), d.integrations(), d.integrationLimit(), d.senderLimit(), certificates);
    CallLimits callLimits = new CallLimits(Map.of(
        MessageServiceGrpc.getStreamMessagesMethod().getFullMethodName(),
        new CallLimits.Cap(d.caps().streamsPerPerson(), Integer.MAX_VALUE),
        ArchiveServiceGrpc.getExportProductionMethod().getFullMethodName(),
        new CallLimits.Cap(d.caps().productionsPerPerson(), d.caps().productions())));
    return services.stream().map(service -> RequestDecoding.wrap(
        // ServerInterceptors.intercept runs the LAST interceptor first. Order of execution:
        //  1. request context: every later step (and every error) knows the request id;
        //  2. error mapping: failures in authentication and handlers become rich statuses;
        //  3. authentication: handlers always run with a verified caller in the context;
        //  4. call limits: concurrent streams and productions, per authenticated person.
        ServerInterceptors.intercept(service, callLimits, authentication,
            new ErrorMappingInterceptor(), new RequestContextInterceptor())))
        .toList();
  }
}
