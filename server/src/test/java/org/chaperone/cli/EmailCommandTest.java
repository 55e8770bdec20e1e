package org.chaperone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.chaperone.outbox.EmailOutbox;
import org.chaperone.outbox.Notice;
import org.chaperone.store.Store;
import org.chaperone.store.jdbc.JdbcStore;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chaperone email ...} on an embedded store. */
class EmailCommandTest {
  @TempDir Path dataDir;

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      String[] all = new String[args.length + 2];
      System.arraycopy(args, 0, all, 0, args.length);
      all[args.length] = "--data-dir";
      all[args.length + 1] = dataDir.toString();
      int exit = org.chaperone.cli.ChaperoneCommand.commandLine(all).execute(all);
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void administratorsSetPreferencesListFailuresAndRetry() throws Exception {
    Path bundle = dataDir.resolveSibling(dataDir.getFileName() + "-roster.zip");
    Files.write(bundle, TestDistrict.zip());
    assertThat(run("roster", "import", bundle.toString()).exit()).isZero();

    Run shown = run("email", "preference", "g1");
    assertThat(shown.exit()).isZero();
    assertThat(shown.out()).contains("people/g1 (Gina One, guardian, <gina@example.com>): each (default)");
    assertThat(run("email", "preference", "people/g1", "digest").out()).contains(": digest (set)");
    Run refused = run("email", "preference", "g1", "none");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("P003-copy");
    assertThat(run("email", "preference", "g1", "none", "--email-opt-out").out()).contains(": none (set)");
    Run student = run("email", "preference", "s1", "each");
    assertThat(student.exit()).isEqualTo(2);
    assertThat(student.err()).contains("only guardians and staff");

    assertThat(run("email", "failures").out()).contains("No failed emails.");
    try (Store store = JdbcStore.openSqlite(dataDir)) {
      EmailOutbox outbox = new EmailOutbox(Clock.systemUTC(), "lincoln.example.org", () -> { });
      store.write(tx -> outbox.enqueueNotice(tx, new Notice("g3", "review.outcome", "people/g3",
          "Your message was delivered", "The review found nothing to hold.")));
      store.write(tx -> outbox.enqueueNotice(tx, new Notice("nobody", "review.outcome",
          "people/nobody", "Held", "Your message is held for review.")));
    }
    Run failures = run("email", "failures");
    assertThat(failures.out()).contains("emails/2  notice to people/nobody <>  people/nobody")
        .contains("people/nobody is not in the directory");
    assertThat(run("email", "status").out()).contains("pending      1").contains("failed       1");
    Run retried = run("email", "retry", "emails/2");
    assertThat(retried.exit()).isEqualTo(2);
    assertThat(retried.err()).contains("has no email address in the directory");
    assertThat(run("email", "retry", "1").err()).contains("only failed emails can be sent again");
    assertThat(run("email", "status").out()).contains("pending      1").contains("failed       1");
  }
}
