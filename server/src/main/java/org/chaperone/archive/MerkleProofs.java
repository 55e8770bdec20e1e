package org.chaperone.archive;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies RFC 6962 inclusion and consistency proofs, with the verification algorithms of RFC 9162
 * §2.1.3.2 and §2.1.4.2 (which verify RFC 6962 proofs unchanged). Pure functions of their
 * arguments: the verifier trusts nothing the prover sent but the proof hashes, and rejects proofs
 * that are too short, too long, reordered or altered, and sizes that do not fit.
 *
 * <p>Thread-safe (stateless).
 */
public final class MerkleProofs {
  private MerkleProofs() {}

  /**
   * True when {@code proof} shows that the leaf with hash {@code leafHash} is leaf {@code index}
   * of the tree of {@code size} leaves whose root is {@code root}.
   */
  public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> proof,
      byte[] root) {
    if (index < 0 || size <= 0 || index >= size || !wellFormed(leafHash) || !wellFormed(root)
        || !allWellFormed(proof)) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return false; // the proof is longer than the path
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = LogHashes.nodeHash(p, r);
        if ((fn & 1) == 0) {
          // fn == sn: the right edge; skip the levels where this node has no right sibling.
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = LogHashes.nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /**
   * True when {@code proof} shows that the tree of {@code first} leaves with root {@code firstRoot}
   * is a prefix of the tree of {@code second} leaves with root {@code secondRoot}. A tree is
   * consistent with itself (empty proof, equal roots) and every tree extends the empty tree
   * (empty proof).
   */
  public static boolean verifyConsistency(long first, long second, byte[] firstRoot,
      byte[] secondRoot, List<byte[]> proof) {
    if (first < 0 || second < first || !wellFormed(firstRoot) || !wellFormed(secondRoot)
        || !allWellFormed(proof)) {
      return false;
    }
    if (first == second) {
      return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
    }
    if (first == 0) {
      return proof.isEmpty() && MessageDigest.isEqual(firstRoot, MerkleTree.emptyRoot());
    }
    if (proof.isEmpty()) {
      return false;
    }
    int next = 0;
    byte[] seed;
    if (Long.bitCount(first) == 1) {
      // The old tree is a perfect subtree of the new one: the proof starts above it.
      seed = firstRoot;
    } else {
      seed = proof.get(next++);
    }
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = seed;
    byte[] sr = seed;
    for (; next < proof.size(); next++) {
      byte[] c = proof.get(next);
      if (sn == 0) {
        return false; // the proof is longer than the path
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = LogHashes.nodeHash(c, fr);
        sr = LogHashes.nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = LogHashes.nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
  }

  private static boolean wellFormed(byte[] hash) {
    return hash != null && hash.length == 32;
  }

  private static boolean allWellFormed(List<byte[]> proof) {
    if (proof == null) {
      return false;
    }
    for (byte[] p : proof) {
      if (!wellFormed(p)) {
        return false;
      }
    }
    return true;
  }
}
