package org.chaperone.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema up to date: applies, in order and each in its own transaction, the
 * migration scripts under {@code db/<engine>/} that the {@code schema_migrations} table does not
 * list yet. Scripts are never edited once released; changes come as new versions.
 */
final class SchemaMigrations {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

  /** Every migration, oldest first. Add new versions at the end. */
  static final List<String> VERSIONS = List.of("V1__core.sql", "V2__supervision.sql",
      "V3__archive.sql", "V4__email_outbox.sql", "V6__integrations.sql",
      "V8__records_retention.sql", "V7__content_review.sql");

  private SchemaMigrations() {}

  static void migrate(Connection connection, Dialect dialect) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
          + " version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_time BIGINT NOT NULL)");
      connection.commit();
      int current;
      try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
        rs.next();
        current = rs.getInt(1);
      }
      if (current > VERSIONS.size()) {
        throw new SQLException("the database schema is version " + current
            + ", newer than this gateway understands (" + VERSIONS.size() + "); upgrade the gateway");
      }
      for (int version = current + 1; version <= VERSIONS.size(); version++) {
        String script = VERSIONS.get(version - 1);
        for (String sql : statements(read(dialect.migrationFolder() + script))) {
          st.execute(sql);
        }
        try (PreparedStatement ins = connection.prepareStatement(
            "INSERT INTO schema_migrations (version, script, applied_time) VALUES (?, ?, ?)")) {
          ins.setInt(1, version);
          ins.setString(2, script);
          ins.setLong(3, System.currentTimeMillis() * 1000);
          ins.executeUpdate();
        }
        connection.commit();
        log.info("Applied schema migration {} ({})", script, dialect.engine);
      }
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * Splits a script into statements: a statement ends at a line ending in ';', except inside a
   * PostgreSQL dollar-quoted body. Lines starting with "--" are comments.
   */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inDollarQuote = false;
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (!inDollarQuote && (trimmed.isEmpty() || trimmed.startsWith("--"))) {
        continue;
      }
      current.append(line).append('\n');
      if ((line.split("\\$\\$", -1).length - 1) % 2 == 1) {
        inDollarQuote = !inDollarQuote;
      }
      if (!inDollarQuote && trimmed.endsWith(";")) {
        out.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.isEmpty()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static String read(String resource) {
    try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing migration script " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration script " + resource, e);
    }
  }
}
