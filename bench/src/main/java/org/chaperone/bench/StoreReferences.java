package org.chaperone.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.chaperone.store.jdbc.JdbcStore;

/**
 * Storage references on the same SQLite file settings as the gateway (WAL, synchronous=FULL):
 * R3, one row committed at a time; R4, the gateway's own rows for one send (the message, one row
 * per recipient, the archive leaf) inserted into the real schema and committed in groups of the
 * writer's batch size.
 */
final class StoreReferences {
  private StoreReferences() {}

  private static Connection open(Path dir) throws SQLException {
    // The real schema, created by the store's own migrations.
    JdbcStore.openSqlite(dir).close();
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chaperone.db"));
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=FULL");
    }
    c.setAutoCommit(false);
    return c;
  }

  /** R3: single-row commits per second. */
  static double singleRowCommits(Path dir, Duration duration) throws SQLException {
    try (Connection c = open(dir);
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO notices (id, kind, person_id, channel_id, body, create_time) VALUES (?, 'r3', 'p', 'c', 'x', 0)")) {
      long end = System.nanoTime() + duration.toNanos();
      long began = System.nanoTime();
      long n = 0;
      while (System.nanoTime() < end) {
        ps.setLong(1, ++n);
        ps.executeUpdate();
        c.commit();
      }
      return n / ((System.nanoTime() - began) / 1e9);
    }
  }

  /** R4: sends' rows per second (message + recipients + archive leaf), committed in groups. */
  static double batchedSends(Path dir, Duration duration, int recipients, int groupSize) throws SQLException {
    try (Connection c = open(dir);
        PreparedStatement message = c.prepareStatement("INSERT INTO messages (id, channel_id, sender_id,"
            + " text, create_time, request_id, recipient_count, archive_index, state, release_time,"
            + " emergency, decision) VALUES (?, 'c', 's', ?, ?, ?, ?, ?, 'DELIVERED', 0, 0, '{}')");
        PreparedStatement recipient = c.prepareStatement("INSERT INTO message_recipients"
            + " (person_id, delivery_id, message_id, channel_id) VALUES (?, ?, ?, 'c')");
        PreparedStatement leaf = c.prepareStatement("INSERT INTO archive_log (leaf_index, event_type,"
            + " actor_id, subject, recorded_time, payload, leaf_hash) VALUES (?, 'message.created', 's', ?, ?, ?, ?)");
        PreparedStatement head = c.prepareStatement("UPDATE log_head SET tree_size = ?, last_message_id = ? WHERE id = 1")) {
      byte[] payload = new byte[400];
      byte[] hash = new byte[32];
      long end = System.nanoTime() + duration.toNanos();
      long began = System.nanoTime();
      long n = 0;
      while (System.nanoTime() < end) {
        for (int g = 0; g < groupSize; g++) {
          long id = ++n;
          message.setLong(1, id);
          message.setString(2, "Reminder: unit 3 quiz on Friday, bring a calculator. #" + id);
          message.setLong(3, System.currentTimeMillis() * 1000);
          message.setString(4, "r-" + id);
          message.setInt(5, recipients);
          message.setLong(6, id);
          message.executeUpdate();
          for (int r = 0; r < recipients; r++) {
            recipient.setString(1, "p-" + r);
            recipient.setLong(2, id);
            recipient.setLong(3, id);
            recipient.addBatch();
          }
          recipient.executeBatch();
          leaf.setLong(1, id);
          leaf.setString(2, "channels/c/messages/" + id);
          leaf.setLong(3, System.currentTimeMillis() * 1000);
          leaf.setBytes(4, payload);
          leaf.setBytes(5, hash);
          leaf.executeUpdate();
          head.setLong(1, id + 1);
          head.setLong(2, id);
          head.executeUpdate();
        }
        c.commit();
      }
      return n / ((System.nanoTime() - began) / 1e9);
    }
  }
}
