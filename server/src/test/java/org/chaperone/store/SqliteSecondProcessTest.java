package org.chaperone.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.outbox.CopyDelivery;
import org.chaperone.store.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running gateway must not lock other processes out of the embedded store: the roster and email
 * commands write to it while the gateway serves.
 */
class SqliteSecondProcessTest {
  @TempDir Path dataDir;

  @Test
  void aSecondStoreOnTheSameFileCanWriteWhileTheFirstIsOpen() {
    try (JdbcStore gateway = JdbcStore.openSqlite(dataDir)) {
      gateway.write(tx -> tx.append(new ArchiveEvent("e", "a", "s", Instant.now(), Map.of())));
      long start = System.nanoTime();
      try (JdbcStore command = JdbcStore.openSqlite(dataDir)) {
        command.write(tx -> {
          tx.outbox().setPreference("g1", CopyDelivery.DAILY_DIGEST, "system:cli", Instant.now());
          return null;
        });
      }
      assertThat((System.nanoTime() - start) / 1_000_000).as("ms waiting for the lock").isLessThan(5_000);
      assertThat(gateway.reader().outbox().preference("g1")).contains(CopyDelivery.DAILY_DIGEST);
      gateway.write(tx -> tx.append(new ArchiveEvent("e", "a", "s", Instant.now(), Map.of())));
      assertThat(gateway.reader().archiveSize()).isEqualTo(2);
    }
  }
}
