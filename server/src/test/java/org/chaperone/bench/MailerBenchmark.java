package org.chaperone.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Person;
import org.chaperone.domain.Role;
import org.chaperone.mail.SmtpMailSender;
import org.chaperone.mail.SmtpSettings;
import org.chaperone.outbox.Addressee;
import org.chaperone.outbox.CopyComposer;
import org.chaperone.outbox.CopyContext;
import org.chaperone.outbox.CopyPolicy;
import org.chaperone.outbox.EmailKind;
import org.chaperone.outbox.EmailState;
import org.chaperone.outbox.NewEmail;
import org.chaperone.outbox.OutboxDispatcher;
import org.chaperone.outbox.RetryPolicy;
import org.chaperone.store.Store;
import org.chaperone.store.jdbc.JdbcStore;

/**
 * Copies per second from the outbox to a local SMTP server (GreenMail), next to a reference
 * measured in the same run: bare Jakarta Mail sending the same messages on the same number of
 * open connections, with no store, no claims and no archive.
 *
 * <p>The outbox figure covers everything after the commit: claiming rows, rendering MIME, SMTP,
 * and recording each outcome with its archive entry (SQLite, fsync on every commit). Not a test:
 * run it by hand (see the README, "Email copies").
 *
 * <p>Arguments: {@code [copies per run, default 5000] [data dir, default a temporary one]}.
 */
public final class MailerBenchmark {
  static final String FROM = "Chaperone <chaperone@bench.example.org>";
  static final int GUARDIANS = 50;

  public static void main(String[] args) throws Exception {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    Path base = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("chaperone-bench");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    setup.setServerStartupTimeout(10_000);
    GreenMail greenMail = new GreenMail(setup);
    greenMail.start();
    List<String> texts = composeCopies(copies);
    try {
      // Warm-up: JIT, GreenMail's mailboxes, SQLite.
      reference(port, 4, texts.subList(0, Math.min(1000, copies)), greenMail);
      outbox(port, 4, texts.subList(0, Math.min(1000, copies)), base.resolve("warmup"), greenMail);

      System.out.printf("%n%-38s %11s %7s %9s %10s%n", "what", "connections", "copies", "seconds", "copies/s");
      for (int connections : new int[] {1, 4}) {
        report("Jakarta Mail, bare (reference)", connections, copies,
            reference(port, connections, texts, greenMail));
        report("Chaperone outbox -> SMTP", connections, copies,
            outbox(port, connections, texts, base.resolve("run-" + connections), greenMail));
      }
      System.out.printf("%nCPUs: %d, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
          Runtime.version(), System.getProperty("os.name"));
    } finally {
      greenMail.stop();
    }
  }

  static void report(String what, int connections, int copies, Duration took) {
    double seconds = took.toNanos() / 1e9;
    System.out.printf("%-38s %11d %7d %9.2f %10.0f%n", what, connections, copies, seconds, copies / seconds);
  }

