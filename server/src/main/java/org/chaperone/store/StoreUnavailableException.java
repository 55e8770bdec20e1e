package org.chaperone.store;

/**
 * The database cannot be reached or refuses writes right now; nothing was committed and the
 * caller may retry later.
 */
public final class StoreUnavailableException extends StoreException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
