package org.chaperone.messaging;

import java.util.List;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.store.StoreReader;

/** Lists channels and their members for the people in them. Thread-safe. */
public final class ChannelQueries {
  private final StoreReader reader;
  private final ChannelAccess access;

  public ChannelQueries(StoreReader reader) {
    this.reader = reader;
    this.access = new ChannelAccess(reader);
  }

  /** A channel the caller belongs to. */
  public Channel get(Caller caller, String channelId) {
    return access.readable(caller, channelId);
  }

  /** The caller's open channels, ordered by id, after {@code afterId}. */
  public List<Channel> mine(Caller caller, String afterId, int limit) {
    return reader.channelsOf(caller.personId(), afterId, limit);
  }

  /** A channel's members, observers included, ordered by person id, after {@code afterPersonId}. */
  public List<ChannelMember> members(Caller caller, String channelId, String afterPersonId, int limit) {
    access.readable(caller, channelId);
    return reader.members(channelId, afterPersonId, limit);
  }
}
