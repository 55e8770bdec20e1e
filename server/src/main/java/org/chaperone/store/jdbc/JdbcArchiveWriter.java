package org.chaperone.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.chaperone.archive.CanonicalJson;
import org.chaperone.archive.Checkpoint;
import org.chaperone.archive.TreeNode;
import org.chaperone.records.AppliedRetention;
import org.chaperone.records.LegalHold;
import org.chaperone.records.RecordsRequest;
import org.chaperone.store.ArchiveWriter;

/** {@link ArchiveWriter} on the connection of one {@link JdbcTransaction}. */
final class JdbcArchiveWriter implements ArchiveWriter {
  private final Connection c;

  JdbcArchiveWriter(Connection connection) {
    this.c = connection;
  }

  @Override
  public void putTreeNodes(List<TreeNode> nodes) {
    // ON CONFLICT DO NOTHING: two gateway nodes may store the same (deterministic) subtree.
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO archive_tree_nodes"
        + " (level, node_index, hash) VALUES (?, ?, ?) ON CONFLICT (level, node_index) DO NOTHING")) {
      int pending = 0;
      for (TreeNode node : nodes) {
        ps.setInt(1, node.level());
        ps.setLong(2, node.index());
        ps.setBytes(3, node.hash());
        ps.addBatch();
        if (++pending == 1000) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    } catch (SQLException e) {
      throw new JdbcTransaction.SqlFailure(e);
    }
  }

  @Override
  public long insertRecordsRequest(RecordsRequest r) {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO records_requests (kind, requester,"
        + " subjects, description, received_date, due_date, state, scope, creator_id, create_time,"
        + " close_time, close_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '') RETURNING id")) {
      ps.setString(1, r.kind().name());
      ps.setString(2, r.requester());
      ps.setString(3, Rows.joined(r.subjects()));
      ps.setString(4, r.description());
      ps.setString(5, r.receivedDate().toString());
      ps.setString(6, r.dueDate().toString());
      ps.setString(7, r.state().name());
      ps.setString(8, new String(CanonicalJson.encode(r.scope().describe()), StandardCharsets.UTF_8));
      ps.setString(9, r.creatorId());
      ps.setLong(10, Rows.micros(r.createTime()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new JdbcTransaction.SqlFailure(e);
    }
  }

  @Override
  public boolean closeRecordsRequest(long id, Instant time, String reason) {
    try (PreparedStatement ps = c.prepareStatement("UPDATE records_requests SET state = 'CLOSED',"
        + " close_time = ?, close_reason = ? WHERE id = ? AND state = 'OPEN'")) {
      ps.setLong(1, Rows.micros(time));
      ps.setString(2, reason);
      ps.setLong(3, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new JdbcTransaction.SqlFailure(e);
    }
  }

  @Override
  public long insertLegalHold(LegalHold h) {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO legal_holds (reason, scope,"
        + " creator_id, create_time, release_time, released_by, release_reason)"
        + " VALUES (?, ?, ?, ?, NULL, '', '') RETURNING id")) {
      ps.setString(1, h.reason());
      ps.setString(2, new String(CanonicalJson.encode(h.scope().describe()), StandardCharsets.UTF_8));
      ps.setString(3, h.creatorId());
      ps.setLong(4, Rows.micros(h.createTime()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new JdbcTransaction.SqlFailure(e);
    }
  }

  @Override
  public boolean releaseLegalHold(long id, Instant time, String releasedBy, String reason) {
    try (PreparedStatement ps = c.prepareStatement("UPDATE legal_holds SET release_time = ?,"
        + " released_by = ?, release_reason = ? WHERE id = ? AND release_time IS NULL")) {
      ps.setLong(1, Rows.micros(time));
      ps.setString(2, releasedBy);
      ps.setString(3, reason);
      ps.setLong(4, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new JdbcTransaction.SqlFailure(e);
    }
  }

  @Override
  public void saveRetentionSchedule(AppliedRetention a) {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO retention_schedules (kind, period,"
        + " locked, policy_version, apply_time) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind) DO UPDATE"
        + " SET period = excluded.period, locked = excluded.locked,"
        + " policy_version = excluded.policy_version, apply_time = excluded.apply_time")) {
      ps.setString(1, a.kind().key());
      ps.setString(2, a.schedule().permanent() ? "" : a.schedule().period().toString());
      ps.setInt(3, a.schedule().locked() ? 1 : 0);
      ps.setString(4, a.policyVersion());
      ps.setLong(5, Rows.micros(a.applyTime()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new JdbcTransaction.SqlFailure(e);
    }
  }

  @Override
  public boolean insertCheckpoint(Checkpoint checkpoint) {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO archive_checkpoints"
        + " (tree_size, root_hash, signed_time, key_id, note) VALUES (?, ?, ?, ?, ?)"
        + " ON CONFLICT (tree_size) DO NOTHING")) {
      ps.setLong(1, checkpoint.treeSize());
      ps.setBytes(2, checkpoint.rootHash());
      ps.setLong(3, Rows.micros(checkpoint.time()));
      ps.setString(4, checkpoint.keyId());
      ps.setString(5, checkpoint.note());
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new JdbcTransaction.SqlFailure(e);
    }
  }
}
