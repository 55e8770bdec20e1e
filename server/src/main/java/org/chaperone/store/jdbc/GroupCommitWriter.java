package org.chaperone.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chaperone.store.Store.WriteWork;
import org.chaperone.store.StoreException;
import org.chaperone.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's single writer. Callers queue units of work; one thread takes every unit waiting
 * (up to {@code maxBatch}), runs each inside its own savepoint of one transaction, commits once,
 * and only then completes the callers' futures and runs their after-commit callbacks.
 *
 * <p>Why: with one fsync per commit, concurrent sends share the cost of durability (group
 * commit), while each unit still succeeds or fails alone. A single writer also makes SQLite's
 * one-writer rule explicit instead of a source of busy errors.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** Opens the writer's connection (again, after a failure). */
  @FunctionalInterface
  interface ConnectionOpener {
    Connection open() throws SQLException;
  }

  private record Pending<T>(WriteWork<T> work, CompletableFuture<T> result) {}

  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final ConnectionOpener opener;
  private final Dialect dialect;
  private final Failures failures;
  private final int maxBatch;
  private final Thread thread;
  private volatile boolean running = true;
  private static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private Connection connection;
  private long lastProbe;
  private StatementCache statements;

  GroupCommitWriter(ConnectionOpener opener, Dialect dialect, Failures failures, int maxBatch) {
    this.opener = opener;
    this.dialect = dialect;
    this.failures = failures;
    this.maxBatch = maxBatch;
    this.thread = Thread.ofPlatform().name("store-writer-" + dialect.engine).daemon().unstarted(this::loop);
    thread.start();
  }

  <T> T write(WriteWork<T> work) {
    failures.checkWritable();
    if (failures.unreachable()) {
      // Fail fast while the database is away; the writer probes it and clears this by itself.
      throw new StoreUnavailableException("the database cannot be reached; retry shortly", null);
    }
    if (!running) {
      throw new StoreUnavailableException("the store is closed", null);
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    queue.add(new Pending<>(work, result));
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // The unit may still commit; the caller learns nothing more. Retries use request ids.
      throw new StoreUnavailableException("interrupted while waiting for the commit", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new StoreException("write failed: " + cause.getMessage(), cause);
    }
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          probeIfUnreachable();
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        log.error("Store writer failed unexpectedly; failing the batch", e);
        for (Pending<?> p : batch) {
          p.result().completeExceptionally(e);
        }
      } finally {
        batch.clear();
      }
    }
    for (Pending<?> p; (p = queue.poll()) != null; ) {
      p.result().completeExceptionally(new StoreUnavailableException("the store is closed", null));
    }
    closeConnection();
  }

  private void commit(List<Pending<?>> batch) {
    Object[] results = new Object[batch.size()];
    Throwable[] errors = new Throwable[batch.size()];
    List<Runnable> callbacks = new ArrayList<>();
    try {
      failures.checkWritable();
      Connection c = connection();
      for (int i = 0; i < batch.size(); i++) {
        Savepoint savepoint = c.setSavepoint();
        JdbcTransaction tx = new JdbcTransaction(c, dialect, statements);
        try {
          results[i] = batch.get(i).work().run(tx);
          tx.finish();
          c.releaseSavepoint(savepoint);
          callbacks.addAll(tx.afterCommitCallbacks());
        } catch (Exception e) {
          c.rollback(savepoint);
          errors[i] = unwrap(e);
        }
      }
      if (!failures.healthy()) {
        // A unit hit a storage failure: nothing of this batch may be acknowledged.
        rollbackQuietly();
        closeConnection();
        failures.checkWritable();
      }
      c.commit();
      failures.reached();
    } catch (SQLException e) {
      rollbackQuietly();
      StoreException failure = failures.translate("commit failed", e);
      log.warn("Commit of {} write(s) failed: {}", batch.size(), e.getMessage());
      closeConnection();
      for (Pending<?> p : batch) {
        p.result().completeExceptionally(failure);
      }
      return;
    } catch (StoreException e) {
      for (Pending<?> p : batch) {
        p.result().completeExceptionally(e);
      }
      return;
    }
    endIdleTransaction();
    for (int i = 0; i < batch.size(); i++) {
      complete(batch.get(i), results[i], errors[i]);
    }
    for (Runnable callback : callbacks) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        log.error("After-commit callback failed (the write itself is committed)", e);
      }
    }
  }

  /**
   * While the database is unreachable, tries to reach it about once a second when no write is
   * waiting, so that the store reports itself healthy again without waiting for a request.
   */
  private void probeIfUnreachable() {
    long now = System.nanoTime();
    if (!failures.unreachable() || !failures.healthy() || now - lastProbe < PROBE_INTERVAL_NANOS) {
      return;
    }
    lastProbe = now;
    try {
      if (connection().isValid(2)) {
        endIdleTransaction();
        failures.reached();
        log.info("The database answers again; the store accepts writes");
      } else {
        closeConnection();
      }
    } catch (SQLException e) {
      closeConnection();
    }
  }

  private Throwable unwrap(Exception e) {
    if (e instanceof JdbcTransaction.SqlFailure f) {
      return failures.translate("write failed", f.getCause());
    }
    return e;
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Pending<T> p, Object result, Throwable error) {
    if (error != null) {
      p.result().completeExceptionally(error);
    } else {
      p.result().complete((T) result);
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = opener.open();
      statements = new StatementCache(connection);
    }
    connection.setAutoCommit(false);
    return connection;
  }

  /**
   * Why: the SQLite driver opens the next (IMMEDIATE) transaction as soon as one commits, which
   * would hold the database's write lock while the writer is idle and lock out other processes
   * (the roster and email commands). Autocommit between batches ends that empty transaction.
   */
  private void endIdleTransaction() {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      log.warn("Could not end the writer's idle transaction; reopening its connection: {}", e.getMessage());
      closeConnection();
    }
  }

  private void rollbackQuietly() {
    try {
      if (connection != null) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // The connection is discarded next.
    }
  }

  private void closeConnection() {
    if (statements != null) {
      statements.close();
      statements = null;
    }
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // Nothing more to do with a broken connection.
    } finally {
      connection = null;
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
