package org.chaperone.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaperone.api.v1.MessageEvent;

/** Records what a subscription delivers, and checks callbacks never overlap. */
class RecordingListener implements MessageListener {
  final BlockingQueue<MessageEvent> events = new LinkedBlockingQueue<>();
  final List<ChaperoneException> reconnects = new CopyOnWriteArrayList<>();
  final CompletableFuture<ChaperoneException> error = new CompletableFuture<>();
  private final AtomicInteger running = new AtomicInteger();
  private final List<String> overlaps = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(MessageEvent event) {
    enter();
    try {
      assertThat(event.hasMessage()).as("only message events reach the listener").isTrue();
      handle(event);
      events.add(event);
    } finally {
      running.decrementAndGet();
    }
  }

  /** Extension point for tests that act on an event before it is recorded. */
  void handle(MessageEvent event) {}

  @Override
  public void onReconnecting(ChaperoneException cause) {
    enter();
    reconnects.add(cause);
    running.decrementAndGet();
  }

  @Override
  public void onError(ChaperoneException e) {
    enter();
    error.complete(e);
    running.decrementAndGet();
  }

  private void enter() {
    if (running.incrementAndGet() != 1) {
      overlaps.add(Thread.currentThread().getName());
    }
  }

  /** Waits for {@code n} events and returns their texts, in delivery order. */
  List<String> awaitTexts(int n, Duration timeout) throws InterruptedException {
    List<String> texts = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (texts.size() < n) {
      MessageEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(e).as("event %d of %d within %s (got %s)", texts.size() + 1, n, timeout, texts)
          .isNotNull();
      texts.add(e.getMessage().getText());
    }
    assertThat(overlaps).as("callbacks overlapped").isEmpty();
    return texts;
  }

  /** Asserts nothing more arrives within {@code quiet}. */
  void assertNoMoreEvents(Duration quiet) throws InterruptedException {
    MessageEvent extra = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(extra).as("an unexpected extra event").isNull();
  }
}
