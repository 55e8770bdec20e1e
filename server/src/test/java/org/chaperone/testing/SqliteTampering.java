package org.chaperone.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * An attacker with write access to an embedded store's file: drops the append-only triggers, as
 * they could, and changes rows directly. For tests that {@code archive verify} detects it.
 */
public final class SqliteTampering {
  private SqliteTampering() {}

  /** SQL run on the store's file. */
  @FunctionalInterface
  public interface Attack {
    void run(Connection c) throws Exception;
  }

  /** Runs {@code attack} on the store in {@code dataDir} (closed), without its append-only triggers. */
  public static void attack(Path dataDir, Attack attack) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("chaperone.db"));
        Statement st = c.createStatement()) {
      for (String trigger : List.of("archive_log_no_update", "archive_log_no_delete",
          "archive_checkpoints_no_update", "archive_checkpoints_no_delete")) {
        st.execute("DROP TRIGGER " + trigger);
      }
      attack.run(c);
    }
  }

  /** Runs one statement with {@code params}. */
  public static void exec(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
    }
  }

  /** A column of one archive entry, e.g. its payload or leaf hash. */
  public static byte[] entryColumn(Connection c, String column, long index) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + column + " FROM archive_log WHERE leaf_index = ?")) {
      ps.setLong(1, index);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }
}
