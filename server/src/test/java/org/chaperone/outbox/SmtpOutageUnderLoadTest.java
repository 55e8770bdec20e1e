package org.chaperone.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.TestDistrict.MATH;
import static org.chaperone.testing.TestDistrict.TEACHER;

import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.chaperone.app.GatewaySettings;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The district's mail relay goes away while teachers keep sending (four threads) and comes back
 * while they still send: every guardian receives every copy — counted per recipient address and
 * Message-ID — and every outbox row ends SENT, recorded accepted once.
 */
class SmtpOutageUnderLoadTest {
  private static final int MESSAGES = 60;
  private static final int GUARDIANS = 4;

  @TempDir Path dataDir;

  @Test
  void everyCopyArrivesOncePerRecipientAcrossAnOutageUnderLoad() throws Exception {
    try (MailServer mail = MailServer.started();
        TestGateway gw = TestGateway.start(GuardianEmailTest.settings(dataDir, mail.port(),
            GuardianEmailTest.POLICY).withRateLimits(GatewaySettings.RateLimits.OFF))) {
      AtomicInteger sent = new AtomicInteger();
      ExecutorService teachers = Executors.newFixedThreadPool(4);
      List<Future<?>> sends = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        int n = i;
        sends.add(teachers.submit(() -> {
          gw.messages(TEACHER).createMessage(GuardianEmailTest.send(MATH, "Reminder " + n + ": quiz Friday."));
          sent.incrementAndGet();
          pause(15);
        }));
        if (i == MESSAGES / 4) {
          awaitSent(sent, MESSAGES / 4);
          mail.stop();
        }
        if (i == MESSAGES * 3 / 4) {
          awaitSent(sent, MESSAGES * 3 / 4);
          mail.start();
        }
      }
      for (Future<?> f : sends) {
        f.get();
      }
      teachers.shutdown();

      mail.await(MESSAGES * GUARDIANS, Duration.ofSeconds(60));
      gw.awaitEmailsSettled();
      Thread.sleep(500); // nothing more may arrive

      Map<String, List<MimeMessage>> byRecipient = mail.byRecipient();
      assertThat(byRecipient.keySet()).containsExactlyInAnyOrderElementsOf(
          GuardianEmailTest.ADDRESS.values());
      Map<String, Integer> counts = byRecipient.entrySet().stream().collect(
          Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
      // Each copy has one Message-ID on every attempt. A connection the outage cuts after the
      // relay stored a message but before its reply arrived makes the copy look unsent, and it is
      // sent again under the same Message-ID (SMTP cannot tell the two apart): such redeliveries
      // are counted, not hidden.
      Map<String, Long> distinctPerRecipient = byRecipient.entrySet().stream().collect(
          Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stream().map(MailServer::id).distinct().count()));
      long redelivered = counts.values().stream().mapToInt(Integer::intValue).sum()
          - distinctPerRecipient.values().stream().mapToLong(Long::longValue).sum();
      System.out.println("SMTP outage under load: " + MESSAGES + " messages, copies per recipient "
          + counts + ", redelivered under the same Message-ID " + redelivered);
      assertThat(distinctPerRecipient.values()).as("distinct copies per recipient")
          .allMatch(c -> c == MESSAGES);
      assertThat(gw.gateway().store().reader().outbox().jobs(null, 0, 10_000))
          .hasSize(MESSAGES * GUARDIANS)
          .allSatisfy(j -> assertThat(j.state()).isEqualTo(EmailState.SENT));
      assertThat(ArchiveLog.entries(dataDir, "email.accepted")).hasSize(MESSAGES * GUARDIANS);
      assertThat(ArchiveLog.entries(dataDir, "email.retrying")).as("the outage was felt").isNotEmpty();
    }
  }

  private static void awaitSent(AtomicInteger sent, int count) throws InterruptedException {
    while (sent.get() < count) {
      Thread.sleep(5);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
