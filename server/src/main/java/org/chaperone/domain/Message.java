package org.chaperone.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A message as its readers see it now. Sent messages are records: an edit adds a version (the
 * archive keeps every one), a retraction hides the message from its recipients but not from the
 * archive, and a held message changes state only by its recorded release or review.
 *
 * @param id time-ordered id: a message committed later has a greater id
 * @param channelId the channel
 * @param senderId the authenticated author
 * @param text the current version's text (empty once disposed of under the retention schedule)
 * @param createTime when it was committed
 * @param requestId the sender's idempotency key, or empty
 * @param recipientCount how many people it was (or, held, will be) delivered to
 * @param archiveIndex the index of its archive log entry
 * @param state delivered, held until {@code releaseTime}, pending review, rejected or blocked
 * @param releaseTime when a held message is released; {@link Instant#EPOCH} when not held
 * @param emergency sent during quiet hours under an authorised emergency override
 * @param decision the supervision decision, canonical JSON, as archived
 * @param version the version {@code text} is: 1 as sent, one more per edit
 * @param editTime when the current version was written; {@link Instant#EPOCH} for version 1
 * @param retractTime when the message was retracted; {@link Instant#EPOCH} when it was not
 * @param retractedBy who retracted it (its sender or a school administrator); empty when not
 * @param contentDecision the content policy's decision, canonical JSON, as archived ({@code {}}
 *     for messages sent before the content policy was on the send path)
 * @param attachments what the sender declared about the message's attachments
 * @param review a reviewer's decision, for a message the content policy held for review
 */
public record Message(
    long id,
    String channelId,
    String senderId,
    String text,
    Instant createTime,
    String requestId,
    int recipientCount,
    long archiveIndex,
    MessageState state,
    Instant releaseTime,
    boolean emergency,
    String decision,
    int version,
    Instant editTime,
    Instant retractTime,
    String retractedBy,
    String contentDecision,
    List<Attachment> attachments,
    Review review) {
  public Message {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(text, "text");
    // The store keeps microseconds; so does every copy of a message, so that copies compare equal.
    createTime = createTime.truncatedTo(ChronoUnit.MICROS);
    requestId = Objects.requireNonNullElse(requestId, "");
    Objects.requireNonNull(state, "state");
    releaseTime = Objects.requireNonNullElse(releaseTime, Instant.EPOCH).truncatedTo(ChronoUnit.MICROS);
    decision = Objects.requireNonNullElse(decision, "{}");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
    editTime = Objects.requireNonNullElse(editTime, Instant.EPOCH).truncatedTo(ChronoUnit.MICROS);
    retractTime = Objects.requireNonNullElse(retractTime, Instant.EPOCH).truncatedTo(ChronoUnit.MICROS);
    retractedBy = Objects.requireNonNullElse(retractedBy, "");
    contentDecision = Objects.requireNonNullElse(contentDecision, "{}");
    attachments = List.copyOf(Objects.requireNonNullElse(attachments, List.of()));
    review = Objects.requireNonNullElse(review, Review.NONE);
  }

  /** A message without content decision, attachments or review. */
  public Message(long id, String channelId, String senderId, String text, Instant createTime,
      String requestId, int recipientCount, long archiveIndex, MessageState state,
      Instant releaseTime, boolean emergency, String decision, int version, Instant editTime,
      Instant retractTime, String retractedBy) {
    this(id, channelId, senderId, text, createTime, requestId, recipientCount, archiveIndex, state,
        releaseTime, emergency, decision, version, editTime, retractTime, retractedBy, "{}",
        List.of(), Review.NONE);
  }

  /** A message as sent: version 1, never edited nor retracted, no content decision. */
  public Message(long id, String channelId, String senderId, String text, Instant createTime,
      String requestId, int recipientCount, long archiveIndex, MessageState state,
      Instant releaseTime, boolean emergency, String decision) {
    this(id, channelId, senderId, text, createTime, requestId, recipientCount, archiveIndex, state,
        releaseTime, emergency, decision, 1, Instant.EPOCH, Instant.EPOCH, "");
  }

  /** True once the message was retracted. */
  public boolean retracted() {
    return !retractedBy.isEmpty();
  }

  /** This message with its current version {@code text}, written at {@code editTime}. */
  public Message withVersion(String text, int version, Instant editTime) {
    return new Message(id, channelId, senderId, text, createTime, requestId, recipientCount,
        archiveIndex, state, releaseTime, emergency, decision, version, editTime, retractTime,
        retractedBy, contentDecision, attachments, review);
  }

  /** This message retracted by {@code retractedBy} at {@code time}. */
  public Message withRetraction(String retractedBy, Instant time) {
    return new Message(id, channelId, senderId, text, createTime, requestId, recipientCount,
        archiveIndex, state, releaseTime, emergency, decision, version, editTime, time,
        retractedBy, contentDecision, attachments, review);
  }

  /** This message in state {@code newState} (a held message's release). */
  public Message withState(MessageState newState) {
    return reviewed(newState, review);
  }

  /** This message in {@code newState}, with {@code newReview}. */
  public Message reviewed(MessageState newState, Review newReview) {
    return new Message(id, channelId, senderId, text, createTime, requestId, recipientCount,
        archiveIndex, newState, releaseTime, emergency, decision, version, editTime, retractTime,
        retractedBy, contentDecision, attachments, newReview);
  }

  /** This message, delivered. */
  public Message delivered() {
    return withState(MessageState.DELIVERED);
  }

  /**
   * The message as its channel's members see it: a retracted message without its text (the
   * archive keeps it; administrators reading for oversight see it too).
   */
  public Message asSeenByMembers() {
    return retracted() ? withVersion("", version, editTime) : this;
  }

  /** A message delivered at once. */
  public static Message delivered(long id, String channelId, String senderId, String text,
      Instant createTime, String requestId, int recipientCount, long archiveIndex) {
    return new Message(id, channelId, senderId, text, createTime, requestId, recipientCount,
        archiveIndex, MessageState.DELIVERED, Instant.EPOCH, false, "{}");
  }
}
