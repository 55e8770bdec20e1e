package org.chaperone.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A message as archived. Sent messages are records: they are never edited in place; a held
 * message changes state only by its recorded release.
 *
 * @param id time-ordered id: a message committed later has a greater id
 * @param channelId the channel
 * @param senderId the authenticated author
 * @param text the text
 * @param createTime when it was committed
 * @param requestId the sender's idempotency key, or empty
 * @param recipientCount how many people it was (or, held, will be) delivered to
 * @param archiveIndex the index of its archive log entry
 * @param state delivered, or held until {@code releaseTime}
 * @param releaseTime when a held message is released; {@link Instant#EPOCH} when not held
 * @param emergency sent during quiet hours under an authorised emergency override
 * @param decision the supervision decision, canonical JSON, as archived
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
    String decision) {
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
  }

  /** A message delivered at once. */
  public static Message delivered(long id, String channelId, String senderId, String text,
      Instant createTime, String requestId, int recipientCount, long archiveIndex) {
    return new Message(id, channelId, senderId, text, createTime, requestId, recipientCount,
        archiveIndex, MessageState.DELIVERED, Instant.EPOCH, false, "{}");
  }
}
