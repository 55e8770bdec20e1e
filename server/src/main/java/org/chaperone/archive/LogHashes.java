package org.chaperone.archive;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashes of the archive's Merkle tree, exactly as RFC 6962 §2.1 defines them:
 * a leaf is {@code SHA-256(0x00 || entry)}, an interior node {@code SHA-256(0x01 || left || right)}.
 * The distinct prefixes keep a leaf from ever being passed off as a node.
 */
public final class LogHashes {
  private LogHashes() {}

  /** The RFC 6962 leaf hash of an entry. */
  public static byte[] leafHash(byte[] entry) {
    MessageDigest sha = sha256();
    sha.update((byte) 0x00);
    return sha.digest(entry);
  }

  /** The RFC 6962 hash of an interior node. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest sha = sha256();
    sha.update((byte) 0x01);
    sha.update(left);
    return sha.digest(right);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
