package org.chaperone.client;

import org.chaperone.api.v1.MessageEvent;

/**
 * Receives the messages of a {@link Subscription}.
 *
 * <p>Callbacks run on the subscription's executor, one at a time and in order, never concurrently
 * for one subscription, so a listener needs no locking of its own for state only it touches. A
 * slow listener slows the stream down (the gateway sends only as fast as the listener returns)
 * but loses nothing.
 *
 * <p>If {@link #onEvent} throws, the subscription stops: {@link #onError} receives a {@code
 * CANCELLED} {@link ChaperoneException} with the listener's exception as its cause, and {@link
 * Subscription#lastCursor()} still names the last event that was handled, so subscribing again
 * from it delivers the failed event again.
 */
@FunctionalInterface
public interface MessageListener {
  /**
   * One message delivered to the caller, with the cursor that resumes the stream after it. Each
   * message arrives exactly once per subscription, oldest first, also across reconnections.
   *
   * @param event the event; {@link MessageEvent#hasMessage()} is always true
   */
  void onEvent(MessageEvent event);

  /**
   * The stream was interrupted (e.g. the gateway restarted or the network dropped) and the
   * subscription will resubscribe from its last cursor after a backoff. Informational; the default
   * does nothing.
   *
   * @param cause why the stream ended
   */
  default void onReconnecting(ChaperoneException cause) {}

  /**
   * The subscription ended for good: the gateway refused it (e.g. {@code PERMISSION_DENIED}, an
   * expired token, an invalid cursor) or the listener threw. No callback follows. Not called
   * after {@link Subscription#close()}. The default does nothing.
   *
   * @param error why the subscription ended
   */
  default void onError(ChaperoneException error) {}
}
