package org.chaperone.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs a query on a pooled read connection and maps its rows: the one query loop the store's
 * readers share. Thread-safe.
 */
final class ReadQueries {
  /** Sets a statement's parameters. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Maps the current row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final DataSource reads;
  private final Failures failures;
  private final String what;

  /** @param what names the reader in errors, e.g. "archive query" */
  ReadQueries(DataSource reads, Failures failures, String what) {
    this.reads = reads;
    this.failures = failures;
    this.what = what;
  }

  <T> List<T> list(String sql, Binder binder, RowMapper<T> mapper) {
    try (Connection c = reads.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    } catch (SQLException e) {
      throw failures.translate(what + " failed", e);
    }
  }

  static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }
}
