package org.chaperone.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.client.Fixtures.client;
import static org.chaperone.client.Fixtures.clientBuilder;
import static org.chaperone.testing.TestDistrict.G1;
import static org.chaperone.testing.TestDistrict.MATH;
import static org.chaperone.testing.TestDistrict.S1;
import static org.chaperone.testing.TestDistrict.TEACHER;

import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subscriptions on the in-process gateway: order, exactly once, resumption, listener failures. */
class SubscriptionTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;
  TestGateway gw;
  ChaperoneClient teacher;

  @BeforeEach
  void start() {
    gw = TestGateway.start(dataDir);
    teacher = client(gw, TEACHER);
  }

  @AfterEach
  void stop() {
    teacher.close();
    gw.close();
  }

  void sendNotes(int from, int to) {
    for (int i = from; i <= to; i++) {
      teacher.createMessage("channels/" + MATH, "note " + i);
    }
  }

  static List<String> notes(int from, int to) {
    List<String> texts = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      texts.add("note " + i);
    }
    return texts;
  }

  static StreamMessagesRequest fromBeginning() {
    return StreamMessagesRequest.newBuilder().setFromBeginning(true).build();
  }

  @Test
  void deliversEveryMessageOnceInOrderThenStopsWhenClosed() throws Exception {
    sendNotes(1, 3);
    RecordingListener listener = new RecordingListener();
    try (ChaperoneClient guardian = client(gw, G1)) {
      Subscription s = guardian.subscribe(fromBeginning(), listener);
      sendNotes(4, 6);
      assertThat(listener.awaitTexts(6, WAIT)).isEqualTo(notes(1, 6));
      assertThat(s.isActive()).isTrue();

      s.close();
      assertThat(s.isActive()).isFalse();
      sendNotes(7, 7);
      listener.assertNoMoreEvents(Duration.ofMillis(300));
      assertThat(listener.error).isNotDone();
    }
  }

  @Test
  void resumesAfterDisconnectsWithoutGapsOrDuplicatesWhileMessagesKeepComing() throws Exception {
    Faults.StreamBreaker breaker = new Faults.StreamBreaker();
    RecordingListener listener = new RecordingListener();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (ChaperoneClient student = client(gw, S1, breaker)) {
      Subscription s = student.subscribe(fromBeginning(), listener, pool);
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread sender = Thread.ofPlatform().start(() -> {
        sendNotes(1, 60);
        sending.set(false);
      });
      // Break the stream repeatedly while messages are being sent and delivered.
      while (sending.get()) {
        Thread.sleep(15);
        breaker.breakAll();
      }
      sender.join();
      breaker.breakAll();

      assertThat(listener.awaitTexts(60, WAIT)).isEqualTo(notes(1, 60));
      listener.assertNoMoreEvents(Duration.ofMillis(300));
      assertThat(breaker.opened.get()).isGreaterThan(1);
      assertThat(listener.reconnects).isNotEmpty()
          .allSatisfy(e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(s.isActive()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStreamDroppedBeforeItsFirstMessageResumesFromWhereItStarted() throws Exception {
    Faults.StreamBreaker breaker = new Faults.StreamBreaker();
    RecordingListener listener = new RecordingListener();
    sendNotes(1, 2);
    // A long first backoff: the message below is committed while the subscriber is away.
    try (ChaperoneClient guardian = clientBuilder(gw, G1, breaker).retrySettings(
        new RetrySettings(3, Duration.ofMillis(600), Duration.ofSeconds(1), 2.0)).build()) {
      // Live only: no cursor, not from the beginning.
      Subscription s = guardian.subscribe(StreamMessagesRequest.getDefaultInstance(), listener);
      waitFor(() -> !s.lastCursor().isEmpty());
      String start = s.lastCursor();

      breaker.breakAll();
      sendNotes(3, 3);
      assertThat(listener.awaitTexts(1, WAIT)).containsExactly("note 3");
      sendNotes(4, 4);
      assertThat(listener.awaitTexts(1, WAIT)).containsExactly("note 4");
      assertThat(listener.reconnects).hasSize(1);
      assertThat(s.lastCursor()).isNotEqualTo(start);
    }
  }

  @Test
  void aFailingListenerStopsTheSubscriptionAndItsLastCursorRedeliversTheFailedEvent()
      throws Exception {
    sendNotes(1, 5);
    RecordingListener failing = new RecordingListener() {
      @Override
      void handle(MessageEvent event) {
        if (event.getMessage().getText().equals("note 3")) {
          throw new IllegalStateException("LMS database unavailable");
        }
      }
    };
    try (ChaperoneClient guardian = client(gw, G1)) {
      Subscription s = guardian.subscribe(fromBeginning(), failing);
      ChaperoneException error = failing.error.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(error.code()).isEqualTo(Status.Code.CANCELLED);
      assertThat(error.getCause()).hasMessage("LMS database unavailable");
      assertThat(failing.awaitTexts(2, WAIT)).isEqualTo(notes(1, 2));
      failing.assertNoMoreEvents(Duration.ofMillis(300));
      assertThat(s.isActive()).isFalse();

      RecordingListener again = new RecordingListener();
      guardian.subscribe(StreamMessagesRequest.newBuilder().setCursor(s.lastCursor()).build(), again);
      assertThat(again.awaitTexts(3, WAIT)).isEqualTo(notes(3, 5));
    }
  }

  @Test
  void closingTheClientEndsItsSubscriptionsAndViewsShareTheConnection() throws Exception {
    ChaperoneClient guardian = client(gw, G1);
    ChaperoneClient student = guardian.withTokenSupplier(() -> gw.token(S1));
    assertThat(student.getMyPerson().getName()).isEqualTo("people/" + S1);
    RecordingListener g = new RecordingListener();
    RecordingListener st = new RecordingListener();
    Subscription gs = guardian.subscribe(fromBeginning(), g);
    Subscription ss = student.subscribe(fromBeginning(), st);
    sendNotes(1, 1);
    assertThat(g.awaitTexts(1, WAIT)).containsExactly("note 1");
    assertThat(st.awaitTexts(1, WAIT)).containsExactly("note 1");

    student.close();
    assertThat(ss.isActive()).isFalse();
    assertThat(gs.isActive()).as("closing a view leaves the client alone").isTrue();

    guardian.close();
    assertThat(gs.isActive()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(guardian::getMyPerson)
        .isInstanceOf(IllegalStateException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(student::getMyPerson)
        .isInstanceOf(IllegalStateException.class);
    // The channel given to the builder stays open.
    try (ChaperoneClient other = client(gw, S1)) {
      assertThat(other.getMyPerson().getName()).isEqualTo("people/" + S1);
    }
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within %s", WAIT).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
