package org.chaperone.store;

/**
 * The one store layer: every durable change goes through {@link #write}, every query through
 * {@link #reader()}. Two engines implement it (SQLite and PostgreSQL) and pass the same contract
 * test suites.
 *
 * <p>Thread-safe. Writes from many threads are queued to a single writer that commits them in
 * groups (several writes share one fsync); each write still succeeds or fails on its own.
 */
public interface Store extends AutoCloseable {

  /**
   * Runs {@code work} in a transaction and commits it durably before returning. If {@code work}
   * throws, none of its changes are kept and the exception is rethrown (unchecked ones as they
   * are, checked ones wrapped in {@link StoreException}). Callbacks registered with
   * {@link StoreTransaction#afterCommit} run after the commit, on the writer's thread.
   *
   * @throws StoreUnavailableException when the database cannot be reached or refuses writes
   */
  <T> T write(WriteWork<T> work);

  /** Queries; each method reads committed data. */
  StoreReader reader();

  /** Queries over the archive (log entries, tree, checkpoints, records search). */
  ArchiveReader archive();

  /** "sqlite" or "postgresql". */
  String engine();

  /** False once the store has seen a failure that makes further writes unsafe. */
  boolean healthy();

  @Override
  void close();

  /** Work to run inside one store transaction. */
  @FunctionalInterface
  interface WriteWork<T> {
    T run(StoreTransaction tx) throws Exception;
  }
}
