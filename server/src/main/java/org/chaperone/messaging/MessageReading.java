package org.chaperone.messaging;

import java.util.List;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Message;
import org.chaperone.domain.RequestRejected;
import org.chaperone.store.StoreReader;

/** Reads messages for members of their channel. Thread-safe. */
public final class MessageReading {
  private final StoreReader reader;
  private final ChannelAccess access;

  public MessageReading(StoreReader reader) {
    this.reader = reader;
    this.access = new ChannelAccess(reader);
  }

  /** One message of a channel the caller belongs to. */
  public Message get(Caller caller, String channelId, long messageId) {
    access.readable(caller, channelId);
    return reader.message(messageId).filter(m -> m.channelId().equals(channelId))
        .orElseThrow(() -> new RequestRejected(ErrorReason.MESSAGE_NOT_FOUND,
            "channels/" + channelId + "/messages/" + messageId + " does not exist"));
  }

  /** A page of a channel's messages, newest first, with ids below {@code beforeId}. */
  public List<Message> list(Caller caller, String channelId, long beforeId, int limit) {
    access.readable(caller, channelId);
    return reader.messages(channelId, beforeId, limit);
  }

  /** Checks that the caller may stream {@code channelId} (empty: their whole inbox). */
  public void checkStreamable(Caller caller, String channelId) {
    if (!channelId.isEmpty()) {
      access.readable(caller, channelId);
    }
  }
}
