package org.chaperone.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A message as archived. Sent messages are records: they are never updated in place.
 *
 * @param id time-ordered id: a message committed later has a greater id
 * @param channelId the channel
 * @param senderId the authenticated author
 * @param text the text
 * @param createTime when it was committed
 * @param requestId the sender's idempotency key, or empty
 * @param recipientCount how many people it was delivered to
 * @param archiveIndex the index of its archive log entry
 */
public record Message(
    long id,
    String channelId,
    String senderId,
    String text,
    Instant createTime,
    String requestId,
    int recipientCount,
    long archiveIndex) {
  public Message {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(text, "text");
    // The store keeps microseconds; so does every copy of a message, so that copies compare equal.
    createTime = createTime.truncatedTo(ChronoUnit.MICROS);
    requestId = Objects.requireNonNullElse(requestId, "");
  }
}
