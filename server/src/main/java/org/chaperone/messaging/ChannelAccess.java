package org.chaperone.messaging;

import java.time.Clock;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;
import org.chaperone.domain.Role;
import org.chaperone.store.Store;
import org.chaperone.store.StoreReader;

/**
 * Who may read a channel: its members (observers included) and, for oversight, the administrators
 * of its school (board policies P000-monitoring, P001-admin-rights) — who must say why, and whose
 * every read is archived before they see anything (law 7). Checked on every call from committed
 * data, never cached, so a roster change takes effect at once.
 */
public final class ChannelAccess {
  private final StoreReader reader;
  private final Store store;
  private final Clock clock;

  /** Access for members only (no oversight reads). */
  public ChannelAccess(StoreReader reader) {
    this(reader, null, null);
  }

  /** Access for members and, with a reason, the school's administrators. */
  public ChannelAccess(Store store, Clock clock) {
    this(store.reader(), store, clock);
  }

  private ChannelAccess(StoreReader reader, Store store, Clock clock) {
    this.reader = reader;
    this.store = store;
    this.clock = clock;
  }

  /** How the caller reads a channel. */
  public enum Mode {
    MEMBER,
    OVERSIGHT
  }

  /** The channel, if {@code caller} is a member; otherwise a rejection. */
  public Channel readable(Caller caller, String channelId) {
    Channel channel = channel(channelId);
    requireIntegrationScope(caller, channel);
    membership(caller, channel);
    return channel;
  }

  /** An integration acts only in channels of the schools it was approved for. */
  public static void requireIntegrationScope(Caller caller, Channel channel) {
    if (caller.viaIntegration() && !caller.integrationSchools().contains(channel.schoolId())) {
      throw new RequestRejected(ErrorReason.INTEGRATION_LIMIT_EXCEEDED, "integrations/"
          + caller.integrationId() + " is not approved for schools/" + channel.schoolId());
    }
  }

  /**
   * Checks that {@code caller} may read {@code channelId}, as a member or, giving
   * {@code oversightReason}, as an administrator of its school; an oversight read is archived
   * (what was read, by whom, why) before this returns.
   */
  public Mode read(Caller caller, String channelId, String oversightReason, String what) {
    Channel channel = channel(channelId);
    requireIntegrationScope(caller, channel);
    if (reader.member(channelId, caller.personId()).isPresent()) {
      return Mode.MEMBER;
    }
    // Oversight is a person's act, never an integration's.
    boolean schoolAdmin = caller.role() == Role.ADMINISTRATOR && !caller.viaIntegration()
        && caller.person().schoolIds().contains(channel.schoolId());
    if (!schoolAdmin || store == null) {
      throw notMember(channelId);
    }
    if (oversightReason.isBlank()) {
      throw new RequestRejected(ErrorReason.OVERSIGHT_REASON_REQUIRED,
          "administrators reading a conversation they are not part of must give oversight_reason;"
              + " the read is recorded (board policy P000-monitoring)",
          java.util.List.of(new org.chaperone.domain.FieldViolation("oversight_reason",
              "required for an administrator's read of channels/" + channelId)), Map.of());
    }
    store.write(tx -> tx.append(new ArchiveEvent("oversight.read", caller.personId(),
        "channels/" + channelId, clock.instant(), Map.of("reason", oversightReason.strip(),
            "what", what, "school", channel.schoolId()))));
    return Mode.OVERSIGHT;
  }

  /** The caller's membership of the channel, or a rejection. */
  public ChannelMember membership(Caller caller, Channel channel) {
    return reader.member(channel.id(), caller.personId()).orElseThrow(() -> notMember(channel.id()));
  }

  private Channel channel(String channelId) {
    return reader.channel(channelId).orElseThrow(() -> notFound(channelId));
  }

  private static RequestRejected notMember(String channelId) {
    return new RequestRejected(ErrorReason.NOT_A_MEMBER, "you are not a member of channels/" + channelId);
  }

  static RequestRejected notFound(String channelId) {
    return new RequestRejected(ErrorReason.CHANNEL_NOT_FOUND, "channels/" + channelId + " does not exist");
  }
}
