package org.chaperone.archive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaperone.store.ArchiveReader;
import org.chaperone.store.Store;
import org.chaperone.store.StoreException;

/**
 * The archive log's RFC 6962 Merkle tree: tree heads, inclusion proofs and consistency proofs for
 * any size up to the log's, computed from the stored leaf hashes and stored upper subtrees.
 *
 * <p>Cost. The hashes of perfect subtrees of {@code 2^storedLevel} leaves and above (by default
 * 256 leaves: about one stored hash per 128 entries) are kept in {@code archive_tree_nodes};
 * {@link #catchUp()} adds those the log has completed since, reading each leaf hash once. With
 * them, a tree head or a proof needs O(log n) stored-node reads plus the leaf hashes of at most
 * two 256-leaf blocks (where the proof's low levels fall) and about 2·256 hashes, whatever the
 * log's size. Subtrees not stored yet are recomputed from their children, so answers are correct
 * (only slower) before a catch-up.
 *
 * <p>Stored subtrees are derived data, never trusted for the record: {@link ArchiveVerifier}
 * recomputes them, and a client verifies every proof against a signed checkpoint.
 *
 * <p>Thread-safe.
 */
public final class ArchiveTree {
  /** The lowest level whose subtree hashes are stored: subtrees of 256 leaves. */
  public static final int STORED_LEVEL = 8;
  private static final int CATCH_UP_BLOCKS = 64;

  private final Store store;
  private final ArchiveReader reader;
  private final int storedLevel;
  private final Object catchUpLock = new Object();
  // Blocks (level storedLevel subtrees) known to be stored, left to right; -1 until read.
  private volatile long storedBlocks = -1;

  public ArchiveTree(Store store) {
    this(store, STORED_LEVEL);
  }

  /** A tree storing subtrees from {@code storedLevel} up (tests use small levels). */
  public ArchiveTree(Store store, int storedLevel) {
    if (storedLevel < 1 || storedLevel > 30) {
      throw new IllegalArgumentException("stored level must be within 1..30");
    }
    this.store = store;
    this.reader = store.archive();
    this.storedLevel = storedLevel;
  }

  public int storedLevel() {
    return storedLevel;
  }

  /** MTH of the first {@code size} entries. */
  public byte[] root(long size) {
    return new MerkleTree(new Source(size)).root(size);
  }

  /** The audit path of entry {@code index} in the tree of {@code size} entries. */
  public List<byte[]> inclusionProof(long index, long size) {
    return new MerkleTree(new Source(size)).inclusionProof(index, size);
  }

  /** The consistency proof from the tree of {@code first} entries to that of {@code second}. */
  public List<byte[]> consistencyProof(long first, long second) {
    return new MerkleTree(new Source(second)).consistencyProof(first, second);
  }

  /**
   * Stores the hashes of every perfect subtree of {@code 2^storedLevel} leaves or more that the
   * log has completed and that is not stored yet, in batches of 64 blocks (one write each).
   *
   * @return the number of subtree hashes stored
   */
  public long catchUp() {
    synchronized (catchUpLock) {
      long complete = store.reader().archiveSize() >> storedLevel;
      long stored = Math.max(knownStoredBlocks(), reader.treeNodeCount(storedLevel));
      long written = 0;
      while (stored < complete) {
        long end = Math.min(complete, stored + CATCH_UP_BLOCKS);
        List<TreeNode> nodes = completedBetween(stored, end);
        store.write(tx -> {
          tx.archive().putTreeNodes(nodes);
          return null;
        });
        written += nodes.size();
        stored = end;
        storedBlocks = end;
      }
      storedBlocks = Math.max(storedBlocks, stored);
      return written;
    }
  }

