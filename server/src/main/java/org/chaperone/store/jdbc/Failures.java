package org.chaperone.store.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicReference;
import org.chaperone.store.StoreException;
import org.chaperone.store.StoreUnavailableException;

/**
 * Classifies database failures and remembers the fatal ones. After a storage failure that leaves
 * the database's durability in doubt (an I/O or fsync error, a full disk, corruption), the store
 * stops accepting writes and reports itself unhealthy rather than risk acknowledging what it did
 * not commit; an operator restarts it once the disk is fixed.
 */
final class Failures {
  // SQLite primary result codes (https://sqlite.org/rescode.html) that mean the disk failed us.
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_NOTADB = 26;

  private final Dialect dialect;
  private final AtomicReference<String> fatal = new AtomicReference<>();
  private volatile boolean unreachable;

  Failures(Dialect dialect) {
    this.dialect = dialect;
  }

  boolean healthy() {
    return fatal.get() == null;
  }

  /** True from a failed attempt to reach the database until the next successful commit. */
  boolean unreachable() {
    return unreachable;
  }

  /** The writer reached the database (a commit or a probe succeeded). */
  void reached() {
    unreachable = false;
  }

  /** Fails fast when an earlier fatal failure stopped writes. */
  void checkWritable() {
    String reason = fatal.get();
    if (reason != null) {
      throw new StoreUnavailableException("the store stopped accepting writes after: " + reason, null);
    }
  }

  /** Marks the store unhealthy for good (until restart). */
  void stop(String reason) {
    fatal.compareAndSet(null, reason);
  }

  /** The exception to surface for {@code e}; records it when it is fatal. */
  StoreException translate(String what, SQLException e) {
    if (isFatal(e)) {
      stop(what + ": " + e.getMessage());
      return new StoreUnavailableException("storage failure: " + what, e);
    }
    if (isUnavailable(e)) {
      if (!isBusy(e)) {
        unreachable = true;
      }
      return new StoreUnavailableException("the database is unavailable: " + what, e);
    }
    return new StoreException(what, e);
  }

  boolean isFatal(SQLException e) {
    if (dialect != Dialect.SQLITE) {
      // PostgreSQL itself stops on an fsync failure (data_sync_retry = off); the gateway sees a
      // lost connection and retries once the server is back.
      return false;
    }
    int primary = e.getErrorCode() & 0xff;
    return primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CORRUPT
        || primary == SQLITE_NOTADB;
  }

  static boolean isUnavailable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P")
              || s.getSQLState().equals("53300"))) {
        return true;
      }
    }
    return isBusy(e);
  }

  /** SQLite: busy (5) or locked (6) beyond the busy timeout; another process holds the write lock. */
  private static boolean isBusy(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    return e.getSQLState() == null && (primary == 5 || primary == 6);
  }
}
