package org.chaperone.client;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a client and the views made from it share: the channel, the settings, the executors and
 * the open subscriptions. Closed once, by the client that built it.
 */
final class ClientCore {
  /** Codes a call is retried on; every call of the client is safe to repeat (see RetrySettings). */
  private static final Set<Status.Code> RETRYABLE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

  /** Per-attempt deadlines by kind of call. */
  record Deadlines(Duration read, Duration send, Duration importRoster) {}

  final Channel channel;
  final Deadlines deadlines;
  final RetrySettings retry;
  final Executor callbackExecutor;
  final ScheduledExecutorService scheduler;
  private final ManagedChannel managedChannel;
  private final boolean ownsChannel;
  private final ExecutorService ownedCallbackExecutor;
  private final Set<ResumingSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  ClientCore(ManagedChannel managedChannel, boolean ownsChannel, Channel channel,
      Deadlines deadlines, RetrySettings retry, Executor callbackExecutor,
      ExecutorService ownedCallbackExecutor) {
    this.managedChannel = managedChannel;
    this.ownsChannel = ownsChannel;
    this.channel = channel;
    this.deadlines = deadlines;
    this.retry = retry;
    this.callbackExecutor = callbackExecutor;
    this.ownedCallbackExecutor = ownedCallbackExecutor;
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
        Thread.ofPlatform().name("chaperone-resubscribe").daemon().factory());
    timer.setRemoveOnCancelPolicy(true);
    this.scheduler = timer;
  }

  void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the Chaperone client is closed");
    }
  }

  /**
   * Makes a unary call, retrying UNAVAILABLE and DEADLINE_EXCEEDED with backoff. Every attempt
   * sends the same request (so the same request_id) and the same x-request-id.
   */
  <Q, R> R call(MethodDescriptor<Q, R> method, Q request, Duration deadline,
      CallCredentials credentials) {
    checkOpen();
    String requestId = RequestIds.newId();
    Backoff backoff = new Backoff(retry);
    ChaperoneException previous = null;
    for (int attempt = 1; ; attempt++) {
      CallOptions options = CallOptions.DEFAULT
          .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
          .withCallCredentials(credentials)
          .withOption(RequestIds.OPTION, requestId);
      try {
        return ClientCalls.blockingUnaryCall(channel, method, options, request);
      } catch (StatusRuntimeException e) {
        ChaperoneException error = ChaperoneException.from(e, requestId);
        if (previous != null) {
          error.addSuppressed(previous);
        }
        if (attempt >= retry.maxAttempts() || !RETRYABLE.contains(error.code()) || closed.get()) {
          throw error;
        }
        previous = error;
        pause(backoff.next(error.retryDelay()), error);
      }
    }
  }

  private static void pause(Duration wait, ChaperoneException cause) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ChaperoneException interrupted = ChaperoneException.local(Status.Code.CANCELLED,
          "interrupted while waiting to retry", e);
      interrupted.addSuppressed(cause);
      throw interrupted;
    }
  }

  void register(ResumingSubscription subscription) {
    subscriptions.add(subscription);
    if (closed.get()) {
      subscription.close();
      throw new IllegalStateException("the Chaperone client is closed");
    }
  }

  void forget(ResumingSubscription subscription) {
    subscriptions.remove(subscription);
  }

  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (ResumingSubscription s : List.copyOf(subscriptions)) {
      s.close();
    }
    scheduler.shutdownNow();
    if (ownsChannel) {
      // Calls in flight may finish; new ones are refused.
      managedChannel.shutdown();
      try {
        if (!managedChannel.awaitTermination(5, TimeUnit.SECONDS)) {
          managedChannel.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        managedChannel.shutdownNow();
      }
    }
    if (ownedCallbackExecutor != null) {
      ownedCallbackExecutor.shutdown();
    }
  }
}