  /** Realistic copy bodies: what GuardianCopies would write for a class message. */
  static List<String> composeCopies(int n) {
    CopyComposer composer = new CopyComposer(new CopyPolicy(false, ZoneId.of("America/Chicago"),
        LocalTime.of(18, 0), "https://chaperone.bench.example.org/channels/{channel}"));
    Person teacher = new Person("t1", Role.TEACHER, "Tom", "Miller", "t@x", "", List.of(), List.of());
    Person student = new Person("s1", Role.STUDENT, "Sam", "One", "", "", List.of(), List.of());
    Person guardian = new Person("g1", Role.GUARDIAN, "Gina", "One", "g@x", "", List.of(), List.of());
    Addressee to = new Addressee(guardian, Optional.of(new ChannelMember("math-101", "g1",
        MemberRole.GUARDIAN_OBSERVER, false, List.of("s1"))), Optional.empty());
    CopyContext ctx = new CopyContext("Math 101", "Lincoln High", teacher,
        Map.of("s1", new Addressee(student, Optional.empty(), Optional.empty()), "g1", to));
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      org.chaperone.domain.Message m = org.chaperone.domain.Message.delivered(1000 + i, "math-101", "t1",
          "Reminder " + i + ": unit 3 quiz on Friday. Calculators allowed; bring a pencil and your"
              + " formula sheet. Office hours are Thursday after school in room 214.",
          Instant.parse("2026-09-01T14:00:00Z").plusSeconds(i), "", 60, i);
      out.add(composer.copy(m, ctx, to).body());
    }
    return out;
  }

  static String address(int i) {
    return "guardian" + (i % GUARDIANS) + "@families.example.org";
  }

  /** Bare Jakarta Mail: one open Transport per thread, the same messages, no bookkeeping. */
  static Duration reference(int port, int connections, List<String> texts, GreenMail greenMail)
      throws Exception {
    greenMail.purgeEmailFromAllMailboxes();
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", "127.0.0.1");
    p.setProperty("mail.smtp.port", Integer.toString(port));
    p.setProperty("mail.smtp.quitwait", "false");
    Session session = Session.getInstance(p);
    InternetAddress from = new InternetAddress(FROM);
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int first = c;
      done.add(pool.submit(() -> {
        try (Transport t = session.getTransport("smtp")) {
          t.connect();
          for (int i = first; i < texts.size(); i += connections) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            InternetAddress to = new InternetAddress(address(i));
            m.setRecipient(Message.RecipientType.TO, to);
            m.setSubject("Copy: Tom Miller wrote to Math 101", "UTF-8");
            m.setSentDate(new Date());
            m.setText(texts.get(i), "UTF-8");
            m.setHeader("Auto-Submitted", "auto-generated");
            m.saveChanges();
            t.sendMessage(m, new InternetAddress[] {to});
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    pool.shutdown();
    check(greenMail, texts.size());
    return took;
  }

  /** The outbox: rows committed first, then timed from the mailer's start until all are SENT. */
  static Duration outbox(int port, int connections, List<String> texts, Path dataDir,
      GreenMail greenMail) throws Exception {
    greenMail.purgeEmailFromAllMailboxes();
    try (Store store = JdbcStore.openSqlite(dataDir)) {
      Instant now = Instant.now();
      for (int from = 0; from < texts.size(); from += 500) {
        int start = from;
        store.write(tx -> {
          List<NewEmail> rows = new ArrayList<>();
          for (int i = start; i < Math.min(texts.size(), start + 500); i++) {
            rows.add(new NewEmail(EmailKind.COPY, EmailState.PENDING, "g" + (i % GUARDIANS),
                address(i), "Guardian " + i % GUARDIANS, "<copy." + UUID.randomUUID()
                    + "@bench.example.org>", "channels/math-101/messages/" + (1000 + i), 1000 + i,
                "copy", "Copy: Tom Miller wrote to Math 101", texts.get(i), now, now, ""));
          }
          tx.outbox().insert(rows);
          return null;
        });
      }
      SmtpMailSender sender = new SmtpMailSender(new SmtpSettings("127.0.0.1", port, "", "",
          SmtpSettings.Tls.NONE, "", connections), FROM);
      OutboxDispatcher mailer = new OutboxDispatcher(store, sender,
          new CopyComposer(org.chaperone.outbox.CopyPolicy.defaults()), Clock.systemUTC(),
          RetryPolicy.defaults(), "bench.example.org");
      long start = System.nanoTime();
      mailer.start();
      while (store.reader().outbox().counts().get(EmailState.SENT) < texts.size()) {
        Thread.sleep(20); // counting rows costs CPU the mailer would otherwise use
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      mailer.close();
      long archived = store.reader().archiveSize();
      if (archived != texts.size()) {
        throw new IllegalStateException("expected one archive entry per copy, got " + archived);
      }
      check(greenMail, texts.size());
      return took;
    }
  }

  static void check(GreenMail greenMail, int expected) {
    int got = greenMail.getReceivedMessages().length;
    if (got != expected) {
      throw new IllegalStateException("the server received " + got + " emails, expected " + expected);
    }
  }

  private MailerBenchmark() {}
}
