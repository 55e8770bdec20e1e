package org.chaperone.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.Checkpoint;
import org.chaperone.archive.TreeNode;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageVersion;
import org.chaperone.domain.Person;
import org.chaperone.policy.RecordKind;
import org.chaperone.records.AppliedRetention;
import org.chaperone.records.LegalHold;
import org.chaperone.records.RecordQuery;
import org.chaperone.records.RecordsRequest;

/**
 * Queries over the archive: log entries, stored subtree hashes, checkpoints and records search.
 * A facet of its own (rather than more {@link StoreReader} methods) because it serves records
 * officers and the verifier, and may later be pointed at a read replica.
 *
 * <p>Reads committed data. Thread-safe.
 */
public interface ArchiveReader {

  /**
   * The log's size as three numbers read in one snapshot: the head's tree size, the number of
   * entries, and one past the greatest leaf index. They agree unless rows were removed or added
   * behind the store's back.
   */
  LogCounts logCounts();

  /** See {@link #logCounts()}. */
  record LogCounts(long headSize, long entryCount, long nextIndex) {}

  /** Entries with {@code fromIndex <= index < toIndex}, ascending, at most {@code limit}. */
  List<ArchiveEntry> entries(long fromIndex, long toIndex, int limit);

  /** One entry. */
  Optional<ArchiveEntry> entry(long index);

  /**
   * The stored leaf hashes of entries {@code [fromIndex, toIndex)}, ascending; fewer than asked
   * only when rows are missing.
   */
  List<byte[]> leafHashes(long fromIndex, long toIndex);

  /** A stored subtree hash. */
  Optional<byte[]> treeNode(int level, long index);

  /** How many subtrees of {@code level} are stored (they are stored left to right). */
  long treeNodeCount(int level);

  /** Stored subtree hashes after {@code (level, index)} in (level, index) order. */
  List<TreeNode> treeNodesAfter(int level, long index, int limit);

  /** The checkpoint with the greatest tree size. */
  Optional<Checkpoint> latestCheckpoint();

  /** The checkpoint of a tree size. */
  Optional<Checkpoint> checkpoint(long treeSize);

  /** Checkpoints with tree sizes above {@code afterTreeSize}, ascending. */
  List<Checkpoint> checkpoints(long afterTreeSize, int limit);

  /**
   * Messages after {@code (afterArchiveIndex, afterId)} in (archive index, id) order: with
   * {@code (-1, 0)}, from the first.
   */
  List<Message> messagesByArchiveIndex(long afterArchiveIndex, long afterId, int limit);

  /** Message versions written by edits, in archive-index order, after {@code afterArchiveIndex}. */
  List<MessageVersion> messageVersionsByArchiveIndex(long afterArchiveIndex, int limit);

  /**
   * Entries matching {@code query} with indexes below {@code beforeIndex}, newest (greatest
   * index) first.
   */
  List<ArchiveEntry> search(RecordQuery query, long beforeIndex, int limit);

  /** A records request. */
  Optional<RecordsRequest> recordsRequest(long id);

  /**
   * Records requests with ids below {@code beforeId}, newest first; only those in {@code state}
   * unless it is null.
   */
  List<RecordsRequest> recordsRequests(RecordsRequest.State state, long beforeId, int limit);

  /**
   * People of the directory with ids after {@code afterId}, in id order, removed ones included:
   * records name people who have since left the roster, and redaction must still know them.
   */
  List<Person> directoryPeople(String afterId, int limit);

  /** Guardian links after {@code (afterGuardianId, afterStudentId)}, in that order. */
  List<GuardianLink> guardianLinks(String afterGuardianId, String afterStudentId, int limit);

  /** A legal hold. */
  Optional<LegalHold> legalHold(long id);

  /**
   * Legal holds with ids below {@code beforeId}, newest first; only active ({@code true}) or only
   * released ({@code false}) ones unless {@code active} is null.
   */
  List<LegalHold> legalHolds(Boolean active, long beforeId, int limit);

  /** The retention schedules last applied, by kind. */
  Map<RecordKind, AppliedRetention> retentionSchedules();

  /** Every event type the log holds. */
  List<String> eventTypes();

  /**
   * Entries past retention: whose content is still in the log, of the event types of
   * {@code cutoffs}, recorded before their type's cutoff, with indexes above {@code afterIndex};
   * ascending, at most {@code limit}.
   */
  List<ArchiveEntry> retentionCandidates(Map<String, Instant> cutoffs, long afterIndex, int limit);

  /** Which of {@code indexes} the query matches. */
  Set<Long> matching(RecordQuery query, Collection<Long> indexes);

  /** The indexes of the entries whose subject is {@code subject}, ascending. */
  List<Long> indexesWithSubject(String subject);

  /** The entries at {@code indexes} (those that exist), ascending. */
  List<ArchiveEntry> entriesAt(Collection<Long> indexes);

  /**
   * True when a message of {@code channelId} recorded before entry {@code beforeIndex} still
   * holds its content (its creating entry was not disposed of).
   */
  boolean channelHasRetainedMessages(String channelId, long beforeIndex);
}
