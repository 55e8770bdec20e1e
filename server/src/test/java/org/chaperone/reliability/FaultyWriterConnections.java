package org.chaperone.reliability;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import org.chaperone.store.jdbc.JdbcStore;

/**
 * Wraps the store writer's connections so that a test can make commits fail the way a failing
 * disk makes SQLite fail: {@code SQLITE_IOERR_FSYNC} (extended code 1034) on {@code commit()},
 * with nothing committed.
 */
final class FaultyWriterConnections implements JdbcStore.WriterConnections {
  /** SQLite's extended result code for a failed fsync (primary code SQLITE_IOERR, 10). */
  static final int SQLITE_IOERR_FSYNC = 1034;

  private volatile boolean failCommits;
  private volatile int failedCommits;

  /** From now on, every commit fails with an fsync error (and commits nothing). */
  void failCommits(boolean fail) {
    this.failCommits = fail;
  }

  int failedCommits() {
    return failedCommits;
  }

  @Override
  public Connection wrap(Connection real) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("commit") && failCommits) {
            failedCommits++;
            throw new SQLException("[SQLITE_IOERR_FSYNC] I/O error within xSync (injected)", null,
                SQLITE_IOERR_FSYNC);
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
