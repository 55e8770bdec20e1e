package org.chaperone.messaging;

import java.time.Clock;
import java.util.List;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageState;
import org.chaperone.domain.RequestRejected;
import org.chaperone.store.Store;
import org.chaperone.store.StoreReader;

/**
 * Reads messages: members read what was delivered to their channel (and their own held messages),
 * each at its current version, retracted ones without their text; a school administrator may read
 * any conversation of the school after giving a reason (retracted texts included), and the read is
 * recorded. Thread-safe.
 */
public final class MessageReading {
  private final StoreReader reader;
  private final ChannelAccess access;

  public MessageReading(Store store, Clock clock) {
    this.reader = store.reader();
    this.access = new ChannelAccess(store, clock);
  }

  /** One message of a channel. */
  public Message get(Caller caller, String channelId, long messageId, String oversightReason) {
    ChannelAccess.Mode mode = access.read(caller, channelId, oversightReason,
        "message " + messageId);
    return reader.message(messageId)
        .filter(m -> m.channelId().equals(channelId))
        .filter(m -> mode == ChannelAccess.Mode.OVERSIGHT || m.state() == MessageState.DELIVERED
            || m.senderId().equals(caller.personId()))
        .map(m -> mode == ChannelAccess.Mode.OVERSIGHT ? m : m.asSeenByMembers())
        .orElseThrow(() -> new RequestRejected(ErrorReason.MESSAGE_NOT_FOUND,
            "channels/" + channelId + "/messages/" + messageId + " does not exist"));
  }

  /** A page of a channel's messages, newest first, with ids below {@code beforeId}. */
  public List<Message> list(Caller caller, String channelId, long beforeId, int limit, String oversightReason) {
    ChannelAccess.Mode mode = access.read(caller, channelId, oversightReason, "message list");
    if (mode == ChannelAccess.Mode.OVERSIGHT) {
      return reader.messages(channelId, beforeId, limit, "");
    }
    return reader.messages(channelId, beforeId, limit, caller.personId()).stream()
        .map(Message::asSeenByMembers).toList();
  }

  /** Checks that the caller may stream {@code channelId} (empty: their whole inbox). */
  public void checkStreamable(Caller caller, String channelId) {
    if (!channelId.isEmpty()) {
      access.readable(caller, channelId);
    }
  }
}
