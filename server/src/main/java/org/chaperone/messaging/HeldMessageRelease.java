package org.chaperone.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Message;
import org.chaperone.outbox.GuardianCopies;
import org.chaperone.store.Store;
import org.chaperone.store.StoreTransaction;

/**
 * Releases messages held for quiet hours once their release time has come: in one transaction per
 * batch, each is delivered to the channel's members at that time, at a fresh position of their
 * inboxes, its email copies are queued, and the release is archived. The gateway runs it every few seconds.
 * A reviewer's release of a message the content policy held goes through the same
 * {@link #deliver} step.
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
          announcements.add(deliver(tx, m, now, "system:quiet-hours",
              Map.of("held_until", m.releaseTime().toString())));
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

  /**
   * Delivers the held message {@code m} in {@code tx}, at {@code now}, exactly like a fresh send:
   * to the channel's current members but the sender, at a fresh position of their inboxes, with
   * its email copies queued, and archives the release ({@code message.released} by
   * {@code actorId}, with the recipients and {@code details}). Returns what to run after the
   * commit: waking the recipients' streams.
   */
  Runnable deliver(StoreTransaction tx, Message m, Instant now, String actorId,
      Map<String, Object> details) {
    List<String> recipients = tx.members(m.channelId()).stream().map(ChannelMember::personId)
        .filter(id -> !id.equals(m.senderId())).toList();
    long deliveryId = tx.nextMessageId(now);
    Map<String, Object> recorded = new LinkedHashMap<>(details);
    recorded.put("recipients", recipients);
    tx.append(new ArchiveEvent("message.released", actorId,
        "channels/" + m.channelId() + "/messages/" + m.id(), now, recorded));
    tx.release(m, recipients, deliveryId);
    Message delivered = m.delivered();
    copies.enqueue(tx, delivered, recipients);
    return () -> hub.committed(delivered, deliveryId, recipients);
  }
}
