package org.chaperone.archive;

/**
 * A stored perfect subtree of the archive's Merkle tree: the hash of the {@code 2^level} leaves
 * starting at {@code index << level}.
 */
public record TreeNode(int level, long index, byte[] hash) {
  public TreeNode {
    if (level < 0 || level > 62 || index < 0 || hash.length != 32) {
      throw new IllegalArgumentException("bad tree node (" + level + ", " + index + ")");
    }
    hash = hash.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }
}
