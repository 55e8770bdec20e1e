package org.chaperone.auth;

/**
 * Checks a bearer token and says who it speaks for.
 *
 * <p>This is authentication only: a verified token tells who the caller is, never what the
 * caller may do. Implementations are thread-safe; one instance serves every concurrent call.
 */
public interface TokenVerifier {

  /**
   * Verifies a compact-serialised JWT.
   *
   * @param compactJwt the token as sent by the client, without any {@code Bearer } prefix
   * @return the verified identity
   * @throws TokenRejectedException when the token is malformed, not signed by a trusted key,
   *     outside its validity window, or not meant for this service; the exception's message never
   *     contains the token
   */
  VerifiedToken verify(String compactJwt) throws TokenRejectedException;
}
