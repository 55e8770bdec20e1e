package org.chaperone.store;

import java.util.List;
import org.chaperone.archive.Checkpoint;
import org.chaperone.archive.TreeNode;
import org.chaperone.records.AppliedRetention;
import org.chaperone.records.LegalHold;
import org.chaperone.records.RecordsRequest;

/** Archive writes inside one store transaction; see {@link StoreTransaction#archive()}. */
public interface ArchiveWriter {

  /** Stores subtree hashes; those already stored are left as they are. */
  void putTreeNodes(List<TreeNode> nodes);

  /** Stores a checkpoint; false when one for its tree size already exists (it is kept). */
  boolean insertCheckpoint(Checkpoint checkpoint);

  /** Stores a new records request (its id is ignored) and returns the id it was given. */
  long insertRecordsRequest(RecordsRequest request);

  /** Closes an open records request; false when it is not open (or does not exist). */
  boolean closeRecordsRequest(long id, java.time.Instant time, String reason);

  /** Stores a new legal hold (its id is ignored) and returns the id it was given. */
  long insertLegalHold(LegalHold hold);

  /** Releases an active legal hold; false when it is not active (or does not exist). */
  boolean releaseLegalHold(long id, java.time.Instant time, String releasedBy, String reason);

  /** Stores the schedule applied for a kind of record, replacing the one before. */
  void saveRetentionSchedule(AppliedRetention applied);
}
