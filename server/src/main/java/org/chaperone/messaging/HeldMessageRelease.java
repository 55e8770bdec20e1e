package org.chaperone.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageState;
import org.chaperone.outbox.GuardianCopies;
import org.chaperone.store.Store;

/**
 * Releases messages held for quiet hours once their release time has come: in one transaction per
 * batch, each is delivered to the channel's members at that time, at a fresh position of their
 * inboxes, its email copies are queued, and the release is archived. The gateway runs it every few seconds.
 */
public final class HeldMessageRelease {
  private static final int BATCH = 200;

  private final Store store;
  private final DeliveryHub hub;
  private final Clock clock;
  private final GuardianCopies copies;

  public HeldMessageRelease(Store store, DeliveryHub hub, Clock clock, GuardianCopies copies) {
    this.store = store;
    this.hub = hub;
    this.clock = clock;
    this.copies = copies;
  }

  /** Releases every due message; returns how many. */
  public int releaseDue() {
    int total = 0;
    while (true) {
      int released = store.write(tx -> {
        Instant now = clock.instant();
        List<Message> due = tx.dueHeldMessages(now, BATCH);
        List<Runnable> announcements = new ArrayList<>();
        for (Message m : due) {
          List<String> recipients = tx.members(m.channelId()).stream().map(ChannelMember::personId)
              .filter(id -> !id.equals(m.senderId())).toList();
          long deliveryId = tx.nextMessageId(now);
          tx.append(new ArchiveEvent("message.released", "system:quiet-hours",
              "channels/" + m.channelId() + "/messages/" + m.id(), now,
              Map.of("recipients", recipients, "held_until", m.releaseTime().toString())));
          tx.release(m, recipients, deliveryId);
          Message delivered = m.withState(MessageState.DELIVERED);
          copies.enqueue(tx, delivered, recipients);
          announcements.add(() -> hub.committed(delivered, deliveryId, recipients));
        }
        tx.afterCommit(() -> announcements.forEach(Runnable::run));
        return due.size();
      });
      total += released;
      if (released < BATCH) {
        return total;
      }
    }
  }
}
