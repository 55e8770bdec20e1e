package org.chaperone.transport.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.chaperone.auth.TokenRejectedException;
import org.chaperone.auth.TokenVerifier;
import org.chaperone.auth.VerifiedToken;
import org.chaperone.api.v1.ChannelServiceGrpc;
import org.chaperone.api.v1.DirectoryServiceGrpc;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Integration;
import org.chaperone.integration.Integrations;
import org.chaperone.integration.RateLimiter;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Person;
import org.chaperone.domain.RequestRejected;

/**
 * Requires a bearer JWT on every RPC except the standard health and reflection services (and the
 * integration token exchange), verifies it, maps it to a directory person and puts the
 * {@link Caller} into the context. An integration presents its own access token and names the staff
 * member it acts for in {@code x-on-behalf-of}. Rate limits per integration and per sender apply
 * here, before any work. A valid token
 * naming nobody in the directory is refused: every action has a real person behind it (board
 * policy P000-anonymous).
 */
final class AuthenticationInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Set<String> OPEN_SERVICES = Set.of(
      "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection");

  static final Metadata.Key<String> ON_BEHALF_OF =
      Metadata.Key.of("x-on-behalf-of", Metadata.ASCII_STRING_MARSHALLER);

  private final TokenVerifier verifier;
  private final Function<String, Optional<Person>> people;
  private final TokenVerifier integrationTokens;
  private final Integrations integrations;
  private final RateLimiter integrationLimit;
  private final RateLimiter senderLimit;
  private final ClientCertificates certificates;

  /**
   * @param verifier people's tokens (the district identity provider, or development tokens)
   * @param people finds the directory person a token's identity claim names
   * @param integrationTokens the gateway's own integration access tokens
   * @param integrationLimit calls per integration
   * @param senderLimit sends per person (directly or through an integration)
   * @param certificates whether integrations must present client certificates (mutual TLS)
   */
  AuthenticationInterceptor(TokenVerifier verifier, Function<String, Optional<Person>> people,
      TokenVerifier integrationTokens, Integrations integrations, RateLimiter integrationLimit,
      RateLimiter senderLimit, ClientCertificates certificates) {
    this.certificates = certificates;
    this.verifier = verifier;
    this.people = people;
    this.integrationTokens = integrationTokens;
    this.integrations = integrations;
    this.integrationLimit = integrationLimit;
    this.senderLimit = senderLimit;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    String certificateName = ClientCertificates.commonName(call).orElse(null);
    if (call.getMethodDescriptor().getFullMethodName().equals(IntegrationGrpcService.TOKEN_METHOD)) {
      // The token exchange authenticates with the request's credentials; the service checks the
      // client certificate against the client id it names.
      Context context = certificateName == null ? Context.current()
          : Context.current().withValue(ClientCertificates.COMMON_NAME, certificateName);
      return Contexts.interceptCall(context, call, headers, next);
    }
    Caller caller;
    try {
      String method = call.getMethodDescriptor().getFullMethodName();
      String onBehalfOf = headers.get(ON_BEHALF_OF);
      caller = onBehalfOf == null
          ? authenticate(headers.get(AUTHORIZATION))
          : authenticateIntegration(headers.get(AUTHORIZATION), onBehalfOf, method, certificateName);
      if (SEND_METHODS.contains(method)) {
        limit(senderLimit, "sender:" + caller.personId(), "sends by people/" + caller.personId());
      }
    } catch (RequestRejected e) {
      StatusRuntimeException status = GrpcErrors.rejected(e);
      call.close(status.getStatus(), status.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(CallerContext.CALLER, caller);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private static final Set<String> SEND_METHODS = Set.of(
      MessageServiceGrpc.getCreateMessageMethod().getFullMethodName(),
      MessageServiceGrpc.getUpdateMessageMethod().getFullMethodName());

  /** What each method asks of an integration; methods missing here are not open to integrations. */
  private static final java.util.Map<String, Integration.Operation> OPERATIONS = java.util.Map.ofEntries(
      java.util.Map.entry(MessageServiceGrpc.getCreateMessageMethod().getFullMethodName(), Integration.Operation.SEND_MESSAGES),
      java.util.Map.entry(MessageServiceGrpc.getEvaluateMessageMethod().getFullMethodName(), Integration.Operation.SEND_MESSAGES),
      java.util.Map.entry(MessageServiceGrpc.getUpdateMessageMethod().getFullMethodName(), Integration.Operation.SEND_MESSAGES),
      java.util.Map.entry(MessageServiceGrpc.getRetractMessageMethod().getFullMethodName(), Integration.Operation.SEND_MESSAGES),
      java.util.Map.entry(MessageServiceGrpc.getGetMessageMethod().getFullMethodName(), Integration.Operation.READ_MESSAGES),
      java.util.Map.entry(MessageServiceGrpc.getListMessagesMethod().getFullMethodName(), Integration.Operation.READ_MESSAGES),
      java.util.Map.entry(MessageServiceGrpc.getStreamMessagesMethod().getFullMethodName(), Integration.Operation.READ_MESSAGES),
      java.util.Map.entry(ChannelServiceGrpc.getGetChannelMethod().getFullMethodName(), Integration.Operation.READ_MESSAGES),
      java.util.Map.entry(ChannelServiceGrpc.getListChannelsMethod().getFullMethodName(), Integration.Operation.READ_MESSAGES),
      java.util.Map.entry(ChannelServiceGrpc.getListMembersMethod().getFullMethodName(), Integration.Operation.READ_MESSAGES),
      java.util.Map.entry(DirectoryServiceGrpc.getGetMyPersonMethod().getFullMethodName(), Integration.Operation.READ_DIRECTORY),
      java.util.Map.entry(DirectoryServiceGrpc.getGetPersonMethod().getFullMethodName(), Integration.Operation.READ_DIRECTORY),
      java.util.Map.entry(DirectoryServiceGrpc.getGetClassMethod().getFullMethodName(), Integration.Operation.READ_DIRECTORY),
      java.util.Map.entry(DirectoryServiceGrpc.getImportRosterMethod().getFullMethodName(), Integration.Operation.IMPORT_ROSTER),
      java.util.Map.entry(DirectoryServiceGrpc.getImportOverridesMethod().getFullMethodName(), Integration.Operation.IMPORT_ROSTER));

  /**
   * An integration's call: its own access token, and the staff member it acts for. The person's
   * relationships and rights then apply exactly as if they called; the integration's approval,
   * operations and schools limit it further.
   */
  private Caller authenticateIntegration(String authorization, String onBehalfOf, String method,
      String certificateName) {
    String token = bearer(authorization);
    VerifiedToken verified;
    try {
      verified = integrationTokens.verify(token);
    } catch (TokenRejectedException e) {
      throw new RequestRejected(e.reason() == TokenRejectedException.Reason.EXPIRED
          ? ErrorReason.TOKEN_EXPIRED : ErrorReason.TOKEN_INVALID,
          "x-on-behalf-of is only for integrations, with an access token from"
              + " IntegrationService/CreateAccessToken: " + e.getMessage());
    }
    certificates.check(verified.subject(), certificateName);
    String personId = onBehalfOf.startsWith("people/") ? onBehalfOf.substring("people/".length()) : onBehalfOf;
    limit(integrationLimit, "integration:" + verified.subject(), "calls by integrations/" + verified.subject());
    return integrations.actFor(verified.subject(), personId, OPERATIONS.get(method));
  }

  private static void limit(RateLimiter limiter, String key, String what) {
    limiter.acquire(key).ifPresent(wait -> {
      throw new RequestRejected(ErrorReason.RATE_LIMITED, "too many " + what + "; retry in "
          + wait.toMillis() + " ms", java.util.List.of(),
          java.util.Map.of("retry_after_ms", Long.toString(wait.toMillis())));
    });
  }

  private static String bearer(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new RequestRejected(ErrorReason.TOKEN_MISSING,
          "send a bearer token: 'authorization: Bearer <jwt>'");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new RequestRejected(ErrorReason.TOKEN_INVALID,
          "the authorization header must be 'Bearer <jwt>'");
    }
    return authorization.substring(7).strip();
  }

  private Caller authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new RequestRejected(ErrorReason.TOKEN_MISSING,
          "send a bearer token: 'authorization: Bearer <jwt>'");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new RequestRejected(ErrorReason.TOKEN_INVALID,
          "the authorization header must be 'Bearer <jwt>'");
    }
    VerifiedToken token;
    try {
      token = verifier.verify(authorization.substring(7).strip());
    } catch (TokenRejectedException e) {
      if (isIntegrationToken(authorization.substring(7).strip())) {
        throw new RequestRejected(ErrorReason.ON_BEHALF_OF_REQUIRED, "an integration must name the"
            + " staff member it acts for: 'x-on-behalf-of: people/{person}' (board policy P000-anonymous)");
      }
      ErrorReason reason = e.reason() == TokenRejectedException.Reason.EXPIRED
          ? ErrorReason.TOKEN_EXPIRED : ErrorReason.TOKEN_INVALID;
      throw new RequestRejected(reason, "token refused: " + e.getMessage());
    }
    Person person = people.apply(token.subject()).orElseThrow(() -> new RequestRejected(
        ErrorReason.UNKNOWN_PERSON, "the token names '" + token.subject()
            + "', who is not an active person in the directory"));
    return new Caller(person, token.actor().orElse(""));
  }

  private boolean isIntegrationToken(String token) {
    try {
      integrationTokens.verify(token);
      return true;
    } catch (TokenRejectedException e) {
      return false;
    }
  }
}
