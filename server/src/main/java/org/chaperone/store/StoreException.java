package org.chaperone.store;

/** A store failure that is not the caller's fault. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
