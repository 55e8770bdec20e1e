package org.chaperone.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Message;
import org.chaperone.domain.RequestRejected;
import org.chaperone.outbox.GuardianCopies;
import org.chaperone.store.Store;
import org.chaperone.supervision.SupervisionRule;

/**
 * Sends a message: the use case behind {@code CreateMessage}.
 *
 * <ol>
 *   <li>the caller must be a member allowed to post in an open channel;
 *   <li>in one store transaction: a repeated request id returns the original message; the
 *       supervision rule is checked against the channel's current members; the message, its
 *       recipients (every member but the sender), its archive entry and its email copies
 *       (the outbox rows of {@link GuardianCopies}) are written;
 *   <li>only after the commit are subscribers woken and the mailer sends the copies.
 * </ol>
 *
 * <p>Thread-safe.
 */
public final class MessageSubmission {
  private final Store store;
  private final DeliveryHub hub;
  private final ChannelAccess access;
  private final Clock clock;
  private final int maxTextBytes;
  private final GuardianCopies copies;

  public MessageSubmission(Store store, DeliveryHub hub, Clock clock, int maxTextBytes,
      GuardianCopies copies) {
    this.store = store;
    this.hub = hub;
    this.access = new ChannelAccess(store.reader());
    this.clock = clock;
    this.maxTextBytes = maxTextBytes;
    this.copies = copies;
  }

  /** Sends {@code text} from {@code caller} into {@code channelId}. */
  public Message submit(Caller caller, String channelId, String text, String requestId) {
    if (text.isBlank()) {
      throw RequestRejected.invalidField("message.text", "must not be empty");
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxTextBytes) {
      throw new RequestRejected(ErrorReason.TEXT_TOO_LONG,
          "message.text is " + bytes + " bytes; the limit is " + maxTextBytes,
          List.of(new org.chaperone.domain.FieldViolation("message.text",
              "at most " + maxTextBytes + " bytes of UTF-8")),
          Map.of("limit_bytes", Integer.toString(maxTextBytes)));
    }
    Channel channel = access.readable(caller, channelId);
    ChannelMember me = access.membership(caller, channel);
    if (!me.canPost()) {
      throw new RequestRejected(ErrorReason.POSTING_NOT_ALLOWED,
          "you can read channels/" + channelId + " but not post in it");
    }
    if (!channel.active()) {
      throw new RequestRejected(ErrorReason.CHANNEL_CLOSED,
          "channels/" + channelId + " is closed: its class is no longer on the roster");
    }
    return store.write(tx -> {
      if (!requestId.isEmpty()) {
        Optional<Message> earlier = tx.messageByRequestId(caller.personId(), requestId);
        if (earlier.isPresent()) {
          return sameRequest(earlier.get(), channelId, text);
        }
      }
      // Members are read inside the transaction: supervision is judged on the membership the
      // message is actually delivered to.
      List<ChannelMember> members = tx.members(channelId);
      SupervisionRule.Verdict verdict = SupervisionRule.check(caller.personId(), members);
      if (!verdict.allowed()) {
        throw new RequestRejected(ErrorReason.SUPERVISOR_REQUIRED,
            "nothing was sent: no guardian or second staff member supervises "
                + String.join(", ", verdict.unsupervisedStudents().stream().map(s -> "people/" + s).toList())
                + " in channels/" + channelId + " (board policies P003-copy, P000-one-to-one)",
            List.of(), Map.of("unsupervised_students", String.join(",", verdict.unsupervisedStudents()),
                "policy", "P003-copy"));
      }
      List<String> recipients = members.stream().map(ChannelMember::personId)
          .filter(id -> !id.equals(caller.personId())).toList();
      Instant now = clock.instant();
      long id = tx.nextMessageId(now);
      long archiveIndex = tx.append(new ArchiveEvent("message.created", caller.personId(),
          "channels/" + channelId + "/messages/" + id, now, Map.of(
              "text", text,
              "sender", caller.personId(),
              "integration", caller.integrationId(),
              "request_id", requestId,
              "recipients", recipients)));
      Message message = new Message(id, channelId, caller.personId(), text, now, requestId,
          recipients.size(), archiveIndex);
      tx.insertMessage(message, recipients);
      copies.enqueue(tx, message, recipients);
      tx.afterCommit(() -> hub.committed(recipients));
      return message;
    });
  }

  private static Message sameRequest(Message earlier, String channelId, String text) {
    if (!earlier.channelId().equals(channelId) || !earlier.text().equals(text)) {
      throw new RequestRejected(ErrorReason.REQUEST_ID_REUSED,
          "request_id " + earlier.requestId() + " was already used for a different message",
          List.of(), Map.of("message", "channels/" + earlier.channelId() + "/messages/" + earlier.id()));
    }
    return earlier;
  }
}
