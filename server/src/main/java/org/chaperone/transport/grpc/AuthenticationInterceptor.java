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
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Person;
import org.chaperone.domain.RequestRejected;

/**
 * Requires a bearer JWT on every RPC except the standard health and reflection services, verifies
 * it, maps it to a directory person and puts the {@link Caller} into the context. A valid token
 * naming nobody in the directory is refused: every action has a real person behind it (board
 * policy P000-anonymous).
 */
final class AuthenticationInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Set<String> OPEN_SERVICES = Set.of(
      "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection");

  private final TokenVerifier verifier;
  private final Function<String, Optional<Person>> people;

  /**
   * @param people finds the directory person a token's identity claim names
   */
  AuthenticationInterceptor(TokenVerifier verifier, Function<String, Optional<Person>> people) {
    this.verifier = verifier;
    this.people = people;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    Caller caller;
    try {
      caller = authenticate(headers.get(AUTHORIZATION));
    } catch (RequestRejected e) {
      StatusRuntimeException status = GrpcErrors.rejected(e);
      call.close(status.getStatus(), status.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(CallerContext.CALLER, caller);
    return Contexts.interceptCall(context, call, headers, next);
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
      ErrorReason reason = e.reason() == TokenRejectedException.Reason.EXPIRED
          ? ErrorReason.TOKEN_EXPIRED : ErrorReason.TOKEN_INVALID;
      throw new RequestRejected(reason, "token refused: " + e.getMessage());
    }
    Person person = people.apply(token.subject()).orElseThrow(() -> new RequestRejected(
        ErrorReason.UNKNOWN_PERSON, "the token names '" + token.subject()
            + "', who is not an active person in the directory"));
    return new Caller(person, token.actor().orElse(""));
  }
}
