package org.chaperone.archive;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;
import org.chaperone.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads the archive's signed checkpoints: the use case behind {@code GetCheckpoint}, the
 * gateway's periodic checkpoint and {@code chaperone archive checkpoint}.
 *
 * <p>Before signing a new tree head the gateway proves it consistent with the latest checkpoint
 * (an RFC 6962 consistency proof over the stored tree, verified like any client would): it never
 * signs a history that contradicts one it signed before. If the stored log was changed behind its
 * back, signing stops with {@link ErrorReason#ARCHIVE_INCONSISTENT} and an error in the log, until
 * an operator investigates with {@code chaperone archive verify}.
 *
 * <p>Thread-safe; one checkpoint is signed at a time per gateway, and gateways sharing a database
 * agree on one checkpoint per tree size.
 */
public final class ArchiveCheckpoints {
  private static final Logger log = LoggerFactory.getLogger(ArchiveCheckpoints.class);

  private final Store store;
  private final ArchiveTree tree;
  private final ArchiveSigner signer;
  private final Clock clock;

  public ArchiveCheckpoints(Store store, ArchiveTree tree, ArchiveSigner signer, Clock clock) {
    this.store = store;
    this.tree = tree;
    this.signer = signer;
    this.clock = clock;
  }

  /** The key checkpoints are signed with. */
  public ArchivePublicKey publicKey() {
    return signer.publicKey();
  }

  public ArchiveTree tree() {
    return tree;
  }

  /**
   * A checkpoint of the whole log as committed now: the latest one when the log has not grown
   * since, otherwise a new one, signed and stored.
   */
  public synchronized Checkpoint current() {
    long size = store.reader().archiveSize();
    Optional<Checkpoint> latest = store.archive().latestCheckpoint();
    if (latest.isPresent() && latest.get().treeSize() == size) {
      return latest.get();
    }
    tree.catchUp();
    byte[] root = tree.root(size);
    Instant now = clock.instant();
    if (latest.isPresent()) {
      Checkpoint previous = latest.get();
      requireConsistent(previous, size, root);
      // Checkpoint times never go backwards, even if the clock does.
      if (now.isBefore(previous.time())) {
        now = previous.time();
      }
    }
    Checkpoint signed = signer.sign(size, root, now);
    boolean inserted = store.write(tx -> tx.archive().insertCheckpoint(signed));
    if (!inserted) {
      // Another gateway on the same database signed this size first; its checkpoint stands.
      return store.archive().checkpoint(size).orElse(signed);
    }
    log.debug("Signed archive checkpoint at size {}", size);
    return signed;
  }

  /** The stored checkpoint of a tree size. */
  public Optional<Checkpoint> atSize(long treeSize) {
    return store.archive().checkpoint(treeSize);
  }

  /** Writes a checkpoint if the log grew; for the periodic task, which must not throw. */
  public void writeIfGrown() {
    try {
      current();
    } catch (RuntimeException e) {
      log.error("Could not write the periodic archive checkpoint", e);
    }
  }

  private void requireConsistent(Checkpoint previous, long size, byte[] root) {
    boolean consistent;
    String detail;
    if (previous.treeSize() > size) {
      consistent = false;
      detail = "the log holds " + size + " entries, fewer than the " + previous.treeSize()
          + " of the checkpoint signed at " + previous.time();
    } else {
      List<byte[]> proof = tree.consistencyProof(previous.treeSize(), size);
      consistent = MerkleProofs.verifyConsistency(previous.treeSize(), size,
          previous.rootHash(), root, proof);
      detail = "the first " + previous.treeSize() + " entries no longer hash to the root signed at "
          + previous.time();
    }
    if (!consistent) {
      log.error("ARCHIVE INTEGRITY: refusing to sign a checkpoint at size {}: {}. Run `chaperone"
          + " archive verify`.", size, detail);
      throw new RequestRejected(ErrorReason.ARCHIVE_INCONSISTENT,
          "the archive no longer matches its last signed checkpoint; no new checkpoint was signed",
          List.of(), Map.of("checkpoint_tree_size", Long.toString(previous.treeSize())));
    }
  }
}
