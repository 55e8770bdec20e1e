package org.chaperone.client;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.StreamMessagesRequest;

/**
 * A {@link Subscription} that resubscribes after a disconnect from the cursor of the last event it
 * received.
 *
 * <p>Why there are no gaps and no duplicates: the gateway delivers a person's messages in commit
 * order and each event's cursor resumes after exactly that event. The subscription records the
 * cursor of every event when it arrives (before the listener runs) and resubscribes from it;
 * every event that arrived is handed to the listener, in arrival order, through one serial
 * executor, also when it arrived on a call that has since failed. It asks for {@code
 * report_start_cursor}, so even a stream that drops before its first message resumes from where
 * it started rather than from the gateway's "now".
 *
 * <p>Flow control: one event is requested at a time, the next only after the listener returned, so
 * a slow listener holds back the gateway instead of filling memory.
 */
final class ResumingSubscription implements Subscription {
  private static final System.Logger log = System.getLogger(ResumingSubscription.class.getName());

  /** Codes after which subscribing again cannot help: the request itself is refused. */
  private static final Set<Status.Code> FINAL = EnumSet.of(Status.Code.INVALID_ARGUMENT,
      Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS, Status.Code.PERMISSION_DENIED,
      Status.Code.UNAUTHENTICATED, Status.Code.FAILED_PRECONDITION, Status.Code.OUT_OF_RANGE,
      Status.Code.UNIMPLEMENTED, Status.Code.DATA_LOSS);

  private final Channel channel;
  private final CallCredentials credentials;
  private final StreamMessagesRequest request;
  private final MessageListener listener;
  private final SerialExecutor callbacks;
  private final ScheduledExecutorService scheduler;
  private final Consumer<ResumingSubscription> onEnd;

  private final Object lock = new Object();
  // Guarded by lock.
  private final Backoff backoff;
  private ClientCall<StreamMessagesRequest, MessageEvent> call;
  private ClientCall<StreamMessagesRequest, MessageEvent> starting;
  private Future<?> pendingReopen;
  private String resumeCursor;

  /** No further call is made once true. */
  private volatile boolean ended;
  /** No further listener callback once true. */
  private volatile boolean silenced;
  private volatile String lastCursor = "";

  ResumingSubscription(Channel channel, CallCredentials credentials, RetrySettings retry,
      ScheduledExecutorService scheduler, Executor executor, StreamMessagesRequest request,
      MessageListener listener, Consumer<ResumingSubscription> onEnd) {
    this.channel = channel;
    this.credentials = credentials;
    this.backoff = new Backoff(retry);
    this.scheduler = scheduler;
    this.callbacks = new SerialExecutor(executor);
    this.request = request;
    this.listener = listener;
    this.onEnd = onEnd;
    this.resumeCursor = request.getCursor();
  }

  /** Opens the first stream; it fails fast, so an unreachable gateway shows in onReconnecting. */
  void start() {
    open(false);
  }

  @Override
  public String lastCursor() {
    return lastCursor;
  }

  @Override
  public boolean isActive() {
    return !ended;
  }

  @Override
  public void close() {
    silenced = true;
    end();
  }

  private void open(boolean waitForReady) {
    StreamMessagesRequest.Builder resume = request.toBuilder().setReportStartCursor(true);
    synchronized (lock) {
      pendingReopen = null;
      if (ended) {
        return;
      }
      if (!resumeCursor.isEmpty()) {
        resume.setCursor(resumeCursor);
      }
    }
    String requestId = RequestIds.newId();
    CallOptions options = CallOptions.DEFAULT.withCallCredentials(credentials)
        .withOption(RequestIds.OPTION, requestId);
    if (waitForReady) {
      // After a disconnect, wait for the connection to come back instead of failing at once:
      // the stream resumes as soon as the gateway answers again.
      options = options.withWaitForReady();
    }
    ClientCall<StreamMessagesRequest, MessageEvent> c =
        channel.newCall(MessageServiceGrpc.getStreamMessagesMethod(), options);
    synchronized (lock) {
      if (ended) {
        return;
      }
      call = c;
      starting = c;
    }
    // Outside the lock: a transport may deliver callbacks (which take the lock) while holding its
    // own lock, so calling into it with ours held could deadlock.
    c.start(new CallListener(c, requestId), new Metadata());
    c.sendMessage(resume.build());
    c.halfClose();
    c.request(1);
    boolean cancel;
    synchronized (lock) {
      if (starting == c) {
        starting = null;
      }
      // end() leaves a call that is being started alone (cancel before start is illegal).
      cancel = ended && call == c;
    }
    if (cancel) {
      c.cancel("subscription closed", null);
    }
  }

