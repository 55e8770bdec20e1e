package org.chaperone.store;

import java.nio.file.Path;
import org.chaperone.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on the embedded SQLite engine. */
class SqliteStoreTest implements StoreContract, OutboxStoreContract, ArchiveContract,
    RecordsLifecycleContract, ContentReviewStoreContract {
  @TempDir Path dataDir;
  private JdbcStore store;

  @Override
  public Store store() {
    if (store == null) {
      store = JdbcStore.openSqlite(dataDir);
    }
    return store;
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void reopeningKeepsEverythingAndDoesNotMigrateTwice() {
    store().write(tx -> tx.append(new org.chaperone.archive.ArchiveEvent("e", "a", "s",
        java.time.Instant.now(), java.util.Map.of())));
    store.close();
    store = JdbcStore.openSqlite(dataDir);
    assertThat(store.reader().archiveSize()).isEqualTo(1);
    assertThat(store.engine()).isEqualTo("sqlite");
  }

  @Test
  void anotherProcessCanOpenAndWriteWhileTheStoreIsOpen() {
    store().write(tx -> tx.append(new org.chaperone.archive.ArchiveEvent("e", "a", "s",
        java.time.Instant.now(), java.util.Map.of())));
    // A second store on the same file (as `roster import` or `archive verify` would open while
    // the gateway serves) gets the write lock between the first one's batches.
    long started = System.nanoTime();
    try (JdbcStore other = JdbcStore.openSqlite(dataDir)) {
      other.write(tx -> tx.append(new org.chaperone.archive.ArchiveEvent("e", "b", "s",
          java.time.Instant.now(), java.util.Map.of())));
    }
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
    store.write(tx -> tx.append(new org.chaperone.archive.ArchiveEvent("e", "c", "s",
        java.time.Instant.now(), java.util.Map.of())));
    assertThat(store.reader().archiveSize()).isEqualTo(3);
  }
}
