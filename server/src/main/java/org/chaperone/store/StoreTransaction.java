package org.chaperone.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.directory.DirectoryChanges;
import org.chaperone.directory.DirectoryState;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Message;

/**
 * The operations available inside one store transaction. Everything done through one instance
 * commits together or not at all. Not thread-safe: it belongs to the work it was passed to.
 */
public interface StoreTransaction {

  /** The whole active directory with its class channels and members. */
  DirectoryState loadDirectory();

  /** Applies a roster import's changes. */
  void apply(DirectoryChanges changes);

  /** The message {@code senderId} already created with {@code requestId}, if any. */
  Optional<Message> messageByRequestId(String senderId, String requestId);

  /** Every member of a channel. */
  List<ChannelMember> members(String channelId);

  /**
   * Reserves the id for a new message: greater than every id before it and derived from
   * {@code now}, so message ids are both time-ordered and commit-ordered.
   */
  long nextMessageId(Instant now);

  /** Inserts a message (with an id from {@link #nextMessageId}) and one row per recipient. */
  void insertMessage(Message message, List<String> recipientIds);

  /** Appends an event to the archive log and returns its leaf index. */
  long append(ArchiveEvent event);

  /** Archive writes (tree nodes, checkpoints) in this transaction. */
  ArchiveWriter archive();

  /** Runs {@code callback} once the transaction has committed (never if it does not). */
  void afterCommit(Runnable callback);
}