  private void end() {
    ClientCall<StreamMessagesRequest, MessageEvent> current;
    Future<?> reopen;
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      current = call == starting ? null : call;
      reopen = pendingReopen;
      pendingReopen = null;
    }
    if (current != null) {
      current.cancel("subscription closed", null);
    }
    if (reopen != null) {
      reopen.cancel(false);
    }
    onEnd.accept(this);
  }

  /** Runs on the serial executor: hands one event to the listener, then asks for the next. */
  private void deliver(ClientCall<StreamMessagesRequest, MessageEvent> c, MessageEvent event) {
    if (silenced) {
      return;
    }
    if (event.hasMessage()) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        fail(ChaperoneException.local(Status.Code.CANCELLED,
            "the listener threw; the subscription stopped after cursor " + lastCursor, e));
        return;
      }
    }
    lastCursor = event.getCursor();
    c.request(1);
  }

  /** Runs on the serial executor: ends the subscription with a last onError. */
  private void fail(ChaperoneException error) {
    silenced = true;
    end();
    try {
      listener.onError(error);
    } catch (RuntimeException e) {
      log.log(System.Logger.Level.WARNING, "MessageListener.onError threw", e);
    }
  }

  private void dispatch(Runnable task) {
    try {
      callbacks.execute(task);
    } catch (RejectedExecutionException e) {
      log.log(System.Logger.Level.WARNING,
          "the subscription's executor refused a callback; the subscription stops", e);
      close();
    }
  }

  private final class CallListener extends ClientCall.Listener<MessageEvent> {
    private final ClientCall<StreamMessagesRequest, MessageEvent> c;
    private final String requestId;

    CallListener(ClientCall<StreamMessagesRequest, MessageEvent> c, String requestId) {
      this.c = c;
      this.requestId = requestId;
    }

    @Override
    public void onMessage(MessageEvent event) {
      synchronized (lock) {
        if (ended || call != c) {
          return;
        }
        if (!event.getCursor().isEmpty()) {
          resumeCursor = event.getCursor();
        }
        // The gateway answered: the next disconnect starts the backoff afresh.
        backoff.reset();
      }
      dispatch(() -> deliver(c, event));
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      ChaperoneException error = ChaperoneException.from(status.asRuntimeException(trailers), requestId);
      boolean resume = !FINAL.contains(status.getCode());
      synchronized (lock) {
        if (ended || call != c) {
          return;
        }
        call = null;
        if (resume) {
          Duration delay = backoff.next(error.retryDelay());
          try {
            pendingReopen = scheduler.schedule(() -> open(true), delay.toNanos(), TimeUnit.NANOSECONDS);
          } catch (RejectedExecutionException clientClosing) {
            resume = false;
          }
          log.log(System.Logger.Level.DEBUG, "stream ended ({0}); resubscribing in {1} from {2}",
              status, delay, resumeCursor);
        }
      }
      if (resume) {
        dispatch(() -> {
          if (!silenced) {
            listener.onReconnecting(error);
          }
        });
      } else {
        // Queued events are delivered first: the serial executor keeps the order.
        dispatch(() -> {
          if (!silenced) {
            fail(error);
          }
        });
        end();
      }
    }
  }
}
