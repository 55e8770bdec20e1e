package org.chaperone.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/** Load generators shared by every scenario and its reference, so both see the same client. */
final class Load {
  private Load() {}

  /**
   * Closed-loop capacity: keeps {@code window} operations in flight for {@code duration} (after a
   * warm-up of a fifth of it) and returns completed operations per second. {@code start} begins
   * operation number {@code i} and must call the given callback when it completes.
   */
  static double closedLoop(Duration duration, int window, OperationStarter start) throws InterruptedException {
    run(duration.dividedBy(5), window, start);
    return run(duration, window, start);
  }

  private static double run(Duration duration, int window, OperationStarter start) throws InterruptedException {
    Semaphore slots = new Semaphore(window);
    AtomicLong completed = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    long began = System.nanoTime();
    int i = 0;
    while (System.nanoTime() < end) {
      if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        continue;
      }
      start.start(i++, () -> {
        completed.incrementAndGet();
        slots.release();
      });
    }
    slots.acquire(window);
    double seconds = (System.nanoTime() - began) / 1e9;
    return completed.get() / seconds;
  }

  /** Starts one asynchronous operation. */
  @FunctionalInterface
  interface OperationStarter {
    void start(int index, Runnable done);
  }

  /**
   * Open-loop latency, one call at a time: calls are scheduled every {@code interval}; a call that
   * starts late (because the previous one was slow) is measured from when it should have started,
   * so slow responses are not hidden (no coordinated omission). Returns the histogram in
   * microseconds.
   */
  static Histogram openLoop(Duration duration, Duration interval, IntConsumer blockingCall) {
    Histogram warm = new Histogram(3);
    openLoop(duration.dividedBy(5), interval, blockingCall, warm);
    Histogram h = new Histogram(3);
    openLoop(duration, interval, blockingCall, h);
    return h;
  }

  private static void openLoop(Duration duration, Duration interval, IntConsumer blockingCall, Histogram h) {
    long start = System.nanoTime();
    long count = duration.toNanos() / interval.toNanos();
    for (int i = 0; i < count; i++) {
      long intended = start + i * interval.toNanos();
      long now;
      while ((now = System.nanoTime()) < intended) {
        long wait = intended - now;
        if (wait > 200_000) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait - 100_000);
        } else {
          Thread.onSpinWait();
        }
      }
      blockingCall.accept(i);
      h.recordValue(Math.max(1, (System.nanoTime() - intended) / 1_000));
    }
  }
}
