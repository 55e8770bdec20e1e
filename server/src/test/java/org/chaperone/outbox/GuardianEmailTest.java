package org.chaperone.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chaperone.testing.TestDistrict.*;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.app.EmailSettings;
import org.chaperone.app.GatewaySettings;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.RequestRejected;
import org.chaperone.mail.SmtpSettings;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guardian copies end to end: messages sent through the production gateway (in-process gRPC,
 * SQLite store) reach a real SMTP server (GreenMail) through the outbox.
 */
class GuardianEmailTest {
  static final String FROM = "Chaperone <chaperone@lincoln.example.org>";
  static final Map<String, String> ADDRESS = Map.of(G1, "gina@example.com", G2, "gus@example.com",
      G3, "gail@example.com", G4, "glen@example.com");
  static final RetryPolicy FAST_RETRY = new RetryPolicy(Duration.ofMillis(100),
      Duration.ofMillis(800), 80, Duration.ofSeconds(30));
  static final CopyPolicy POLICY = new CopyPolicy(false, ZoneId.of("UTC"), LocalTime.of(18, 0),
      "https://chaperone.lincoln.example.org/channels/{channel}");

  @TempDir Path dataDir;
  TestGateway gw;
  MailServer mail;

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.close();
    }
    if (mail != null) {
      mail.close();
    }
  }

  static GatewaySettings settings(Path dataDir, int smtpPort, CopyPolicy policy) {
    SmtpSettings smtp = new SmtpSettings("127.0.0.1", smtpPort, "", "", SmtpSettings.Tls.NONE, "", 4);
    return GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withEmail(EmailSettings.embedded().withSmtp(smtp, FROM).withCopies(policy).withRetry(FAST_RETRY));
  }

  static CreateMessageRequest send(String channel, String text) {
    return CreateMessageRequest.newBuilder().setParent("channels/" + channel)
        .setMessage(Message.newBuilder().setText(text)).build();
  }

  static void importRoster(TestGateway gw, Map<String, String> files) throws Exception {
    gw.gateway().rosterImport().apply("test", OneRosterReader.readZip(TestDistrict.zip(files)), false);
  }

  static long messageId(Message m) {
    return Long.parseLong(m.getName().substring(m.getName().lastIndexOf('/') + 1));
  }

  List<EmailJob> outbox() {
    return gw.gateway().store().reader().outbox().jobs(null, 0, 10_000);
  }

  @Test
  void everyGuardianOfEveryStudentRecipientGetsExactlyOneCopy() throws Exception {
    mail = MailServer.started();
    gw = TestGateway.start(settings(dataDir, mail.port(), POLICY));
    // Gina is also Sue's guardian: two children in the class, still one copy per message.
    Map<String, String> files = TestDistrict.files();
    files.put("users.csv", files.get("users.csv")
        .replace("s2,,Sue,Two,,,s2@lincoln.example.org,,,g3,09,", "s2,,Sue,Two,,,s2@lincoln.example.org,,,\"g3,g1\",09,")
        .replace("g1,,Gina,One,,,gina@example.com,,,s1,,", "g1,,Gina,One,,,gina@example.com,,,\"s1,s2\",,"));
    importRoster(gw, files);

    List<Message> sent = List.of(
        gw.messages(TEACHER).createMessage(send(MATH, "Unit 3 quiz on Friday.")),
        gw.messages(TEACHER).createMessage(send(MATH, "Calculators are allowed.")),
        gw.messages(S1).createMessage(send(MATH, "Can we use notes?")));

    List<MimeMessage> received = mail.await(12, Duration.ofSeconds(20));
    gw.awaitEmailsSettled();
    Thread.sleep(300); // nothing more may arrive
    assertThat(mail.byRecipient()).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().size())
        .containsExactlyInAnyOrder("gina@example.com=3", "gus@example.com=3", "gail@example.com=3",
            "glen@example.com=3");
    assertThat(mail.received()).hasSize(12);
    Map<String, List<MimeMessage>> byRecipient = mail.byRecipient();
    assertThat(byRecipient.keySet()).containsExactlyInAnyOrderElementsOf(ADDRESS.values());
    byRecipient.values().forEach(copies -> assertThat(copies).hasSize(3));
    assertThat(received.stream().map(MailServer::id).collect(Collectors.toSet())).hasSize(12);

    // Each copy is the outbox row of its message and guardian, accepted by the server.
    for (Message m : sent) {
      List<EmailJob> jobs = gw.gateway().store().reader().outbox().jobsOfMessage(messageId(m));
      assertThat(jobs).extracting(EmailJob::personId).containsExactlyInAnyOrder(G1, G2, G3, G4);
      assertThat(jobs).allSatisfy(j -> {
        assertThat(j.state()).isEqualTo(EmailState.SENT);
        assertThat(j.attempts()).isEqualTo(1);
        assertThat(j.lastReply()).startsWith("250");
      });
    }
    List<ArchiveLog.Entry> accepted = ArchiveLog.entries(dataDir, "email.accepted");
    assertThat(accepted).hasSize(12);
    assertThat(accepted).allSatisfy(e -> {
      assertThat(e.subject()).startsWith("channels/math-101/messages/");
      assertThat(e.json()).contains("\"reply\":\"250");
    });

    // The copy says who wrote to whom, where, when, why, and how to read the conversation.
    MimeMessage copy = byRecipient.get("gina@example.com").stream()
        .filter(m -> MailServer.body(m).contains("Unit 3 quiz on Friday.")).findFirst().orElseThrow();
    EmailJob job = outbox().stream().filter(j -> j.mimeMessageId().equals(MailServer.id(copy)))
        .findFirst().orElseThrow();
    assertThat(job.personId()).isEqualTo(G1);
    assertThat(copy.getSubject()).isEqualTo("Copy: Tom Miller wrote to Math 101");
    assertThat(((InternetAddress) copy.getFrom()[0]).getAddress()).isEqualTo("chaperone@lincoln.example.org");
    assertThat(copy.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
    String body = MailServer.body(copy);
    assertThat(body)
        .contains("Dear Gina One,")
        .contains("Tom Miller (teacher) wrote to \"Math 101\" at Lincoln High on ")
        .contains("(UTC)")
        .contains("This email is a copy.")
        .contains("board policy P003-copy")
        .contains("parent or guardian of Sam One and Sue Two")
        .contains("Unit 3 quiz on Friday.")
        .contains("Message:  " + sent.getFirst().getName())
        .contains("https://chaperone.lincoln.example.org/channels/math-101");
    MimeMessage studentCopy = byRecipient.get("glen@example.com").stream()
        .filter(m -> MailServer.body(m).contains("Can we use notes?")).findFirst().orElseThrow();
    assertThat(studentCopy.getSubject()).isEqualTo("Copy: Sam One wrote to Math 101");
    assertThat(MailServer.body(studentCopy)).contains("Sam One (student) wrote to");
  }

  @Test
  void aRefusedMessageQueuesNoCopy() {
    mail = MailServer.started();
    gw = TestGateway.start(settings(dataDir, mail.port(), POLICY));
    // Art 201 has a student without a guardian: refused (SUPERVISOR_REQUIRED), so no copy either.
    assertThatThrownBy(() -> gw.messages(ART_TEACHER).createMessage(send(ART, "See me after class")))
        .hasMessageContaining("FAILED_PRECONDITION");
    assertThat(outbox()).isEmpty();
  }

  @Test
  void smtpOutageDeliversEveryCopyOnceAfterTheServerIsBack() throws Exception {
    mail = MailServer.started();
    gw = TestGateway.start(settings(dataDir, mail.port(), POLICY));
    for (int i = 0; i < 5; i++) {
      gw.messages(TEACHER).createMessage(send(MATH, "Before the outage " + i));
    }
    mail.await(20, Duration.ofSeconds(20));

    mail.stop();
    for (int i = 0; i < 5; i++) {
      gw.messages(TEACHER).createMessage(send(MATH, "During the outage " + i));
    }
    // The pooled connections are dead and the server refuses new ones: the copies are retried.
    awaitArchived("email.retrying", 4);
    assertThat(gw.gateway().store().reader().outbox().counts().get(EmailState.PENDING)).isPositive();

    mail.start();
    mail.await(40, Duration.ofSeconds(30));
    gw.awaitEmailsSettled();
    Thread.sleep(500); // nothing more may arrive
    assertDeliveredExactlyOnce(40);
  }

  @Test
  void copiesPendingWhenTheGatewayStopsAreSentAfterItRestarts() throws Exception {
    int port = MailServer.freePort(); // nothing listens there yet
    gw = TestGateway.start(settings(dataDir, port, POLICY));
    for (int i = 0; i < 5; i++) {
      gw.messages(TEACHER).createMessage(send(MATH, "While mail is down " + i));
    }
    awaitArchived("email.retrying", 1);
    gw.close();
    gw = null;
    try (var store = org.chaperone.store.jdbc.JdbcStore.openSqlite(dataDir)) {
      assertThat(store.reader().outbox().counts().get(EmailState.PENDING)).isEqualTo(20);
    }

    mail = new MailServer(port);
    mail.start();
    gw = TestGateway.start(settings(dataDir, port, POLICY));
    // And one more, sent by the restarted gateway.
    gw.messages(TEACHER).createMessage(send(MATH, "After the restart"));
    mail.await(24, Duration.ofSeconds(30));
    gw.awaitEmailsSettled();
    Thread.sleep(500);
    assertDeliveredExactlyOnce(24);
  }

  @Test
  void permanentFailuresAreRecordedListedAndCanBeRetried() throws Exception {
    mail = MailServer.started();
    gw = TestGateway.start(settings(dataDir, mail.port(), POLICY));
    // Glen's address is too long for any server (RFC 5321); Gail has none on file.
    String overlong = "x".repeat(4100) + "@example.com";
    Map<String, String> files = TestDistrict.files();
    files.put("users.csv", files.get("users.csv").replace("glen@example.com", overlong)
        .replace("gail@example.com", ""));
    importRoster(gw, files);

    Message m = gw.messages(TEACHER).createMessage(send(MATH, "Field trip forms are due."));
    mail.await(2, Duration.ofSeconds(20));
    gw.awaitEmailsSettled();

    Map<String, EmailJob> jobs = gw.gateway().store().reader().outbox().jobsOfMessage(messageId(m))
        .stream().collect(Collectors.toMap(EmailJob::personId, Function.identity()));
    assertThat(jobs.get(G1).state()).isEqualTo(EmailState.SENT);
    assertThat(jobs.get(G4).state()).isEqualTo(EmailState.FAILED);
    assertThat(jobs.get(G4).attempts()).isEqualTo(1);
    assertThat(jobs.get(G4).lastReply()).startsWith("500");
    assertThat(jobs.get(G3).state()).isEqualTo(EmailState.FAILED);
    assertThat(jobs.get(G3).lastReply()).contains("no email address for people/g3");

    List<ArchiveLog.Entry> failed = ArchiveLog.entries(dataDir, "email.failed");
    assertThat(failed).hasSize(2);
    assertThat(failed).allSatisfy(e -> assertThat(e.subject()).isEqualTo(m.getName()));
    assertThat(failed).anySatisfy(e -> assertThat(e.json()).contains("\"reply\":\"500"));

    EmailAdministration admin = new EmailAdministration(gw.gateway().store(),
        java.time.Clock.systemUTC(), POLICY);
    assertThat(admin.failures(0, 100)).extracting(EmailJob::personId).containsExactlyInAnyOrder(G3, G4);

    // The roster is fixed; the administrator sends Glen's copy again.
    importRoster(gw, TestDistrict.files());
    EmailJob again = admin.requeue("admin-1", jobs.get(G4).id());
    assertThat(again.address()).isEqualTo("glen@example.com");
    gw.gateway().mailer().wake();
    List<MimeMessage> all = mail.await(3, Duration.ofSeconds(20));
    assertThat(all).anySatisfy(x -> assertThat(MailServer.id(x)).isEqualTo(jobs.get(G4).mimeMessageId()));
    gw.awaitEmailsSettled();
    assertThat(admin.failures(0, 100)).extracting(EmailJob::personId).containsExactly(G3);
    assertThat(ArchiveLog.entries(dataDir, "email.requeued")).hasSize(1);
  }

  @Test
  void aDailyDigestGroupsADaysCopies() throws Exception {
    mail = MailServer.started();
    TestClock clock = new TestClock(Instant.parse("2026-09-01T09:00:00Z"));
    gw = TestGateway.start(settings(dataDir, mail.port(), POLICY), clock);
    EmailAdministration admin = new EmailAdministration(gw.gateway().store(), clock, POLICY);
    admin.setPreference("admin-1", G1, CopyDelivery.DAILY_DIGEST);

    gw.messages(TEACHER).createMessage(send(MATH, "Morning: bring your lab notebook."));
    clock.set(Instant.parse("2026-09-01T12:30:00Z"));
    gw.messages(TEACHER).createMessage(send(MATH, "Noon: lunch club is cancelled."));
    clock.set(Instant.parse("2026-09-01T17:59:00Z"));
    gw.messages(S1).createMessage(send(MATH, "Evening: is the lab report due tomorrow?"));
    // Everybody else has their copies at once; Gina has none yet.
    mail.await(9, Duration.ofSeconds(20));
    gw.awaitEmailsSettled();
    assertThat(mail.byRecipient()).doesNotContainKey("gina@example.com");

    clock.set(Instant.parse("2026-09-01T19:00:00Z"));
    gw.messages(TEACHER).createMessage(send(MATH, "Late: see you tomorrow."));
    mail.await(12, Duration.ofSeconds(20));

    // 18:00 has passed: one digest with the three copies of the day, not the later one.
    gw.gateway().mailer().wake();
    mail.await(13, Duration.ofSeconds(20));
    gw.awaitEmailsSettled();
    List<MimeMessage> digests = mail.byRecipient().get("gina@example.com");
    assertThat(digests).hasSize(1);
    MimeMessage digest = digests.getFirst();
    assertThat(digest.getSubject()).isEqualTo("Daily copies: 3 messages (September 1, 2026)");
    String body = MailServer.body(digest);
    assertThat(body).contains("Dear Gina One,", "board policy P003-copy", "once a day",
        "1. ", "Morning: bring your lab notebook.", "2. ", "Noon: lunch club is cancelled.",
        "3. ", "Evening: is the lab report due tomorrow?", "Sam One (student) wrote to",
        "https://chaperone.lincoln.example.org/channels/math-101");
    assertThat(body).doesNotContain("Late: see you tomorrow.");
    assertThat(body.indexOf("Morning")).isLessThan(body.indexOf("Noon"));
    assertThat(ArchiveLog.entries(dataDir, "email.digest_composed")).hasSize(1)
        .allSatisfy(e -> assertThat(e.json()).contains("\"copies\":[\"channels/math-101/messages/"));

    // The next day's digest holds the late message.
    clock.set(Instant.parse("2026-09-02T18:00:01Z"));
    gw.gateway().mailer().wake();
    mail.await(14, Duration.ofSeconds(20));
    gw.awaitEmailsSettled();
    digests = mail.byRecipient().get("gina@example.com");
    assertThat(digests).hasSize(2);
    assertThat(MailServer.body(digests.get(1))).contains("Late: see you tomorrow.")
        .doesNotContain("Morning");
    List<EmailJob> ginas = outbox().stream().filter(j -> j.personId().equals(G1)).toList();
    assertThat(ginas).filteredOn(j -> j.kind() == EmailKind.COPY)
        .allSatisfy(j -> assertThat(j.state()).isEqualTo(EmailState.DIGESTED));
    assertThat(ginas).filteredOn(j -> j.kind() == EmailKind.DIGEST).hasSize(2)
        .allSatisfy(j -> assertThat(j.state()).isEqualTo(EmailState.SENT));
  }

  @Test
  void optingOutIsOnlyPossibleWhereTheDistrictAllowsIt() throws Exception {
    mail = MailServer.started();
    CopyPolicy allowing = new CopyPolicy(true, ZoneId.of("UTC"), LocalTime.of(18, 0), "");
    gw = TestGateway.start(settings(dataDir, mail.port(), allowing));
    EmailAdministration strict = new EmailAdministration(gw.gateway().store(),
        java.time.Clock.systemUTC(), POLICY);
    assertThatThrownBy(() -> strict.setPreference("admin-1", G2, CopyDelivery.NONE))
        .isInstanceOf(RequestRejected.class).hasMessageContaining("P003-copy");
    assertThatThrownBy(() -> strict.setPreference("admin-1", S1, CopyDelivery.DAILY_DIGEST))
        .isInstanceOf(RequestRejected.class).hasMessageContaining("only guardians and staff");

    new EmailAdministration(gw.gateway().store(), java.time.Clock.systemUTC(), allowing)
        .setPreference("admin-1", G2, CopyDelivery.NONE);
    gw.messages(TEACHER).createMessage(send(MATH, "Picture day is Monday."));
    mail.await(3, Duration.ofSeconds(20));
    gw.awaitEmailsSettled();
    Thread.sleep(300);
    assertThat(mail.byRecipient()).doesNotContainKey("gus@example.com").hasSize(3);
    assertThat(ArchiveLog.entries(dataDir, "email.preference_set")).hasSize(1)
        .allSatisfy(e -> assertThat(e.json()).contains("\"delivery\":\"none\""));
  }

  @Test
  void withoutAnSmtpRelayEachEmailIsWrittenAsAnEmlFile() throws Exception {
    gw = TestGateway.start(dataDir); // the embedded default
    Message m = gw.messages(TEACHER).createMessage(send(MATH, "Welcome back!"));
    gw.awaitEmailsSettled();
    Path folder = dataDir.resolve("outbox-mail");
    List<Path> files;
    try (var list = java.nio.file.Files.list(folder)) {
      files = list.sorted().toList();
    }
    assertThat(files).hasSize(4).allSatisfy(f -> assertThat(f.toString()).endsWith(".eml"));
    Set<String> to = new HashSet<>();
    for (Path f : files) {
      try (var in = java.nio.file.Files.newInputStream(f)) {
        MimeMessage eml = new MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()), in);
        to.add(((InternetAddress) eml.getAllRecipients()[0]).getAddress());
        assertThat(MailServer.body(eml)).contains("Welcome back!", "P003-copy", m.getName());
        assertThat(eml.getMessageID()).endsWith("@chaperone.invalid>");
      }
    }
    assertThat(to).containsExactlyInAnyOrderElementsOf(ADDRESS.values());
    assertThat(outbox()).allSatisfy(j -> assertThat(j.lastReply()).startsWith("written to "));
  }

  @Test
  void noticesGoThroughTheSameOutbox() throws Exception {
    mail = MailServer.started();
    gw = TestGateway.start(settings(dataDir, mail.port(), POLICY));
    String id = gw.gateway().store().write(tx -> gw.gateway().emailOutbox().enqueueNotice(tx,
        new Notice(G3, "channel.purpose", "channels/math-101", "Math 101 opens on Chaperone",
            "Tom Miller will use Math 101 for class announcements (board policy P003-notify-parents).")));
    List<MimeMessage> got = mail.await(1, Duration.ofSeconds(20));
    assertThat(MailServer.id(got.getFirst())).isEqualTo(id);
    assertThat(got.getFirst().getSubject()).isEqualTo("Math 101 opens on Chaperone");
    assertThat(((InternetAddress) got.getFirst().getAllRecipients()[0]).getAddress()).isEqualTo("gail@example.com");
    gw.awaitEmailsSettled();
    assertThat(ArchiveLog.entries(dataDir, "email.accepted")).singleElement()
        .satisfies(e -> assertThat(e.subject()).isEqualTo("channels/math-101"));
  }

  private void awaitArchived(String type, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (ArchiveLog.entries(dataDir, type).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + count + " " + type + " entries");
      }
      Thread.sleep(20);
    }
  }

  /** Every outbox row SENT, and the server holds each one's Message-ID exactly once. */
  private void assertDeliveredExactlyOnce(int expected) throws Exception {
    List<EmailJob> jobs = outbox();
    assertThat(jobs).hasSize(expected).allSatisfy(j -> assertThat(j.state()).isEqualTo(EmailState.SENT));
    List<String> ids = mail.received().stream().map(MailServer::id).toList();
    assertThat(ids).hasSize(expected).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(jobs.stream().map(EmailJob::mimeMessageId).toList());
    assertThat(ArchiveLog.entries(dataDir, "email.accepted")).hasSize(expected);
  }
}
