package org.chaperone.client;

/**
 * Names of the Chaperone v1 API as seen by client code: the metadata keys and the error domain
 * every {@code google.rpc.ErrorInfo} carries.
 *
 * <p>The full client library (builder, paging, retries with automatic request ids, resuming
 * streams) is built on these; until then, integrations use the generated stubs in
 * {@code org.chaperone.api.v1} directly.
 */
public final class ChaperoneApi {
  /** The {@code ErrorInfo.domain} of every error the gateway returns. */
  public static final String ERROR_DOMAIN = "chaperone.org";

  /** The metadata key carrying the bearer token: {@code authorization: Bearer <jwt>}. */
  public static final String AUTHORIZATION_HEADER = "authorization";

  private ChaperoneApi() {}
}
