package org.chaperone.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Adds {@code authorization: Bearer <token>} (and, for an integration acting for a person,
 * {@code x-on-behalf-of}) to every call, asking the supplier for the token on
 * each call (so a supplier that refreshes tokens is honoured at once). The supplier runs on the
 * call's executor, for blocking calls the calling thread, never on a transport thread.
 */
final class BearerTokenCredentials extends CallCredentials {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  static final Metadata.Key<String> ON_BEHALF_OF =
      Metadata.Key.of("x-on-behalf-of", Metadata.ASCII_STRING_MARSHALLER);

  private final Supplier<String> tokens;
  private final String onBehalfOf;

  BearerTokenCredentials(Supplier<String> tokens) {
    this(tokens, null);
  }

  private BearerTokenCredentials(Supplier<String> tokens, String onBehalfOf) {
    this.tokens = tokens;
    this.onBehalfOf = onBehalfOf;
  }

  /** The same tokens, naming {@code person} (people/{id}) as the one the integration acts for. */
  BearerTokenCredentials actingFor(String person) {
    return new BearerTokenCredentials(tokens, person);
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor appExecutor, MetadataApplier applier) {
    appExecutor.execute(() -> {
      String token;
      try {
        token = tokens.get();
      } catch (RuntimeException e) {
        applier.fail(Status.UNAUTHENTICATED.withDescription("the token supplier failed: " + e)
            .withCause(e));
        return;
      }
      if (token == null || token.isBlank()) {
        applier.fail(Status.UNAUTHENTICATED.withDescription("the token supplier returned no token"));
        return;
      }
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + token.strip());
      if (onBehalfOf != null) {
        headers.put(ON_BEHALF_OF, onBehalfOf);
      }
      applier.apply(headers);
    });
  }
}
