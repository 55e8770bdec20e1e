package org.chaperone.archive;

import java.util.ArrayList;
import java.util.List;

/**
 * Computes the RFC 6962 tree head of a log read from its first leaf onwards, in one pass: it keeps
 * only the roots of the perfect subtrees that make up the leaves seen so far (at most 64), so
 * memory is O(log n) and each leaf costs amortised two hashes.
 *
 * <p>Not thread-safe.
 */
public final class CompactRange {

  /** Told about every perfect subtree (of height 1 or more) as soon as it is complete. */
  @FunctionalInterface
  public interface SubtreeListener {
    void completed(int level, long index, byte[] hash);
  }

  private final List<byte[]> roots = new ArrayList<>();
  private final SubtreeListener listener;
  private long size;

  public CompactRange() {
    this((level, index, hash) -> {});
  }

  public CompactRange(SubtreeListener listener) {
    this.listener = listener;
  }

  /** Appends the next leaf, by its leaf hash. */
  public void append(byte[] leafHash) {
    byte[] hash = leafHash;
    long index = size;
    int level = 0;
    // Each 1 bit at the bottom of the leaf's index is a left sibling waiting for it.
    while ((index & 1) == 1) {
      hash = LogHashes.nodeHash(roots.removeLast(), hash);
      index >>= 1;
      level++;
      listener.completed(level, index, hash);
    }
    roots.add(hash);
    size++;
  }

  /** The number of leaves appended. */
  public long size() {
    return size;
  }

  /** MTH of the leaves appended so far: the perfect subtrees folded from the right. */
  public byte[] root() {
    if (roots.isEmpty()) {
      return MerkleTree.emptyRoot();
    }
    byte[] r = roots.getLast();
    for (int i = roots.size() - 2; i >= 0; i--) {
      r = LogHashes.nodeHash(roots.get(i), r);
    }
    return r;
  }
}
