package org.chaperone.delivery;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaperone.store.StoreReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open stream of a person's messages: replays from a cursor, then follows new commits.
 *
 * <p>Delivery is pull-based: whenever the hub wakes it or the client becomes ready for more, the
 * subscription reads the next page after its cursor from the store and sends it while the sink
 * accepts more. It therefore delivers every message in id (= commit) order, never skips one, and
 * holds at most one page in memory however slow the reader is (flow control).
 *
 * <p>Thread-safe: {@link #wake()} may be called from any thread; draining is serialised.
 */
public final class InboxSubscription {
  private static final Logger log = LoggerFactory.getLogger(InboxSubscription.class);
  private static final int PAGE = 64;

  /** Where the messages go: the transport's stream. */
  public interface Sink {
    /** True while the client can take more without buffering. */
    boolean ready();

    /** Sends one message with its inbox position (the cursor to resume after it). */
    void send(StoreReader.Delivery delivery);

    /** Ends the stream with an error. */
    void fail(RuntimeException error);
  }

  private final StoreReader reader;
  private final Executor executor;
  private final String personId;
  private final String channelId;
  private final Sink sink;
  // 0 = idle, 1 = draining, 2 = draining and woken again meanwhile.
  private final AtomicInteger state = new AtomicInteger();
  private volatile long cursor;
  private volatile boolean closed;

  public InboxSubscription(StoreReader reader, Executor executor, String personId,
      String channelId, long cursor, Sink sink) {
    this.reader = reader;
    this.executor = executor;
    this.personId = personId;
    this.channelId = channelId;
    this.cursor = cursor;
    this.sink = sink;
  }

  /** The inbox position of the last message sent. */
  public long cursor() {
    return cursor;
  }

  /** Stops delivering; idempotent. */
  public void close() {
    closed = true;
  }

  /** Schedules a drain: something was committed, or the client can take more. */
  public void wake() {
    if (state.getAndUpdate(s -> Math.min(s + 1, 2)) == 0) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    try {
      do {
        state.set(1);
        pump();
      } while (!state.compareAndSet(1, 0));
    } catch (RuntimeException e) {
      state.set(0);
      if (!closed) {
        log.warn("Stream of {} failed at cursor {}: {}", personId, cursor, e.toString());
        closed = true;
        sink.fail(e);
      }
    }
  }

  private void pump() {
    while (!closed && sink.ready()) {
      List<StoreReader.Delivery> page = reader.inbox(personId, cursor, channelId, PAGE);
      for (StoreReader.Delivery d : page) {
        if (closed) {
          return;
        }
        sink.send(d);
        cursor = d.deliveryId();
      }
      if (page.size() < PAGE) {
        return;
      }
    }
  }
}
