package org.chaperone.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chaperone.api.v1.ApprovalRequest;
import org.chaperone.api.v1.CreateAccessTokenRequest;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.DecideApprovalRequest;
import org.chaperone.api.v1.DirectoryServiceGrpc;
import org.chaperone.api.v1.GetMyPersonRequest;
import org.chaperone.api.v1.IntegrationOperation;
import org.chaperone.api.v1.IntegrationServiceGrpc;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.RegisterIntegrationRequest;
import org.chaperone.api.v1.RegisterIntegrationResponse;
import org.chaperone.app.EmailSettings;
import org.chaperone.app.GatewaySettings;
import org.chaperone.mail.SmtpSettings;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Captures everything the gateway logs (DEBUG and up) while it serves people and an integration,
 * refuses bad and expired tokens and wrong client secrets, and retries email to a relay that
 * does not answer — and asserts that no token, client secret or SMTP or database password appears
 * in any log line or logged exception.
 */
class SecretsInLogsTest {
  private static final String SMTP_PASSWORD = "smtp-Pa55word-never-logged";
  private static final String STORE_PASSWORD = "store-Pa55word-never-logged";

  @TempDir Path dataDir;

  @Test
  void noTokenSecretOrPasswordIsEverLogged() throws Exception {
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger chaperone = (Logger) LoggerFactory.getLogger("org.chaperone");
    Level before = chaperone.getLevel();
    root.addAppender(captured);
    chaperone.setLevel(Level.DEBUG);
    List<String> secrets = new ArrayList<>(List.of(SMTP_PASSWORD, STORE_PASSWORD));
    try {
      // Nothing listens on the relay's port: every copy is retried, with its errors logged.
      SmtpSettings smtp = new SmtpSettings("127.0.0.1", 1, "svc-chaperone", SMTP_PASSWORD,
          SmtpSettings.Tls.NONE, "", 1);
      GatewaySettings settings = GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
          .withEmail(EmailSettings.embedded().withSmtp(smtp, "chaperone@lincoln.example.org"));
      assertThat(settings.toString()).doesNotContain(SMTP_PASSWORD);
      assertThat(new GatewaySettings(dataDir, "jdbc:postgresql://db/chaperone", "chaperone",
          STORE_PASSWORD, "127.0.0.1", 0, null, null, false, null, 1000, false, null, null).toString())
          .doesNotContain(STORE_PASSWORD);
      try (TestGateway gw = TestGateway.start(settings)) {
        String teacherToken = gw.token(TestDistrict.TEACHER);
        secrets.add(teacherToken);
        gw.messages(TestDistrict.TEACHER).createMessage(CreateMessageRequest.newBuilder()
            .setParent("channels/" + TestDistrict.MATH)
            .setMessage(Message.newBuilder().setText("Quiz on Friday.")).build());

        RegisterIntegrationResponse registered = IntegrationServiceGrpc.newBlockingStub(gw.channel())
            .withCallCredentials(TestGateway.bearer(teacherToken))
            .registerIntegration(RegisterIntegrationRequest.newBuilder().setDisplayName("LMS")
                .setPurpose("Reminders").addSchools("schools/" + TestDistrict.SCHOOL)
                .addOperations(IntegrationOperation.READ_DIRECTORY).build());
        secrets.add(registered.getClientSecret());
        gw.approvals(TestDistrict.ADMIN).decideApproval(DecideApprovalRequest.newBuilder()
            .setName(registered.getApproval().getName()).setOutcome(ApprovalRequest.State.APPROVED)
            .build());
        IntegrationServiceGrpc.IntegrationServiceBlockingStub open =
            IntegrationServiceGrpc.newBlockingStub(gw.channel());
        String accessToken = open.createAccessToken(CreateAccessTokenRequest.newBuilder()
            .setClientId(registered.getClientId()).setClientSecret(registered.getClientSecret())
            .build()).getAccessToken();
        secrets.add(accessToken);
        catchThrowable(() -> open.createAccessToken(CreateAccessTokenRequest.newBuilder()
            .setClientId(registered.getClientId()).setClientSecret("wrong-" + registered.getClientSecret())
            .build()));
        Metadata integration = new Metadata();
        integration.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + accessToken);
        integration.put(Metadata.Key.of("x-on-behalf-of", Metadata.ASCII_STRING_MARSHALLER), "people/teacher-1");
        DirectoryServiceGrpc.newBlockingStub(gw.channel())
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(integration))
            .getMyPerson(GetMyPersonRequest.getDefaultInstance());

        // Refused tokens: the integration's token without x-on-behalf-of, an expired one, a forged one.
        String expired = gw.gateway().devTokens().orElseThrow().issue(TestDistrict.S1,
            Duration.ofMinutes(1), java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(-1)));
        String forged = teacherToken.substring(0, teacherToken.lastIndexOf('.') + 1) + "AAAA";
        secrets.add(expired);
        for (String token : List.of(accessToken, expired, forged)) {
          catchThrowable(() -> DirectoryServiceGrpc.newBlockingStub(gw.channel())
              .withCallCredentials(TestGateway.bearer(token))
              .getMyPerson(GetMyPersonRequest.getDefaultInstance()));
        }
        awaitLogged(captured, "svc-chaperone", "127.0.0.1:1");
      }
    } finally {
      root.detachAppender(captured);
      chaperone.setLevel(before);
    }
    List<String> lines = captured.list.stream().map(SecretsInLogsTest::render).toList();
    assertThat(lines).as("log lines captured").isNotEmpty();
    for (String secret : secrets) {
      assertThat(lines).as("log lines containing a secret").noneMatch(line -> line.contains(secret));
    }
  }

  /** Waits (at most 10 s) until the mailer logged its first failed attempt. */
  private static void awaitLogged(ListAppender<ILoggingEvent> captured, String... anyOf)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (captured.list) {
        if (captured.list.stream().map(SecretsInLogsTest::render)
            .anyMatch(l -> List.of(anyOf).stream().anyMatch(l::contains))) {
          return;
        }
      }
      Thread.sleep(50);
    }
  }

  private static String render(ILoggingEvent e) {
    StringBuilder b = new StringBuilder(e.getFormattedMessage());
    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      b.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
    }
    if (e.getArgumentArray() != null) {
      for (Object arg : e.getArgumentArray()) {
        b.append('\n').append(arg);
      }
    }
    return b.toString();
  }
}
