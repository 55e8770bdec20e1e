package org.chaperone.archive;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A signed tree head of the archive: at {@code time}, the log held {@code treeSize} entries whose
 * RFC 6962 root is {@code rootHash}. {@code note} is the whole signed note (see {@link
 * CheckpointNote}); the other fields repeat what it says, for queries.
 *
 * @param treeSize the number of entries covered
 * @param rootHash MTH of those entries (32 bytes)
 * @param time when the gateway signed it
 * @param keyId the signing key's id (8 hex digits, as in the note's signature line)
 * @param note the signed note text: origin, size, root and time lines, a blank line, signature
 */
public record Checkpoint(long treeSize, byte[] rootHash, Instant time, String keyId, String note) {
  public Checkpoint {
    if (treeSize < 0) {
      throw new IllegalArgumentException("negative tree size");
    }
    Objects.requireNonNull(rootHash, "rootHash");
    if (rootHash.length != 32) {
      throw new IllegalArgumentException("a root hash has 32 bytes");
    }
    rootHash = rootHash.clone();
    time = time.truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(note, "note");
  }

  /** The note's first line: the log's origin. */
  public String origin() {
    int end = note.indexOf('\n');
    return end < 0 ? note : note.substring(0, end);
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }
}
