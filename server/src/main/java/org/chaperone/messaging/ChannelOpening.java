package org.chaperone.messaging;

import java.time.Instant;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.directory.DirectoryChangeRecorder;
import org.chaperone.directory.DirectoryChanges;
import org.chaperone.directory.RosterBundle;
import org.chaperone.directory.RosterDiff;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Notice;
import org.chaperone.outbox.EmailOutbox;
import org.chaperone.policy.SupervisionPolicy;
import org.chaperone.store.StoreTransaction;

/**
 * Opens a channel inside a transaction: derives its members (participants plus the supervisors
 * the policy requires), archives them, and tells every guardian observer the channel's purpose
 * (board policy P003-notify-parents): the notice is recorded and queued for the mailer in the
 * same transaction.
 */
final class ChannelOpening {
  private ChannelOpening() {}

  static void open(StoreTransaction tx, Channel channel, String actorId, SupervisionPolicy policy,
      Instant now, EmailOutbox mail) {
    DirectoryChanges changes = RosterDiff.between(tx.loadDirectory(), RosterBundle.noChanges(), policy, now);
    DirectoryChangeRecorder.apply(tx, changes, actorId, "channel opened", now);
    for (ChannelMember m : changes.membersAdded()) {
      if (m.channelId().equals(channel.id()) && m.role().isSupervisor()) {
        String body = "A new conversation that includes your student is open in Chaperone: \""
            + channel.displayName() + "\". Purpose: " + channel.purpose()
            + ". You will receive a copy of every message (district policy P003-notify-parents).";
        long noticeId = tx.addNotice(new Notice(0, "channel.purpose", m.personId(), channel.id(), body, now));
        mail.enqueueNotice(tx, new org.chaperone.outbox.Notice(m.personId(), "channel.purpose",
            "channels/" + channel.id(), "A new supervised conversation: " + channel.displayName(), body));
        tx.append(new ArchiveEvent("notice.channel_purpose", actorId,
            "channels/" + channel.id() + "/members/" + m.personId(), now,
            Map.of("notice", noticeId, "purpose", channel.purpose(), "for_students", m.observingFor())));
      }
    }
  }
}
