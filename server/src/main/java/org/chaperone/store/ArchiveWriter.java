package org.chaperone.store;

import java.util.List;
import org.chaperone.archive.Checkpoint;
import org.chaperone.archive.TreeNode;

/** Archive writes inside one store transaction; see {@link StoreTransaction#archive()}. */
public interface ArchiveWriter {

  /** Stores subtree hashes; those already stored are left as they are. */
  void putTreeNodes(List<TreeNode> nodes);

  /** Stores a checkpoint; false when one for its tree size already exists (it is kept). */
  boolean insertCheckpoint(Checkpoint checkpoint);
}
