package org.chaperone.archive;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tree heads, inclusion proofs and consistency proofs of an RFC 6962 Merkle tree (§2.1, §2.1.1,
 * §2.1.2), computed over a source of perfect-subtree hashes.
 *
 * <p>Every node of an RFC 6962 tree of {@code n} leaves is either a perfect subtree (2^h leaves
 * starting at a multiple of 2^h) or the right edge of one, which splits again into perfect
 * subtrees. So any hash the algorithms need is a fold over at most log2(n) perfect subtrees, and a
 * proof touches O(log^2 n) of them at most (O(log n) for the usual case of a source that stores
 * the upper levels): the cost depends on the {@link Subtrees} source, which decides what is
 * stored and what is recomputed from leaves.
 *
 * <p>Thread-safe if the source is.
 */
public final class MerkleTree {

  /** Hashes of perfect subtrees. */
  @FunctionalInterface
  public interface Subtrees {
    /**
     * The hash of the perfect subtree of height {@code level} whose leaves are {@code
     * [index << level, (index + 1) << level)}; level 0 is a leaf hash. Only called for subtrees
     * inside the tree size being worked on.
     */
    byte[] hash(int level, long index);
  }

  private static final byte[] EMPTY_ROOT = sha256().digest();

  private final Subtrees subtrees;

  public MerkleTree(Subtrees subtrees) {
    this.subtrees = Objects.requireNonNull(subtrees, "subtrees");
  }

  /** MTH({}): the root of the empty tree, SHA-256 of the empty string. */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }

  /** The tree head: MTH(D[0:size]). */
  public byte[] root(long size) {
    requireNonNegative(size, "size");
    return size == 0 ? emptyRoot() : hash(0, size);
  }

  /**
   * MTH(D[start:end]) per RFC 6962 §2.1: split at the largest power of two smaller than the
   * range's size, until the parts are perfect subtrees.
   */
  public byte[] hash(long start, long end) {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("empty or negative range [" + start + ", " + end + ")");
    }
    long size = end - start;
    if (Long.bitCount(size) == 1 && start % size == 0) {
      return subtrees.hash(Long.numberOfTrailingZeros(size), start / size);
    }
    long k = splitPoint(size);
    return LogHashes.nodeHash(hash(start, start + k), hash(start + k, end));
  }

  /**
   * PATH(m, D[0:size]) (RFC 6962 §2.1.1): the audit path of leaf {@code index}, the sibling
   * nearest the leaf first.
   */
  public List<byte[]> inclusionProof(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
    }
    List<byte[]> proof = new ArrayList<>();
    path(index, 0, size, proof);
    return proof;
  }

  private void path(long m, long start, long end, List<byte[]> out) {
    if (end - start == 1) {
      return;
    }
    long k = splitPoint(end - start);
    if (m < start + k) {
      path(m, start, start + k, out);
      out.add(hash(start + k, end));
    } else {
      path(m, start + k, end, out);
      out.add(hash(start, start + k));
    }
  }

  /**
   * PROOF(first, D[0:second]) (RFC 6962 §2.1.2): proves that the tree of {@code first} leaves is
   * a prefix of the tree of {@code second} leaves. Empty when {@code first} is 0 or equals
   * {@code second}.
   */
  public List<byte[]> consistencyProof(long first, long second) {
    if (first < 0 || second < first) {
      throw new IllegalArgumentException("no consistency proof from size " + first + " to " + second);
    }
    List<byte[]> proof = new ArrayList<>();
    if (first > 0 && first < second) {
      subproof(first, 0, second, true, proof);
    }
    return proof;
  }

  private void subproof(long m, long start, long end, boolean whole, List<byte[]> out) {
    long n = end - start;
    if (m == n) {
      if (!whole) {
        out.add(hash(start, end));
      }
      return;
    }
    long k = splitPoint(n);
    if (m <= k) {
      subproof(m, start, start + k, whole, out);
      out.add(hash(start + k, end));
    } else {
      subproof(m - k, start + k, end, false, out);
      out.add(hash(start, start + k));
    }
  }

  /** The largest power of two smaller than {@code n} (n >= 2). */
  static long splitPoint(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static void requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " is negative: " + value);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
