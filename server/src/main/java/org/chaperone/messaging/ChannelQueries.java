package org.chaperone.messaging;

import java.time.Clock;
import java.util.List;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.store.Store;
import org.chaperone.store.StoreReader;

/** Lists channels and their members for the people in them. Thread-safe. */
public final class ChannelQueries {
  private final StoreReader reader;
  private final ChannelAccess access;

  public ChannelQueries(Store store, Clock clock) {
    this.reader = store.reader();
    this.access = new ChannelAccess(store, clock);
  }

  /** A channel the caller belongs to. */
  public Channel get(Caller caller, String channelId) {
    return access.readable(caller, channelId);
  }

  /** The caller's open channels, ordered by id, after {@code afterId}. */
  public List<Channel> mine(Caller caller, String afterId, int limit) {
    return reader.channelsOf(caller.personId(), afterId, limit);
  }

  /**
   * A channel's members, observers included, ordered by person id, after {@code afterPersonId}:
   * for members, and (with a recorded reason) for administrators of the channel's school.
   */
  public List<ChannelMember> members(Caller caller, String channelId, String afterPersonId, int limit,
      String oversightReason) {
    access.read(caller, channelId, oversightReason, "member list");
    return reader.members(channelId, afterPersonId, limit);
  }
}
