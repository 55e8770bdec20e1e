package org.chaperone.client;

/**
 * An open stream of messages from {@link ChaperoneClient#subscribe}: it delivers every message
 * delivered to the caller to its {@link MessageListener} and, when the stream is interrupted,
 * resubscribes by itself from the last cursor it received, so the listener sees no gap and no
 * duplicate. It ends when {@link #close()}d, when the client is closed, or when the gateway
 * refuses it ({@link MessageListener#onError}).
 *
 * <p>To continue after the process restarts, store {@link #lastCursor()} (or each event's cursor)
 * and pass it as {@code StreamMessagesRequest.cursor} to a new subscription.
 *
 * <p>Thread-safe.
 */
public interface Subscription extends AutoCloseable {
  /**
   * The cursor after the last event the listener handled (returned from {@link
   * MessageListener#onEvent} normally), or the position the stream started at before any event;
   * empty until the gateway has reported either.
   *
   * @return an opaque cursor, or an empty string
   */
  String lastCursor();

  /**
   * Whether the subscription is still delivering or resubscribing.
   *
   * @return false once closed or ended by an error
   */
  boolean isActive();

  /**
   * Stops the subscription; idempotent. Once it returns, the listener receives no further
   * callback, except one that is already running.
   */
  @Override
  void close();
}
