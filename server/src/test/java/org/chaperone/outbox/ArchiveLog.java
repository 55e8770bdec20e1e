package org.chaperone.outbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads archive entries straight from a gateway's embedded store, for assertions. */
final class ArchiveLog {
  private ArchiveLog() {}

  /** An archive entry: its type, subject and canonical JSON. */
  record Entry(String type, String subject, String json) {}

  static List<Entry> entries(Path dataDir, String typePrefix) {
    try (Connection c = DriverManager.getConnection(
            "jdbc:sqlite:" + dataDir.resolve("chaperone.db").toAbsolutePath());
        PreparedStatement ps = c.prepareStatement("SELECT event_type, subject, payload FROM"
            + " archive_log WHERE event_type LIKE ? ORDER BY leaf_index")) {
      ps.setString(1, typePrefix + "%");
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Entry(rs.getString(1), rs.getString(2),
              new String(rs.getBytes(3), StandardCharsets.UTF_8)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
