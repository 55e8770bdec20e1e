package org.chaperone.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer connection's prepared statements, compiled once and reused for every transaction.
 * Why: the sqlite-jdbc driver compiles SQL on every {@code prepareStatement}, and a send runs a
 * dozen statements; reusing them is most of the difference between the gateway's send path and a
 * raw batched insert. Belongs to the single writer thread; not thread-safe.
 */
final class StatementCache implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  StatementCache(Connection connection) {
    this.connection = connection;
  }

  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    } else {
      ps.clearParameters();
    }
    return ps;
  }

  @Override
  public void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // The connection is being discarded.
      }
    }
    statements.clear();
  }
}
