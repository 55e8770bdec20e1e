package org.chaperone.records;

import java.util.List;
import org.chaperone.archive.ArchiveCheckpoints;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchiveTree;
import org.chaperone.archive.Checkpoint;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;
import org.chaperone.store.Store;

/**
 * Checkpoints and Merkle proofs for records officers and administrators: the use case behind
 * {@code GetCheckpoint}, {@code GetInclusionProof} and {@code GetConsistencyProof}. Proofs are
 * computed for any tree size up to the committed log's, so a client can link any checkpoint it
 * holds to any later one.
 *
 * <p>Thread-safe.
 */
public final class ArchiveProofs {
  private final Store store;
  private final ArchiveCheckpoints checkpoints;
  private final ArchiveTree tree;
  private final RecordsAccess access;

  public ArchiveProofs(Store store, ArchiveCheckpoints checkpoints, RecordsAccess access) {
    this.store = store;
    this.checkpoints = checkpoints;
    this.tree = checkpoints.tree();
    this.access = access;
  }

  /** An inclusion proof: the leaf hash and its audit path. */
  public record InclusionProof(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> hashes) {}

  /** A consistency proof between two tree sizes. */
  public record ConsistencyProof(long firstTreeSize, long secondTreeSize, List<byte[]> hashes) {}

  /** A checkpoint of the whole log now ({@code treeSize} 0), or the stored one of a size. */
  public Checkpoint checkpoint(Caller caller, long treeSize) {
    access.requireRecordsOfficerOrAdministrator(caller);
    if (treeSize == 0) {
      return checkpoints.current();
    }
    return checkpoints.atSize(treeSize).orElseThrow(() -> new RequestRejected(
        ErrorReason.CHECKPOINT_NOT_FOUND, "no checkpoint was signed at tree size " + treeSize));
  }

  /** The proof that entry {@code leafIndex} is in the tree of {@code treeSize} entries. */
  public InclusionProof inclusionProof(Caller caller, long leafIndex, long treeSize) {
    access.requireRecordsOfficerOrAdministrator(caller);
    requireWithinLog("tree_size", treeSize);
    if (leafIndex >= treeSize) {
      throw RequestRejected.invalidField("leaf_index",
          "must be below tree_size (" + treeSize + ")");
    }
    ArchiveEntry entry = store.archive().entry(leafIndex).orElseThrow(() -> new RequestRejected(
        ErrorReason.RECORD_NOT_FOUND, "records/" + leafIndex + " is not in the archive"));
    tree.catchUp();
    return new InclusionProof(leafIndex, treeSize, entry.leafHash(),
        tree.inclusionProof(leafIndex, treeSize));
  }

  /** The proof that the tree of {@code first} entries is a prefix of that of {@code second}. */
  public ConsistencyProof consistencyProof(Caller caller, long first, long second) {
    access.requireRecordsOfficerOrAdministrator(caller);
    requireWithinLog("second_tree_size", second);
    if (first > second) {
      throw RequestRejected.invalidField("first_tree_size",
          "must not exceed second_tree_size (" + second + ")");
    }
    tree.catchUp();
    return new ConsistencyProof(first, second, tree.consistencyProof(first, second));
  }

  private void requireWithinLog(String field, long size) {
    long logSize = store.reader().archiveSize();
    if (size > logSize) {
      throw RequestRejected.invalidField(field,
          "exceeds the archive's size (" + logSize + " entries)");
    }
  }
}