  /** The subtrees completed by blocks [from, to): the blocks themselves and their ancestors. */
  private List<TreeNode> completedBetween(long from, long to) {
    long firstLeaf = from << storedLevel;
    long endLeaf = to << storedLevel;
    List<byte[]> leaves = reader.leafHashes(firstLeaf, endLeaf);
    if (leaves.size() != endLeaf - firstLeaf) {
      throw new StoreException("the archive log is missing entries in [" + firstLeaf + ", "
          + endLeaf + "); run `chaperone archive verify`", null);
    }
    Map<Long, byte[]> fresh = new HashMap<>();
    List<TreeNode> nodes = new ArrayList<>();
    int blockSize = 1 << storedLevel;
    for (long b = from; b < to; b++) {
      int offset = (int) ((b - from) << storedLevel);
      byte[] hash = perfect(leaves, offset, blockSize);
      fresh.put(key(storedLevel, b), hash);
      nodes.add(new TreeNode(storedLevel, b, hash));
    }
    Source older = new Source(endLeaf);
    for (int level = storedLevel + 1; ; level++) {
      long lo = from >> (level - storedLevel);
      long hi = to >> (level - storedLevel);
      if (lo >= hi) {
        break;
      }
      for (long j = lo; j < hi; j++) {
        byte[] left = fresh.get(key(level - 1, 2 * j));
        byte[] right = fresh.get(key(level - 1, 2 * j + 1));
        byte[] hash = LogHashes.nodeHash(
            left != null ? left : older.hash(level - 1, 2 * j),
            right != null ? right : older.hash(level - 1, 2 * j + 1));
        fresh.put(key(level, j), hash);
        nodes.add(new TreeNode(level, j, hash));
      }
    }
    return nodes;
  }

  private long knownStoredBlocks() {
    long known = storedBlocks;
    if (known < 0) {
      known = reader.treeNodeCount(storedLevel);
      storedBlocks = known;
    }
    return known;
  }

  private static long key(int level, long index) {
    return ((long) level << 56) | index;
  }

  /** MTH of {@code count} (a power of two) leaf hashes starting at {@code offset}. */
  private static byte[] perfect(List<byte[]> leaves, int offset, int count) {
    if (count == 1) {
      return leaves.get(offset);
    }
    int half = count / 2;
    return LogHashes.nodeHash(perfect(leaves, offset, half), perfect(leaves, offset + half, half));
  }

  /**
   * Perfect-subtree hashes for one computation over the tree of {@code size} leaves: stored
   * subtrees from the store, lower ones from the leaves of their block (each block read once).
   */
  private final class Source implements MerkleTree.Subtrees {
    private final long size;
    private final long stored = knownStoredBlocks();
    private final Map<Long, List<byte[]>> blocks = new HashMap<>();

    Source(long size) {
      this.size = size;
    }

    @Override
    public byte[] hash(int level, long index) {
      if (((index + 1) << level) > size) {
        throw new IllegalArgumentException("subtree (" + level + ", " + index
            + ") is outside the tree of size " + size);
      }
      if (level >= storedLevel) {
        if (((index + 1) << (level - storedLevel)) <= stored) {
          Optional<byte[]> node = reader.treeNode(level, index);
          if (node.isPresent()) {
            return node.get();
          }
        }
        return LogHashes.nodeHash(hash(level - 1, 2 * index), hash(level - 1, 2 * index + 1));
      }
      long firstLeaf = index << level;
      long block = firstLeaf >> storedLevel;
      List<byte[]> leaves = blocks.computeIfAbsent(block, this::readBlock);
      return perfect(leaves, (int) (firstLeaf - (block << storedLevel)), 1 << level);
    }

    private List<byte[]> readBlock(long block) {
      long from = block << storedLevel;
      long to = Math.min(size, (block + 1) << storedLevel);
      List<byte[]> leaves = reader.leafHashes(from, to);
      if (leaves.size() != to - from) {
        throw new StoreException("the archive log is missing entries in [" + from + ", " + to
            + "); run `chaperone archive verify`", null);
      }
      return leaves;
    }
  }
}
