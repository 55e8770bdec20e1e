package org.chaperone.directory;

import java.time.Instant;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.ChannelMember;
import org.chaperone.store.StoreTransaction;

/**
 * Applies directory changes inside a transaction and archives every membership change they make
 * (who was added to or removed from which channel, in which role, and why), so supervision
 * changes are part of the record.
 */
public final class DirectoryChangeRecorder {
  private DirectoryChangeRecorder() {}

  /** Applies {@code changes} and appends one archive event per membership change. */
  public static void apply(StoreTransaction tx, DirectoryChanges changes, String actorId,
      String reason, Instant now) {
    tx.apply(changes);
    for (ChannelMember m : changes.membersAdded()) {
      tx.append(event("channel.member_added", actorId, m, reason, now));
    }
    for (ChannelMember m : changes.membersUpdated()) {
      tx.append(event("channel.member_changed", actorId, m, reason, now));
    }
    for (ChannelMember m : changes.membersRemoved()) {
      tx.append(event("channel.member_removed", actorId, m, reason, now));
    }
  }

  private static ArchiveEvent event(String type, String actorId, ChannelMember m, String reason, Instant now) {
    return new ArchiveEvent(type, actorId, "channels/" + m.channelId() + "/members/" + m.personId(),
        now, Map.of("role", m.role().name(), "can_post", m.canPost(),
            "observing_for", m.observingFor(), "reason", reason));
  }
}
