package org.chaperone.delivery;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaperone.store.StoreReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open stream of a person's messages: replays from a cursor, then follows new commits.
 *
 * <p>The store is the source of truth. The subscription registers with the hub before its first
 * read, so every delivery committed after that read is announced to it, in commit order; it keeps
 * those announcements (at most {@value #MAX_PENDING}) and sends them without touching the store.
 * Whenever it cannot be sure it holds everything since its last read — at the start, after the
 * announcements overflowed, or after an unannounced change — it reads the next page after its
 * cursor from the store instead. Announcements at or before the cursor are skipped, so nothing is
 * sent twice; nothing is skipped, because every gap is covered by a store read. It sends only while
 * the client can take more (flow control), so a slow reader holds at most one page and the pending
 * announcements in memory.
 *
 * <p>Thread-safe: the hub and the transport may call from any thread; sending is serialised.
 */
public final class InboxSubscription implements DeliveryHub.Listener {
  private static final Logger log = LoggerFactory.getLogger(InboxSubscription.class);
  private static final int PAGE = 64;
  static final int MAX_PENDING = 256;

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
  private final ArrayDeque<StoreReader.Delivery> pending = new ArrayDeque<>();
  private boolean mustRead = true;
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

  /** Stops delivering; idempotent. */
  public void close() {
    closed = true;
  }

  @Override
  public void delivered(StoreReader.Delivery delivery) {
    synchronized (pending) {
      if (mustRead) {
        // A store read is due anyway and will include this delivery.
      } else if (pending.size() >= MAX_PENDING) {
        pending.clear();
        mustRead = true;
      } else {
        pending.add(delivery);
      }
    }
    wake();
  }

  @Override
  public void lookAgain() {
    synchronized (pending) {
      pending.clear();
      mustRead = true;
    }
    wake();
  }

  /** Schedules a drain: something was committed, or the client can take more. */
  public void wake() {
    if (state.getAndUpdate(s -> Math.min(s + 1, 2)) == 0) {
      try {
        executor.execute(this::drain);
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        // The gateway is shutting down; the stream is being cancelled with it.
        closed = true;
        state.set(0);
      }
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
      boolean read;
      StoreReader.Delivery next = null;
      synchronized (pending) {
        read = mustRead;
        if (read) {
          // Everything announced so far is committed, so the read below sees it: drop it here.
          pending.clear();
          mustRead = false;
        } else {
          next = pending.poll();
        }
      }
      if (read) {
        List<StoreReader.Delivery> page = reader.inbox(personId, cursor, channelId, PAGE);
        for (StoreReader.Delivery d : page) {
          if (closed) {
            return;
          }
          send(d);
        }
        if (page.size() == PAGE) {
          synchronized (pending) {
            mustRead = true;
          }
        }
      } else if (next == null) {
        return;
      } else if (next.deliveryId() > cursor
          && (channelId.isEmpty() || channelId.equals(next.message().channelId()))) {
        send(next);
      }
    }
  }

  private void send(StoreReader.Delivery d) {
    // Recipients never see a retracted message's text, whichever event carries it.
    sink.send(new StoreReader.Delivery(d.deliveryId(), d.message().asSeenByMembers(), d.kind()));
    cursor = d.deliveryId();
  }
}
