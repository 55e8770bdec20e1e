package org.chaperone.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.chaperone.client.Fixtures.client;
import static org.chaperone.client.Fixtures.clientBuilder;
import static org.chaperone.client.Fixtures.send;
import static org.chaperone.testing.TestDistrict.G1;
import static org.chaperone.testing.TestDistrict.MATH;
import static org.chaperone.testing.TestDistrict.S1;
import static org.chaperone.testing.TestDistrict.TEACHER;

import io.grpc.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Automatic request ids and retries: a retried send never sends twice. */
class RetryingSendTest {
  @TempDir Path dataDir;
  TestGateway gw;

  @BeforeEach
  void start() {
    gw = TestGateway.start(dataDir);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  long archiveSize() {
    // Email copies append their outcomes to the archive after each send; count once they landed.
    gw.awaitEmailsSettled();
    return gw.gateway().store().reader().archiveSize();
  }

  long messagesSeenBy(String person) {
    try (ChaperoneClient reader = client(gw, person)) {
      return reader.listMessages("channels/" + MATH).stream().count();
    }
  }

  @Test
  void aSendWhoseResponseIsLostIsRetriedAndCreatesExactlyOneMessage() {
    Faults.LoseResponses lose = new Faults.LoseResponses(MessageServiceGrpc.getCreateMessageMethod(), 1);
    Faults.Recorder recorder = new Faults.Recorder();
    long archive = archiveSize();
    Message sent;
    try (ChaperoneClient teacher = client(gw, TEACHER, lose, recorder)) {
      sent = teacher.createMessage("channels/" + MATH, "Essay due Friday");
    }

    assertThat(lose.lost).hasValue(1);
    assertThat(recorder.calls(MessageServiceGrpc.getCreateMessageMethod())).isEqualTo(2);
    // Both attempts carried the same, client-chosen request id (and the same x-request-id).
    assertThat(recorder.requests).hasSize(2).allSatisfy(r ->
        assertThat(((CreateMessageRequest) r).getRequestId()).matches("[A-Za-z0-9_-]{1,64}"));
    assertThat(recorder.requests.get(0)).isEqualTo(recorder.requests.get(1));
    assertThat(recorder.requestIds).hasSize(2).doesNotContainNull();
    assertThat(recorder.requestIds.get(0)).isEqualTo(recorder.requestIds.get(1));
    // The gateway committed the first attempt and answered the retry with the same message.
    assertThat(sent.getText()).isEqualTo("Essay due Friday");
    assertThat(sent.getRecipientCount()).isEqualTo(7);
    // One message entry, plus one sent-copy entry for each of the four guardians: nothing twice.
    assertThat(archiveSize()).isEqualTo(archive + 1 + 4);
    assertThat(messagesSeenBy(S1)).isEqualTo(1);
  }

  @Test
  void aSendThatMissesItsDeadlineIsRetriedAndCreatesExactlyOneMessage() {
    Faults.Stall stall = new Faults.Stall(MessageServiceGrpc.getCreateMessageMethod(), 1);
    Faults.Recorder recorder = new Faults.Recorder();
    try (ChaperoneClient teacher = clientBuilder(gw, TEACHER, stall, recorder)
        .sendDeadline(Duration.ofMillis(300)).build()) {
      teacher.createMessage("channels/" + MATH, "Field trip forms");
    }
    assertThat(recorder.calls(MessageServiceGrpc.getCreateMessageMethod())).isEqualTo(2);
    assertThat(messagesSeenBy(S1)).isEqualTo(1);
  }

  @Test
  void everyCallGetsItsOwnRequestIdAndACallersIdIsKept() {
    Faults.Recorder recorder = new Faults.Recorder();
    try (ChaperoneClient teacher = client(gw, TEACHER, recorder)) {
      Message a = teacher.createMessage("channels/" + MATH, "Same words");
      Message b = teacher.createMessage("channels/" + MATH, "Same words");
      assertThat(a.getName()).isNotEqualTo(b.getName());

      // A caller's own id makes the send idempotent across calls, e.g. a job that runs twice.
      CreateMessageRequest own = send(MATH, "Quiz moved to Monday").toBuilder()
          .setRequestId("lms-quiz-42").build();
      Message first = teacher.createMessage(own);
      Message again = teacher.createMessage(own);
      assertThat(again).isEqualTo(first);
      assertThat(((CreateMessageRequest) recorder.requests.get(2)).getRequestId()).isEqualTo("lms-quiz-42");
    }
    assertThat(recorder.requestIds).doesNotHaveDuplicates();
    assertThat(messagesSeenBy(S1)).isEqualTo(3);
  }

  @Test
  void refusalsAreNotRetried() {
    Faults.Recorder recorder = new Faults.Recorder();
    try (ChaperoneClient guardian = client(gw, G1, recorder)) {
      ChaperoneException e = catchThrowableOfType(ChaperoneException.class,
          () -> guardian.createMessage("channels/" + MATH, "hello"));
      assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.reason()).isEqualTo(ErrorReasons.POSTING_NOT_ALLOWED);
    }
    assertThat(recorder.calls(MessageServiceGrpc.getCreateMessageMethod())).isEqualTo(1);
  }

  @Test
  void retriesStopAfterMaxAttemptsWithEveryFailureKept() {
    Faults.Recorder recorder = new Faults.Recorder();
    try (ChaperoneClient teacher = clientBuilder(gw, TEACHER, recorder,
        new Faults.Unreachable(MessageServiceGrpc.getCreateMessageMethod()))
        .retrySettings(Fixtures.FAST_RETRY.withMaxAttempts(3)).build()) {
      ChaperoneException e = catchThrowableOfType(ChaperoneException.class,
          () -> teacher.createMessage("channels/" + MATH, "hello"));
      assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(e.reason()).isEmpty();
      assertThat(e.requestId()).isEqualTo(recorder.requestIds.get(0));
      assertThat(e.getSuppressed()).hasSize(1);
      assertThat(e.getSuppressed()[0].getSuppressed()).hasSize(1);
    }
    assertThat(recorder.calls(MessageServiceGrpc.getCreateMessageMethod())).isEqualTo(3);
    assertThat(messagesSeenBy(S1)).isZero();
  }

  @Test
  void theTokenSupplierIsAskedOnEveryCallSoTokensCanRefresh() {
    AtomicInteger asked = new AtomicInteger();
    String expired = gw.gateway().devTokens().orElseThrow().issue(TEACHER, Duration.ofMinutes(1),
        Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
    try (ChaperoneClient teacher = clientBuilder(gw, TEACHER)
        .tokenSupplier(() -> asked.incrementAndGet() == 1 ? expired : gw.token(TEACHER)).build()) {
      ChaperoneException e = catchThrowableOfType(ChaperoneException.class, teacher::getMyPerson);
      assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(e.reason()).isEqualTo(ErrorReasons.TOKEN_EXPIRED);
      assertThat(teacher.getMyPerson().getName()).isEqualTo("people/" + TEACHER);
    }
    assertThat(asked).hasValue(2);
  }

  @Test
  void aFailingTokenSupplierFailsTheCallWithoutReachingTheGateway() {
    try (ChaperoneClient teacher = clientBuilder(gw, TEACHER)
        .tokenSupplier(() -> {
          throw new IllegalStateException("identity provider down");
        }).build()) {
      ChaperoneException e = catchThrowableOfType(ChaperoneException.class, teacher::getMyPerson);
      assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(e.getMessage()).contains("identity provider down");
    }
  }
}
