package org.chaperone.transport.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;

/**
 * Caps how many calls of a method may run at once, per person and in all: open message streams
 * (each holds a subscription and a page of messages) and productions (each builds a zip of up to
 * thousands of records). A call over a cap is refused at once with {@code RESOURCE_EXHAUSTED},
 * reason {@code TOO_MANY_CONCURRENT_CALLS}; its slot is released when the call closes or is
 * cancelled. Runs after authentication: the caps are per authenticated person. Thread-safe.
 */
final class CallLimits implements ServerInterceptor {
  /** The cap of one method. */
  record Cap(int perPerson, int total) {}

  private final Map<String, Cap> caps;
  private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

  /** @param caps full method name → its cap */
  CallLimits(Map<String, Cap> caps) {
    this.caps = Map.copyOf(caps);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Cap cap = caps.get(method);
    Caller caller = CallerContext.CALLER.get();
    if (cap == null || caller == null) {
      return next.startCall(call, headers);
    }
    AtomicInteger total = active.computeIfAbsent(method, k -> new AtomicInteger());
    AtomicInteger mine = active.computeIfAbsent(method + "|" + caller.personId(), k -> new AtomicInteger());
    if (!acquire(total, cap.total())) {
      return refuse(call, method, "the gateway is running its limit of " + cap.total() + " such calls");
    }
    if (!acquire(mine, cap.perPerson())) {
      total.decrementAndGet();
      return refuse(call, method, "people/" + caller.personId() + " already runs "
          + cap.perPerson() + " such call(s); close one first");
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        total.decrementAndGet();
        mine.decrementAndGet();
      }
    };
    ServerCall<Q, R> releasing = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        release.run();
        super.close(status, trailers);
      }
    };
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(releasing, headers);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
    // A handler that throws is closed by the error mapping further out, on the unwrapped call:
    // release before the exception travels on, so the caller's next call finds its slot free.
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        releasingOnFailure(() -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        releasingOnFailure(super::onHalfClose);
      }

      @Override
      public void onReady() {
        releasingOnFailure(super::onReady);
      }

      private void releasingOnFailure(Runnable step) {
        try {
          step.run();
        } catch (RuntimeException | Error e) {
          release.run();
          throw e;
        }
      }

      @Override
      public void onCancel() {
        release.run();
        super.onCancel();
      }

      @Override
      public void onComplete() {
        release.run();
        super.onComplete();
      }
    };
  }

  private static boolean acquire(AtomicInteger counter, int limit) {
    if (counter.incrementAndGet() > limit) {
      counter.decrementAndGet();
      return false;
    }
    return true;
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String method, String why) {
    StatusRuntimeException status = GrpcErrors.rejected(new RequestRejected(
        ErrorReason.TOO_MANY_CONCURRENT_CALLS, "too many concurrent " + method + " calls: " + why,
        List.of(), Map.of("method", method)));
    call.close(status.getStatus(), status.getTrailers());
    return new ServerCall.Listener<>() {};
  }
}
