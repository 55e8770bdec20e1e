package org.chaperone.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import org.chaperone.outbox.EmailKind;
import org.chaperone.outbox.OutgoingEmail;
import org.chaperone.outbox.SendOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SMTP sender against a real SMTP server (GreenMail): security, authentication, replies. */
class SmtpMailSenderTest {
  static final String FROM = "Chaperone <chaperone@lincoln.example.org>";
  GreenMail greenMail;
  SmtpMailSender sender;

  @AfterEach
  void stop() {
    if (sender != null) {
      sender.close();
    }
    if (greenMail != null) {
      greenMail.stop();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  GreenMail start(String protocol) throws IOException {
    ServerSetup setup = new ServerSetup(freePort(), "127.0.0.1", protocol);
    setup.setServerStartupTimeout(10_000);
    greenMail = new GreenMail(setup);
    greenMail.start();
    return greenMail;
  }

  static OutgoingEmail email(long id, String to) {
    return new OutgoingEmail(id, EmailKind.NOTICE, "<notice." + id + "@lincoln.example.org>", to,
        "Gina One", "Ünïcode subject " + id, "Body " + id + " — ✓", Instant.parse("2026-09-01T10:00:00Z"),
        "channels/math-101");
  }

  @Test
  void sendsOnPooledConnectionsWithTheStableMessageIdAndReportsTheReply() throws Exception {
    start(ServerSetup.PROTOCOL_SMTP);
    sender = new SmtpMailSender(new SmtpSettings("127.0.0.1", greenMail.getSmtp().getPort(), "", "",
        SmtpSettings.Tls.NONE, "", 2), FROM);
    for (int i = 1; i <= 5; i++) {
      SendOutcome outcome = sender.send(email(i, "gina@example.com"));
      assertThat(outcome).isInstanceOf(SendOutcome.Accepted.class);
      assertThat(outcome.reply()).startsWith("250");
    }
    MimeMessage[] got = greenMail.getReceivedMessages();
    assertThat(got).hasSize(5);
    assertThat(got[0].getMessageID()).isEqualTo("<notice.1@lincoln.example.org>");
    assertThat(got[0].getSubject()).isEqualTo("Ünïcode subject 1");
    assertThat(String.valueOf(got[0].getContent()).strip()).isEqualTo("Body 1 — ✓");
    assertThat(got[0].getHeader("X-Chaperone-Resource")[0]).isEqualTo("channels/math-101");
    assertThat(got[0].getSentDate().toInstant()).isEqualTo(Instant.parse("2026-09-01T10:00:00Z"));
  }

  @Test
  void implicitTlsAndAuthentication() throws Exception {
    start(ServerSetup.PROTOCOL_SMTPS);
    greenMail.setUser("relay@lincoln.example.org", "relay", "s3cret");
    // GreenMail's certificate is self-signed: trusted explicitly, as for an internal relay.
    sender = new SmtpMailSender(new SmtpSettings("127.0.0.1", greenMail.getSmtps().getPort(), "relay",
        "s3cret", SmtpSettings.Tls.TLS, "127.0.0.1", 1), FROM);
    assertThat(sender.send(email(1, "gina@example.com"))).isInstanceOf(SendOutcome.Accepted.class);
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
    sender.close();

    sender = new SmtpMailSender(new SmtpSettings("127.0.0.1", greenMail.getSmtps().getPort(), "relay",
        "wrong", SmtpSettings.Tls.TLS, "127.0.0.1", 1), FROM);
    SendOutcome refused = sender.send(email(2, "gina@example.com"));
    assertThat(refused).isInstanceOf(SendOutcome.Deferred.class);
    assertThat(refused.reply()).contains("authentication failed");
  }

  @Test
  void anUntrustedCertificateIsNotAccepted() throws Exception {
    start(ServerSetup.PROTOCOL_SMTPS);
    sender = new SmtpMailSender(new SmtpSettings("127.0.0.1", greenMail.getSmtps().getPort(), "", "",
        SmtpSettings.Tls.TLS, "", 1), FROM);
    SendOutcome outcome = sender.send(email(1, "gina@example.com"));
    assertThat(outcome).isInstanceOf(SendOutcome.Deferred.class);
    assertThat(((SendOutcome.Deferred) outcome).serverUnreachable()).isTrue();
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void repliesAreClassified() throws Exception {
    start(ServerSetup.PROTOCOL_SMTP);
    sender = new SmtpMailSender(new SmtpSettings("127.0.0.1", greenMail.getSmtp().getPort(), "", "",
        SmtpSettings.Tls.NONE, "", 1), FROM);
    // 5xx: rejected for good; the connection stays usable for the next email.
    SendOutcome rejected = sender.send(email(1, "x".repeat(4100) + "@example.com"));
    assertThat(rejected).isInstanceOf(SendOutcome.Rejected.class);
    assertThat(rejected.reply()).startsWith("500");
    assertThat(sender.send(email(2, "gina@example.com"))).isInstanceOf(SendOutcome.Accepted.class);
    // An address that cannot be parsed never reaches the server.
    assertThat(sender.send(email(3, "not an address"))).isInstanceOf(SendOutcome.Rejected.class);

    // The server goes away: the pooled connection breaks, then connecting is refused.
    greenMail.stop();
    greenMail = null;
    SendOutcome lost = sender.send(email(4, "gina@example.com"));
    assertThat(lost).isInstanceOf(SendOutcome.Deferred.class);
    assertThat(((SendOutcome.Deferred) lost).serverUnreachable()).isTrue();
    SendOutcome refused = sender.send(email(5, "gina@example.com"));
    assertThat(refused).isInstanceOf(SendOutcome.Deferred.class);
    assertThat(refused.reply()).contains("cannot connect to 127.0.0.1");
  }

  @Test
  void settingsValidateAndNeverPrintThePassword() {
    SmtpSettings s = new SmtpSettings("relay.example.org", 0, "chaperone", "hunter2",
        SmtpSettings.Tls.STARTTLS, "", 4);
    assertThat(s.effectivePort()).isEqualTo(587);
    assertThat(s.toString()).doesNotContain("hunter2").contains("relay.example.org:587");
    assertThat(SmtpSettings.Tls.parse("TLS")).isEqualTo(SmtpSettings.Tls.TLS);
    assertThat(SmtpMailSender.properties(s)).containsEntry("mail.smtp.starttls.required", "true")
        .containsEntry("mail.smtp.auth", "true").containsEntry("mail.smtp.ssl.checkserveridentity", "true");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SmtpSettings("relay", 0, "user", "",
        SmtpSettings.Tls.STARTTLS, "", 1)).hasMessageContaining("CHAPERONE_SMTP_PASSWORD");
  }
}
