package org.chaperone.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.chaperone.client.Fixtures.client;
import static org.chaperone.client.Fixtures.send;
import static org.chaperone.testing.TestDistrict.ADMIN;
import static org.chaperone.testing.TestDistrict.ART;
import static org.chaperone.testing.TestDistrict.ART_TEACHER;
import static org.chaperone.testing.TestDistrict.MATH;
import static org.chaperone.testing.TestDistrict.S1;
import static org.chaperone.testing.TestDistrict.TEACHER;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Map;
import org.chaperone.api.v1.ImportRosterRequest;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's refusals, as ChaperoneException with their details decoded. */
class ErrorsTest {
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

  @Test
  void invalidFieldsCarryTheirViolationsAndTheRequestId() {
    Faults.Recorder recorder = new Faults.Recorder();
    try (ChaperoneClient teacher = client(gw, TEACHER, recorder)) {
      ChaperoneException e = catchThrowableOfType(ChaperoneException.class,
          () -> teacher.createMessage("channels/" + MATH, "   "));

      assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.reason()).isEqualTo(ErrorReasons.INVALID_FIELD);
      assertThat(e.domain()).isEqualTo(ChaperoneException.ERROR_DOMAIN);
      assertThat(e.fieldViolations()).extracting(FieldViolation::field).containsExactly("message.text");
      assertThat(e.policyViolations()).isEmpty();
      assertThat(e.retryDelay()).isEmpty();
      // The gateway's RequestInfo echoes the x-request-id the client sent.
      assertThat(e.requestId()).isNotEmpty().isEqualTo(recorder.requestIds.get(0));
      assertThat(e.getMessage()).contains("INVALID_ARGUMENT INVALID_FIELD", "message.text",
          e.requestId());

      ChaperoneException parent = catchThrowableOfType(ChaperoneException.class,
          () -> teacher.createMessage("classes/" + MATH, "hi"));
      assertThat(parent.fieldViolations()).extracting(FieldViolation::field).containsExactly("parent");
    }
  }

  @Test
  void reasonsAndMetadataOfRefusals() {
    try (ChaperoneClient artTeacher = client(gw, ART_TEACHER);
        ChaperoneClient teacher = client(gw, TEACHER)) {
      ChaperoneException unsupervised = catchThrowableOfType(ChaperoneException.class,
          () -> artTeacher.createMessage("channels/" + ART, "See me after class"));
      assertThat(unsupervised.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(unsupervised.reason()).isEqualTo(ErrorReasons.SUPERVISOR_REQUIRED);
      assertThat(unsupervised.metadata()).containsEntry("unsupervised_students", "s4");

      ChaperoneException tooLong = catchThrowableOfType(ChaperoneException.class,
          () -> teacher.createMessage("channels/" + MATH, "x".repeat(20_000)));
      assertThat(tooLong.reason()).isEqualTo(ErrorReasons.TEXT_TOO_LONG);
      assertThat(tooLong.metadata()).containsEntry("limit_bytes", "16384");

      ChaperoneException notMember = catchThrowableOfType(ChaperoneException.class,
          () -> artTeacher.listMessages("channels/" + MATH));
      assertThat(notMember.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(notMember.reason()).isEqualTo(ErrorReasons.NOT_A_MEMBER);

      ChaperoneException missing = catchThrowableOfType(ChaperoneException.class,
          () -> teacher.getChannel("channels/no-such-channel"));
      assertThat(missing.code()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(missing.reason()).isEqualTo(ErrorReasons.CHANNEL_NOT_FOUND);

      teacher.createMessage(send(MATH, "first").toBuilder().setRequestId("id-1").build());
      ChaperoneException reused = catchThrowableOfType(ChaperoneException.class,
          () -> teacher.createMessage(send(MATH, "second").toBuilder().setRequestId("id-1").build()));
      assertThat(reused.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
      assertThat(reused.reason()).isEqualTo(ErrorReasons.REQUEST_ID_REUSED);
      assertThat(reused.metadata().get("message")).startsWith("channels/math-101/messages/");
    }
  }

  @Test
  void aBlockedSendListsEveryViolationOfTheContentPolicy() {
    String text = "Call me at 555-123-4567 tonight";
    try (ChaperoneClient teacher = client(gw, TEACHER)) {
      ChaperoneException blocked = catchThrowableOfType(ChaperoneException.class,
          () -> teacher.createMessage("channels/" + MATH, text));
      assertThat(blocked.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(blocked.reason()).isEqualTo(ErrorReasons.POLICY_VIOLATION);
      assertThat(blocked.metadata().get("policy_version")).isNotEmpty();
      PolicyViolation phone = blocked.policyViolations().stream()
          .filter(v -> v.rule().equals("contact.phone")).findFirst().orElseThrow();
      assertThat(phone.clause()).isEqualTo("P000-personal-phone");
      assertThat(phone.explanation()).isNotBlank();
      assertThat(phone.spans()).singleElement()
          .satisfies(span -> assertThat(span.in(text)).isEqualTo("555-123-4567"));
    }
  }

  @Test
  void aRejectedRosterListsEveryProblem() {
    Map<String, String> files = TestDistrict.files();
    files.put("enrollments.csv", files.get("enrollments.csv")
        + "e-bad,active,2026-08-01T00:00:00Z,math-101,school-1,nobody,student,false,,\n");
    try (ChaperoneClient admin = client(gw, ADMIN); ChaperoneClient teacher = client(gw, TEACHER)) {
      ChaperoneException e = catchThrowableOfType(ChaperoneException.class,
          () -> admin.importRoster(ImportRosterRequest.newBuilder()
              .setBundleZip(ByteString.copyFrom(TestDistrict.zip(files))).build()));
      assertThat(e.reason()).isEqualTo(ErrorReasons.ROSTER_INVALID);
      assertThat(e.fieldViolations()).extracting(FieldViolation::field)
          .anyMatch(f -> f.startsWith("bundle_zip/enrollments.csv:8"));

      ChaperoneException denied = catchThrowableOfType(ChaperoneException.class,
          () -> teacher.importRoster(ImportRosterRequest.newBuilder()
              .setBundleZip(ByteString.copyFrom(TestDistrict.zip())).setValidateOnly(true).build()));
      assertThat(denied.reason()).isEqualTo(ErrorReasons.ADMINISTRATOR_REQUIRED);

      assertThat(admin.importRoster(ImportRosterRequest.newBuilder()
          .setBundleZip(ByteString.copyFrom(TestDistrict.zip())).setValidateOnly(true).build())
          .getOnerosterVersion()).isEqualTo("1.1");
    }
  }

  @Test
  void aBadTokenIsUnauthenticated() {
    try (ChaperoneClient stranger = ChaperoneClient.builder().channel(gw.channel())
        .token("not-a-jwt").build()) {
      ChaperoneException e = catchThrowableOfType(ChaperoneException.class, stranger::getMyPerson);
      assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(e.reason()).isEqualTo(ErrorReasons.TOKEN_INVALID);
    }
  }

  @Test
  void aRefusedSubscriptionEndsWithTheError() throws Exception {
    try (ChaperoneClient student = client(gw, S1)) {
      RecordingListener listener = new RecordingListener();
      Subscription s = student.subscribe(StreamMessagesRequest.newBuilder()
          .setChannel("channels/" + ART).build(), listener);
      ChaperoneException e = listener.error.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(e.reason()).isEqualTo(ErrorReasons.NOT_A_MEMBER);
      assertThat(s.isActive()).isFalse();

      listener = new RecordingListener();
      student.subscribe(StreamMessagesRequest.newBuilder().setCursor("bm90IGEgY3Vyc29y").build(),
          listener);
      assertThat(listener.error.get(10, java.util.concurrent.TimeUnit.SECONDS).reason())
          .isEqualTo(ErrorReasons.INVALID_CURSOR);
    }
  }

  @Test
  void fromDecodesAStatusFromAnyGrpcCall() {
    StatusRuntimeException plain = Status.UNAVAILABLE.withDescription("no route").asRuntimeException();
    ChaperoneException e = ChaperoneException.from(plain);
    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.reason()).isEmpty();
    assertThat(e.domain()).isEmpty();
    assertThat(e.status().getMessage()).isEqualTo("no route");
    assertThat(e.getCause()).isSameAs(plain);
    assertThat(ChaperoneException.from(new RuntimeException("boom")).code())
        .isEqualTo(Status.Code.UNKNOWN);
  }
}
