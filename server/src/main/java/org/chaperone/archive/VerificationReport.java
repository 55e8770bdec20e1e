package org.chaperone.archive;

import java.util.List;
import java.util.Map;

/**
 * What {@link ArchiveVerifier} found.
 *
 * @param entries log entries read
 * @param checkpoints checkpoints checked
 * @param messages message rows checked against their entries
 * @param uncovered entries after the last checkpoint (not yet covered by a signature)
 * @param findings the failed checks, in the order found (at most {@link #MAX_FINDINGS})
 * @param suppressed failed checks beyond the limit, per check
 */
public record VerificationReport(long entries, long checkpoints, long messages, long uncovered,
    List<Finding> findings, Map<Check, Long> suppressed) {

  public static final int MAX_FINDINGS = 1000;

  public VerificationReport {
    findings = List.copyOf(findings);
    suppressed = Map.copyOf(suppressed);
  }

  /** True when every check passed. */
  public boolean ok() {
    return findings.isEmpty();
  }

  /** The checks that failed at least once. */
  public java.util.Set<Check> failedChecks() {
    java.util.Set<Check> failed = java.util.EnumSet.noneOf(Check.class);
    findings.forEach(f -> failed.add(f.check()));
    failed.addAll(suppressed.keySet());
    return failed;
  }

  /** One failed check. {@code where} names the entry, checkpoint, node or message concerned. */
  public record Finding(Check check, String where, String description) {
    @Override
    public String toString() {
      return check.label() + ": " + where + ": " + description;
    }
  }

  /** The checks, named as the CLI prints them. */
  public enum Check {
    /** The log head's size agrees with the rows of the log. */
    LOG_HEAD("log-head"),
    /** Leaf indexes run 0, 1, 2, ... without gaps. */
    LEAF_SEQUENCE("leaf-sequence"),
    /** Each stored leaf hash is SHA-256(0x00 || payload). */
    LEAF_HASH("leaf-hash"),
    /** Each payload is a canonical entry whose fields match the row's columns. */
    ENTRY_COLUMNS("entry-columns"),
    /** Stored subtree hashes match the tree recomputed from the payloads. */
    TREE_NODES("tree-nodes"),
    /** Each checkpoint note is well formed, signed by a trusted key and matches its row. */
    CHECKPOINT_SIGNATURE("checkpoint-signature"),
    /** The tree recomputed from the payloads has each checkpoint's root at its size. */
    CHECKPOINT_ROOT("checkpoint-root"),
    /** Consecutive checkpoints are consistent (RFC 6962 proof) and in time order. */
    CHECKPOINT_CONSISTENCY("checkpoint-consistency"),
    /** Message rows match the archive entries that recorded them, and none is missing. */
    MESSAGE_ROWS("message-rows"),
    /**
     * Each entry whose content was disposed of is listed, with its stored leaf hash, by the
     * {@code record.disposed} entry its tombstone names; each listed entry was disposed of.
     */
    DISPOSITIONS("dispositions");

    private final String label;

    Check(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
