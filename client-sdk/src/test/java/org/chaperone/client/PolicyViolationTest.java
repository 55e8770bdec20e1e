package org.chaperone.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Policy violations and retry delays read from the status details, in the wire format documented
 * on {@link PolicyViolation}. (The gateway's content policy does not send them yet, so the status
 * is built here, byte for byte as the gateway's error mapping would.)
 */
class PolicyViolationTest {
  static ChaperoneException refusal(ErrorInfo info, Any... more) {
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
        .setCode(Code.FAILED_PRECONDITION_VALUE)
        .setMessage("nothing was sent: the message breaks the district's content policy")
        .addDetails(Any.pack(info));
    for (Any a : more) {
      status.addDetails(a);
    }
    return ChaperoneException.from(StatusProto.toStatusRuntimeException(status.build()));
  }

  @Test
  void violationsAreReadInOrderWithTheirSpans() {
    String text = "Call me at 555-867-5309 or text me on snap";
    ChaperoneException e = refusal(ErrorInfo.newBuilder()
        .setDomain("chaperone.org").setReason("POLICY_VIOLATION")
        .putMetadata("violation_0_rule", "personal-phone")
        .putMetadata("violation_0_clause", "P000-personal-phone")
        .putMetadata("violation_0_explanation", "a personal phone number")
        .putMetadata("violation_0_spans", "11-23")
        .putMetadata("violation_1_rule", "private-channel-invitation")
        .putMetadata("violation_1_clause", "P003-no-private-chat")
        .putMetadata("violation_1_explanation", "an invitation to a private channel")
        .putMetadata("violation_1_spans", "27-34, 38-42")
        .build());

    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.reason()).isEqualTo(ErrorReasons.POLICY_VIOLATION);
    assertThat(e.policyViolations()).containsExactly(
        new PolicyViolation("personal-phone", "P000-personal-phone", "a personal phone number",
            List.of(new PolicyViolation.Span(11, 23))),
        new PolicyViolation("private-channel-invitation", "P003-no-private-chat",
            "an invitation to a private channel",
            List.of(new PolicyViolation.Span(27, 34), new PolicyViolation.Span(38, 42))));
    assertThat(e.policyViolations().get(0).spans().get(0).in(text)).isEqualTo("555-867-5309");
    assertThat(e.policyViolations().get(1).spans()).extracting(s -> s.in(text))
        .containsExactly("text me", "snap");
  }

  @Test
  void missingPartsAndMalformedSpansDegradeGracefully() {
    ChaperoneException e = refusal(ErrorInfo.newBuilder()
        .setDomain("chaperone.org").setReason("POLICY_VIOLATION")
        .putMetadata("violation_0_rule", "profanity")
        .putMetadata("violation_0_spans", "x-3,9-4,-1-2,5-7")
        // Index 1 is missing: reading stops there.
        .putMetadata("violation_2_rule", "ignored")
        .build());
    assertThat(e.policyViolations()).containsExactly(new PolicyViolation("profanity", "", "",
        List.of(new PolicyViolation.Span(5, 7))));
    assertThat(new PolicyViolation.Span(5, 70).in("short")).isEmpty();
  }

  @Test
  void otherErrorsHaveNoPolicyViolations() {
    ChaperoneException e = refusal(ErrorInfo.newBuilder().setDomain("chaperone.org")
        .setReason("SUPERVISOR_REQUIRED").putMetadata("unsupervised_students", "s4").build());
    assertThat(e.policyViolations()).isEmpty();
  }

  @Test
  void retryInfoIsExposedAndAnErrorInfoOfTheGatewayWinsOverAProxys() {
    ChaperoneException e = refusal(
        ErrorInfo.newBuilder().setDomain("proxy.example").setReason("OVERLOADED").build(),
        Any.pack(ErrorInfo.newBuilder().setDomain("chaperone.org").setReason("STORE_UNAVAILABLE").build()),
        Any.pack(RetryInfo.newBuilder().setRetryDelay(
            com.google.protobuf.Duration.newBuilder().setSeconds(2).setNanos(500_000_000)).build()));
    assertThat(e.reason()).isEqualTo("STORE_UNAVAILABLE");
    assertThat(e.domain()).isEqualTo("chaperone.org");
    assertThat(e.retryDelay()).contains(Duration.ofMillis(2500));
  }
}
