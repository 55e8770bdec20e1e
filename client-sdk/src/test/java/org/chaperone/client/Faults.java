package org.chaperone.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Network faults injected between the client and the real gateway, as client interceptors: every
 * call still reaches the real server unless the fault says otherwise.
 */
final class Faults {
  private Faults() {}

  /** Counts calls per method and records every request sent. */
  static final class Recorder implements ClientInterceptor {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<Object> requests = new CopyOnWriteArrayList<>();
    final List<String> requestIds = new CopyOnWriteArrayList<>();

    int calls(MethodDescriptor<?, ?> method) {
      AtomicInteger n = calls.get(method.getFullMethodName());
      return n == null ? 0 : n.get();
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
        CallOptions options, Channel next) {
      calls.computeIfAbsent(method.getFullMethodName(), k -> new AtomicInteger()).incrementAndGet();
      return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          requestIds.add(headers.get(RequestIds.HEADER));
          super.start(listener, headers);
        }

        @Override
        public void sendMessage(Q message) {
          requests.add(message);
          super.sendMessage(message);
        }
      };
    }
  }

  /**
   * Loses the response of the first {@code count} calls of a method after the gateway has
   * processed them, as a connection reset between the gateway's commit and the client's read
   * would: the client sees {@code UNAVAILABLE}.
   */
  static final class LoseResponses implements ClientInterceptor {
    private final MethodDescriptor<?, ?> target;
    private final AtomicInteger remaining;
    final AtomicInteger lost = new AtomicInteger();

    LoseResponses(MethodDescriptor<?, ?> target, int count) {
      this.target = target;
      this.remaining = new AtomicInteger(count);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
        CallOptions options, Channel next) {
      ClientCall<Q, R> call = next.newCall(method, options);
      if (!method.getFullMethodName().equals(target.getFullMethodName())
          || remaining.getAndDecrement() <= 0) {
        return call;
      }
      return new SimpleForwardingClientCall<>(call) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          super.start(new SimpleForwardingClientCallListener<>(listener) {
            @Override
            public void onHeaders(Metadata h) {}

            @Override
            public void onMessage(R message) {}

            @Override
            public void onClose(Status status, Metadata trailers) {
              lost.incrementAndGet();
              super.onClose(Status.UNAVAILABLE.withDescription(
                  "connection reset after the gateway answered " + status.getCode()), new Metadata());
            }
          }, headers);
        }
      };
    }
  }

  /**
   * Holds back the first {@code count} calls of a method (the request never completes), so the
   * client's deadline expires: {@code DEADLINE_EXCEEDED}.
   */
  static final class Stall implements ClientInterceptor {
    private final MethodDescriptor<?, ?> target;
    private final AtomicInteger remaining;

    Stall(MethodDescriptor<?, ?> target, int count) {
      this.target = target;
      this.remaining = new AtomicInteger(count);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
        CallOptions options, Channel next) {
      ClientCall<Q, R> call = next.newCall(method, options);
      if (!method.getFullMethodName().equals(target.getFullMethodName())
          || remaining.getAndDecrement() <= 0) {
        return call;
      }
      return new SimpleForwardingClientCall<>(call) {
        @Override
        public void halfClose() {
          // Never finishes the request: the gateway waits, the client's deadline fires.
        }
      };
    }
  }

  /** Fails every call of a method with UNAVAILABLE without reaching the gateway. */
  static final class Unreachable implements ClientInterceptor {
    private final MethodDescriptor<?, ?> target;

    Unreachable(MethodDescriptor<?, ?> target) {
      this.target = target;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
        CallOptions options, Channel next) {
      if (!method.getFullMethodName().equals(target.getFullMethodName())) {
        return next.newCall(method, options);
      }
      return new ClientCall<>() {
        private Listener<R> listener;

        @Override
        public void start(Listener<R> l, Metadata headers) {
          listener = l;
        }

        @Override
        public void request(int n) {}

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void halfClose() {
          listener.onClose(Status.UNAVAILABLE.withDescription("connection refused (simulated)"),
              new Metadata());
        }

        @Override
        public void sendMessage(Q message) {}
      };
    }
  }

  /** Breaks open message streams on demand, as a dropped connection would. */
  static final class StreamBreaker implements ClientInterceptor {
    private final Set<Runnable> breakers = ConcurrentHashMap.newKeySet();
    final AtomicInteger opened = new AtomicInteger();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
        CallOptions options, Channel next) {
      ClientCall<Q, R> call = next.newCall(method, options);
      if (method.getType() != MethodDescriptor.MethodType.SERVER_STREAMING) {
        return call;
      }
      opened.incrementAndGet();
      return new SimpleForwardingClientCall<>(call) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          AtomicBoolean broken = new AtomicBoolean();
          Runnable breaker = () -> {
            if (broken.compareAndSet(false, true)) {
              delegate().cancel("simulated disconnect", null);
              listener.onClose(Status.UNAVAILABLE.withDescription("connection lost (simulated)"),
                  new Metadata());
            }
          };
          breakers.add(breaker);
          super.start(new SimpleForwardingClientCallListener<>(listener) {
            @Override
            public void onMessage(R message) {
              if (!broken.get()) {
                super.onMessage(message);
              }
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              breakers.remove(breaker);
              if (broken.compareAndSet(false, true)) {
                super.onClose(status, trailers);
              }
            }
          }, headers);
        }
      };
    }

    /** Breaks every stream open now. */
    void breakAll() {
      for (Runnable breaker : List.copyOf(breakers)) {
        breakers.remove(breaker);
        breaker.run();
      }
    }
  }
}
