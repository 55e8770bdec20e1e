package org.chaperone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.chaperone.outbox.EmailOutbox;
import org.chaperone.outbox.Notice;
import org.chaperone.store.Store;
import org.chaperone.store.jdbc.JdbcStore;
import org.chaperone.testing.CommandRun;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chaperone email ...} on an embedded store. */
class EmailCommandTest {
  @TempDir Path dataDir;

  CommandRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data-dir";
    all[args.length + 1] = dataDir.toString();
    return CommandRun.of(all);
  }

  @Test
  void administratorsSetPreferencesListFailuresAndRetry() throws Exception {
    Path bundle = dataDir.resolveSibling(dataDir.getFileName() + "-roster.zip");
    Files.write(bundle, TestDistrict.zip());
    assertThat(run("roster", "import", bundle.toString()).exit()).isZero();

    CommandRun shown = run("email", "preference", "g1");
    assertThat(shown.exit()).isZero();
    assertThat(shown.out()).contains("people/g1 (Gina One, guardian, <gina@example.com>): each (default)");
    assertThat(run("email", "preference", "people/g1", "digest").out()).contains(": digest (set)");
    CommandRun refused = run("email", "preference", "g1", "none");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("P003-copy");
    assertThat(run("email", "preference", "g1", "none", "--email-opt-out").out()).contains(": none (set)");
    CommandRun student = run("email", "preference", "s1", "each");
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
    CommandRun failures = run("email", "failures");
    assertThat(failures.out()).contains("emails/2  notice to people/nobody <>  people/nobody")
        .contains("people/nobody is not in the directory");
    assertThat(run("email", "status").out()).contains("pending      1").contains("failed       1");
    CommandRun retried = run("email", "retry", "emails/2");
    assertThat(retried.exit()).isEqualTo(2);
    assertThat(retried.err()).contains("has no email address in the directory");
    assertThat(run("email", "retry", "1").err()).contains("only failed emails can be sent again");
    assertThat(run("email", "status").out()).contains("pending      1").contains("failed       1");
  }
}
