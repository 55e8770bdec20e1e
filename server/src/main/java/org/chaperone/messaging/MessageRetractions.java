package org.chaperone.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.DeliveryKind;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageState;
import org.chaperone.domain.RequestRejected;
import org.chaperone.domain.Role;
import org.chaperone.store.Store;

/**
 * Retracts a message: the use case behind {@code RetractMessage}. A retraction hides the message
 * from its recipients (they see it without its text) but not from the archive (law 5): every
 * version stays, and the retraction itself is archived ({@code message.retracted}, naming who and
 * why). Its sender may retract it; so may an administrator of the channel's school, calling
 * directly and giving a reason. A held message that is retracted is never released.
 *
 * <p>Thread-safe.
 */
public final class MessageRetractions {
  private static final int MAX_REASON = 1_000;

  private final Store store;
  private final DeliveryHub hub;
  private final Clock clock;

  public MessageRetractions(Store store, DeliveryHub hub, Clock clock) {
    this.store = store;
    this.hub = hub;
    this.clock = clock;
  }

  /** Retracts message {@code messageId} of {@code channelId}; returns it as its recipients now see it. */
  public Message retract(Caller caller, String channelId, long messageId, String reason) {
    String why = reason == null ? "" : reason.strip();
    if (why.length() > MAX_REASON) {
      throw RequestRejected.invalidField("reason", "at most " + MAX_REASON + " characters");
    }
    Channel channel = store.reader().channel(channelId)
        .orElseThrow(() -> ChannelAccess.notFound(channelId));
    ChannelAccess.requireIntegrationScope(caller, channel);
    // Oversight of a school is a person's act, never an integration's.
    boolean schoolAdministrator = caller.role() == Role.ADMINISTRATOR && !caller.viaIntegration()
        && caller.person().schoolIds().contains(channel.schoolId());
    boolean member = store.reader().member(channelId, caller.personId()).isPresent();
    if (!member && !schoolAdministrator) {
      throw new RequestRejected(ErrorReason.NOT_A_MEMBER,
          "you are not a member of channels/" + channelId);
    }
    return store.write(tx -> {
      Message m = tx.message(messageId)
          .filter(found -> found.channelId().equals(channelId))
          .filter(found -> schoolAdministrator || found.state() == MessageState.DELIVERED
              || found.senderId().equals(caller.personId()))
          .orElseThrow(() -> MessageEdits.notFound(channelId, messageId));
      boolean sender = m.senderId().equals(caller.personId());
      if (!sender && !schoolAdministrator) {
        throw new RequestRejected(ErrorReason.NOT_MESSAGE_SENDER, "only its sender or an"
            + " administrator of the school may retract " + MessageEdits.name(m));
      }
      if (!sender && why.isEmpty()) {
        throw RequestRejected.invalidField("reason",
            "is required when an administrator retracts someone else's message");
      }
      if (m.retracted()) {
        throw new RequestRejected(ErrorReason.MESSAGE_RETRACTED,
            MessageEdits.name(m) + " was already retracted");
      }
      Instant now = clock.instant();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("retracted_by", caller.personId());
      details.put("reason", why);
      details.put("integration", caller.integrationId());
      tx.append(new ArchiveEvent("message.retracted", caller.personId(), MessageEdits.name(m), now,
          details));
      tx.retract(m.id(), caller.personId(), now);
      Message retracted = m.withRetraction(caller.personId(), now);
      if (retracted.state() == MessageState.DELIVERED) {
        List<String> recipients = MessageEdits.recipients(tx.members(channelId), retracted);
        long deliveryId = tx.nextMessageId(now);
        tx.deliverChange(retracted, recipients, deliveryId, DeliveryKind.RETRACTED);
        tx.afterCommit(() -> hub.committed(retracted, deliveryId, recipients, DeliveryKind.RETRACTED));
      }
      return retracted.asSeenByMembers();
    });
  }
}
