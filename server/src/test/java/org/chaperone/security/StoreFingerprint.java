package org.chaperone.security;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything an embedded (SQLite) store holds, reduced to one hash per table, plus the archive
 * entries appended since a given size: what a test compares before and after a call to prove that
 * the call changed nothing (or only appended its own audit event).
 *
 * <p>Each table's hash is the sum of its rows' hashes, so it does not depend on row order.
 */
final class StoreFingerprint {
  /** Tables that only ever grow with the archive; checked through {@link #appendedEventTypes}. */
  private static final Set<String> ARCHIVE_TABLES = Set.of("archive_log", "archive_tree_nodes",
      "log_head", "archive_checkpoints");

  private final Path database;

  StoreFingerprint(Path dataDir) {
    this.database = dataDir.resolve("chaperone.db");
  }

  /** Table name → hash of its rows, every table except the archive's. */
  TreeMap<String, String> tables() {
    TreeMap<String, String> out = new TreeMap<>();
    try (Connection c = connect(); Statement st = c.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String name : names) {
        if (!ARCHIVE_TABLES.contains(name)) {
          out.put(name, hashRows(st, name));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  long archiveSize() {
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT tree_size FROM log_head")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The event types of the archive entries at and after {@code fromIndex}. */
  List<String> appendedEventTypes(long fromIndex) {
    List<String> types = new ArrayList<>();
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT event_type FROM archive_log WHERE leaf_index >= "
            + fromIndex + " ORDER BY leaf_index")) {
      while (rs.next()) {
        types.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return types;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
  }

  private static String hashRows(Statement st, String table) throws SQLException {
    long sum = 0;
    long rows = 0;
    try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        MessageDigest digest = sha256();
        for (int i = 1; i <= columns; i++) {
          byte[] value = rs.getBytes(i);
          digest.update(value == null ? new byte[] {(byte) 0xff} : value);
          digest.update((byte) 0);
        }
        sum += ByteBuffer.wrap(digest.digest()).getLong();
        rows++;
      }
    }
    return rows + ":" + Long.toHexString(sum);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
