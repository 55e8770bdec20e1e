package org.chaperone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.Caller;
import org.chaperone.records.RecordQuery;
import org.chaperone.store.Store;
import org.chaperone.store.jdbc.JdbcStore;
import org.chaperone.testing.Sending;
import org.chaperone.testing.CommandRun;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chaperone archive dispose [--dry-run]} on an embedded store, then {@code archive verify}. */
class ArchiveDisposeCommandTest {
  @TempDir Path dataDir;

  CommandRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data-dir";
    all[args.length + 1] = dataDir.toString();
    return CommandRun.of(all);
  }

  Path policy(String name, String text) throws Exception {
    Path file = dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".properties");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void disposesWhatIsPastRetentionAfterADryRunAndTheArchiveStillVerifies() throws Exception {
    Path bundle = dataDir.resolveSibling(dataDir.getFileName() + "-roster.zip");
    Files.write(bundle, TestDistrict.zip());
    assertThat(run("roster", "import", bundle.toString()).exit()).isZero();
    try (Store store = JdbcStore.openSqlite(dataDir)) {
      Sending send = new Sending(store);
      Caller teacher = new Caller(store.reader().person(TestDistrict.TEACHER).orElseThrow(), "");
      send.submit(teacher, TestDistrict.MATH, "Quiz on Friday", "");
      // Two refusals recorded in 2020, long past a day's retention.
      store.write(tx -> {
        for (int i = 0; i < 2; i++) {
          tx.append(new ArchiveEvent("message.refused", TestDistrict.TEACHER, "channels/" + TestDistrict.ART,
              Instant.parse("2020-01-0" + (i + 1) + "T10:00:00Z"), Map.of("text", "See me after class")));
        }
        return null;
      });
    }
    assertThat(run("archive", "checkpoint").exit()).isZero();
    Path invalid = policy("bad", "policy.version = bad-1\nretention.message = PT1S\n");
    CommandRun refused = run("archive", "dispose", "--policy-file", invalid.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("retention.message must be an ISO-8601 period");

    Path oneDay = policy("day", """
        policy.version = day-1
        retention.message = P1D
        retention.message.locked = true
        """);
    CommandRun dry = run("archive", "dispose", "--dry-run", "--policy-file", oneDay.toString());
    assertThat(dry.exit()).isZero();
    assertThat(dry.out()).contains("Would dispose of 2 record(s) past retention (policy day-1@")
        .contains(": 2 message.").contains("0 for legal holds, 0 for open records requests");
    CommandRun real = run("archive", "dispose", "--policy-file", oneDay.toString());
    assertThat(real.exit()).isZero();
    assertThat(real.out()).contains("Disposed of 2 record(s)").contains("Archived as records/");
    assertThat(run("archive", "dispose", "--policy-file", oneDay.toString()).out())
        .contains("Disposed of 0 record(s)");
    Path permanent = policy("permanent", "policy.version = permanent-1\n");
    CommandRun unlocked = run("archive", "dispose", "--policy-file", permanent.toString());
    assertThat(unlocked.exit()).isEqualTo(1);
    assertThat(unlocked.err()).contains("retention.message is locked at P1D")
        .contains("must keep retention.message.locked = true");
    try (Store store = JdbcStore.openSqlite(dataDir)) {
      assertThat(store.archive().search(new RecordQuery(List.of("message.refused"), "", "", null, null,
          List.of()), Long.MAX_VALUE, 10)).hasSize(2).allSatisfy(e -> assertThat(e.tombstone()).isPresent());
    }
    CommandRun verify = run("archive", "verify");
    assertThat(verify.exit()).as(verify.out()).isZero();
    assertThat(verify.out()).contains("dispositions");
  }
}
