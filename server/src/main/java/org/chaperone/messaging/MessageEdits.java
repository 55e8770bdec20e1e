package org.chaperone.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.DeliveryKind;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageState;
import org.chaperone.domain.MessageVersion;
import org.chaperone.domain.RequestRejected;
import org.chaperone.outbox.GuardianCopies;
import org.chaperone.policy.content.ContentDecision;
import org.chaperone.store.Store;
import org.chaperone.store.StoreTransaction;
import org.chaperone.supervision.SupervisionDecision;

/**
 * Edits a message: the use case behind {@code UpdateMessage} (board policy P003-correct-quickly).
 * Only the sender edits, in a channel they may still post in; the edit is judged like a send
 * (same text limits, same supervision of the channel's current members) and every version is kept
 * (law 5). In one transaction: the {@code message.edited} entry, the new version, one inbox row
 * per recipient (an EDITED event for their streams) and the guardians' email copies of the new
 * text. An edit supervision refuses — or, for a message already delivered, one that would reach
 * students during quiet hours — is archived as {@code message.refused} and reaches nobody; so is
 * one whose new text the content policy would hold or block (an edit does not wait for review:
 * the sender learns every violation, {@code POLICY_VIOLATION}). Messages held for review, rejected
 * or blocked cannot be edited.
 * A message still held for quiet hours just gets its new text, which its release delivers.
 *
 * <p>Thread-safe.
 */
public final class MessageEdits {
  private final Store store;
  private final DeliveryHub hub;
  private final Clock clock;
  private final MessageSubmission submission;
  private final GuardianCopies copies;

  public MessageEdits(Store store, DeliveryHub hub, Clock clock, MessageSubmission submission,
      GuardianCopies copies) {
    this.store = store;
    this.hub = hub;
    this.clock = clock;
    this.submission = submission;
    this.copies = copies;
  }

  /** Replaces the text of message {@code messageId} of {@code channelId} with {@code text}. */
  public Message edit(Caller caller, String channelId, long messageId, String text) {
    submission.checkText(text);
    submission.checkPostable(caller, channelId);
    MessageSubmission.Submission draft = new MessageSubmission.Submission(channelId, text, "", false);
    ContentScreening.Screen screen = submission.contentScreen();
    Outcome outcome = store.write(tx -> {
      Message current = editable(caller, tx, channelId, messageId);
      if (current.text().equals(text)) {
        return new Outcome(current, null); // Nothing changes: a retried edit is not a new version.
      }
      List<ChannelMember> members = tx.members(channelId);
      Instant now = clock.instant();
      SupervisionDecision decision = submission.decide(caller, draft, members, now);
      boolean wouldHoldDelivered = decision.outcome() == SupervisionDecision.Outcome.HOLD
          && current.state() == MessageState.DELIVERED;
      if (decision.outcome() == SupervisionDecision.Outcome.REFUSE || wouldHoldDelivered) {
        Map<String, Object> details = MessageSubmission.details(caller, draft, List.of(), decision);
        details.put("edit_of_version", current.version());
        tx.append(new ArchiveEvent("message.refused", caller.personId(), name(current), now, details));
        return new Outcome(null, wouldHoldDelivered ? quietHours(decision) : MessageSubmission.refusal(decision));
      }
      ContentVerdict content = screen.evaluate(caller, text, current.attachments(), members, now);
      if (content.decision().outcome() != ContentDecision.Outcome.ALLOW) {
        Map<String, Object> details = MessageSubmission.details(caller, draft, List.of(), decision);
        details.put("edit_of_version", current.version());
        details.put("content_decision", content.toMap());
        tx.append(new ArchiveEvent("message.refused", caller.personId(), name(current), now, details));
        return new Outcome(null, content.rejection());
      }
      return new Outcome(write(tx, caller, current, text, members, content, now), null);
    });
    if (outcome.refusal() != null) {
      throw outcome.refusal();
    }
    return outcome.message();
  }

  private record Outcome(Message message, RequestRejected refusal) {}

  private Message write(StoreTransaction tx, Caller caller, Message current, String text,
      List<ChannelMember> members, ContentVerdict content, Instant now) {
    int version = current.version() + 1;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("text", text);
    details.put("version", version);
    details.put("previous_version", current.version());
    details.put("editor", caller.personId());
    details.put("integration", caller.integrationId());
    details.put("content_decision", content.toMap());
    long index = tx.append(new ArchiveEvent("message.edited", caller.personId(), name(current),
        now, details));
    tx.addVersion(new MessageVersion(current.id(), version, text, caller.personId(), now, index));
    Message edited = current.withVersion(text, version, now);
    if (edited.state() == MessageState.DELIVERED) {
      List<String> recipients = recipients(members, edited);
      long deliveryId = tx.nextMessageId(now);
      tx.deliverChange(edited, recipients, deliveryId, DeliveryKind.EDITED);
      // Guardians who read by email must see what students now see (law 1).
      copies.enqueue(tx, edited, recipients);
      tx.afterCommit(() -> hub.committed(edited, deliveryId, recipients, DeliveryKind.EDITED));
    }
    return edited;
  }

  /** The message if {@code caller} may edit it now; read in the transaction that edits it. */
  private static Message editable(Caller caller, StoreTransaction tx, String channelId, long messageId) {
    Message m = tx.message(messageId)
        .filter(found -> found.channelId().equals(channelId))
        // A held message is visible to its sender only.
        .filter(found -> found.state() == MessageState.DELIVERED
            || found.senderId().equals(caller.personId()))
        .orElseThrow(() -> notFound(channelId, messageId));
    if (!m.senderId().equals(caller.personId())) {
      throw new RequestRejected(ErrorReason.NOT_MESSAGE_SENDER,
          "only its sender may edit " + name(m));
    }
    if (m.retracted()) {
      throw new RequestRejected(ErrorReason.MESSAGE_RETRACTED,
          name(m) + " was retracted and can no longer be edited");
    }
    if (m.state() != MessageState.DELIVERED && m.state() != MessageState.HELD) {
      throw new RequestRejected(ErrorReason.MESSAGE_NOT_EDITABLE, name(m) + " is " + m.state()
          + " under the district's content policy and cannot be edited; send a new message");
    }
    return m;
  }

  private static RequestRejected quietHours(SupervisionDecision d) {
    return new RequestRejected(ErrorReason.QUIET_HOURS, "the edit would reach students during"
        + " quiet hours (P000-time-place-manner); edit the message after " + d.holdUntil(),
        List.of(), Map.of("hold_until", d.holdUntil().toString(), "policy_version", d.policyVersion()));
  }

  /** Everyone in the channel now but the sender: who are told about a change to a delivered message. */
  static List<String> recipients(List<ChannelMember> members, Message m) {
    return members.stream().map(ChannelMember::personId)
        .filter(id -> !id.equals(m.senderId())).toList();
  }

  static RequestRejected notFound(String channelId, long messageId) {
    return new RequestRejected(ErrorReason.MESSAGE_NOT_FOUND,
        "channels/" + channelId + "/messages/" + messageId + " does not exist");
  }

  static String name(Message m) {
    return "channels/" + m.channelId() + "/messages/" + m.id();
  }
}
