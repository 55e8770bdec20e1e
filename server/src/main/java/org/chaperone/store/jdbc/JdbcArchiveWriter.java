package org.chaperone.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.chaperone.archive.Checkpoint;
import org.chaperone.archive.TreeNode;
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
