package org.chaperone.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.directory.DirectoryChanges;
import org.chaperone.directory.DirectoryState;
import java.util.Map;
import org.chaperone.domain.ApprovalRequest;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.ChannelState;
import org.chaperone.domain.Integration;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Notice;
import org.chaperone.domain.PersonFlags;
import org.chaperone.domain.DeliveryKind;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageVersion;
import org.chaperone.domain.MessageState;
import org.chaperone.domain.Review;

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

  /**
   * Inserts a message (with an id from {@link #nextMessageId}); when it is delivered, also one
   * row per recipient. A held message gets its recipients on {@link #release}.
   */
  void insertMessage(Message message, List<String> recipientIds);

  /**
   * Marks a held message delivered and delivers it to {@code recipientIds}, at a fresh position
   * ({@code deliveryId}, from {@link #nextMessageId}) of their inboxes, so streams that already
   * passed the message's own id still receive it.
   */
  void release(Message message, List<String> recipientIds, long deliveryId);

  /** A message, as readers see it now (current version). */
  Optional<Message> message(long id);

  /**
   * Stores a new version of a message and makes it the message's current one. The version must
   * be one more than the message's current version.
   */
  void addVersion(MessageVersion version);

  /** Marks a message retracted by {@code retractedBy} at {@code time}. */
  void retract(long messageId, String retractedBy, Instant time);

  /**
   * Tells {@code recipientIds} about a change to a message they received (an edit, a retraction)
   * at a fresh position ({@code deliveryId}, from {@link #nextMessageId}) of their inboxes.
   */
  void deliverChange(Message message, List<String> recipientIds, long deliveryId, DeliveryKind kind);

  /**
   * Records a reviewer's decision on a message pending review: its new state and the review.
   * Returns false, changing nothing, when the message is not (or no longer) pending review, so
   * that a message is decided once however many reviewers answer at the same time.
   */
  boolean review(long messageId, MessageState newState, Review review);

  /** Held messages (not retracted) whose release time has come, oldest first. */
  List<Message> dueHeldMessages(Instant now, int limit);

  /** Creates a group or direct channel with its chosen participants (supervisors are derived). */
  void createChannel(Channel channel, Map<String, MemberRole> participants);

  /** Changes a channel's state (e.g. open on approval); its membership is re-derived separately. */
  void setChannelState(String channelId, ChannelState state);

  /** Removes a chosen participant of a group or direct channel. */
  void removeParticipant(String channelId, String personId);

  /** Records the district's flags for people (the override file), replacing earlier ones. */
  void upsertFlags(Map<String, PersonFlags> flags);

  /** Stores a new approval request or an answer to one. */
  void saveApproval(ApprovalRequest request);

  /** An approval request, read for update. */
  Optional<ApprovalRequest> approval(String id);

  /** Stores a new integration or its changed approval state. */
  void saveIntegration(Integration integration);

  /** The integration an approval request decides. */
  Optional<Integration> integrationByApproval(String approvalId);

  /** Records a notice owed to a person and returns its id. */
  long addNotice(Notice notice);

  /**
   * The legal holds and open records requests that block dispositions now ({@code legalHolds/{id}},
   * {@code recordsRequests/{id}}), read after taking the log's write lock, so that none can appear
   * before this transaction commits.
   */
  java.util.Set<String> activeRecordHolds();

  /** Which of {@code indexes} still hold their content, read under the log's write lock. */
  java.util.Set<Long> undisposed(java.util.Collection<Long> indexes);

  /**
   * Disposes of the content of {@code entries}: appends {@code disposition} (the
   * {@code record.disposed} event listing them), replaces each entry's payload by its
   * {@link org.chaperone.archive.Tombstone} naming the disposition (the leaf hash stays), and
   * empties the texts kept with them (message and version rows, their full-text index, email
   * copies of disposed messages). Returns the disposition's leaf index.
   *
   * @throws IllegalStateException when an entry was already disposed of
   */
  long dispose(ArchiveEvent disposition, List<org.chaperone.archive.ArchiveEntry> entries);

  /** Appends an event to the archive log and returns its leaf index. */
  long append(ArchiveEvent event);

  /** Archive writes (tree nodes, checkpoints) in this transaction. */
  ArchiveWriter archive();

  /** Runs {@code callback} once the transaction has committed (never if it does not). */
  void afterCommit(Runnable callback);

  /** The email outbox, in this transaction. */
  OutboxTransaction outbox();
}
