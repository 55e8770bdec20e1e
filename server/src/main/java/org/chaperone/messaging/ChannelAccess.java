package org.chaperone.messaging;

import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;
import org.chaperone.store.StoreReader;

/**
 * Who may read a channel: its members (observers included). Checked on every call from committed
 * data, never cached, so a roster change takes effect at once.
 */
public final class ChannelAccess {
  private final StoreReader reader;

  public ChannelAccess(StoreReader reader) {
    this.reader = reader;
  }

  /** The channel, if {@code caller} may read it; otherwise a rejection. */
  public Channel readable(Caller caller, String channelId) {
    Channel channel = reader.channel(channelId).orElseThrow(() -> notFound(channelId));
    membership(caller, channel);
    return channel;
  }

  /** The caller's membership of the channel, or a rejection. */
  public ChannelMember membership(Caller caller, Channel channel) {
    return reader.member(channel.id(), caller.personId()).orElseThrow(() -> new RequestRejected(
        ErrorReason.NOT_A_MEMBER, "you are not a member of channels/" + channel.id()));
  }

  static RequestRejected notFound(String channelId) {
    return new RequestRejected(ErrorReason.CHANNEL_NOT_FOUND, "channels/" + channelId + " does not exist");
  }
}
