package org.chaperone.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.ChannelState;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.FieldViolation;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageState;
import org.chaperone.domain.RequestRejected;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.outbox.GuardianCopies;
import org.chaperone.store.Store;
import org.chaperone.store.StoreTransaction;
import org.chaperone.supervision.Draft;
import org.chaperone.supervision.Supervision;
import org.chaperone.supervision.SupervisionDecision;

/**
 * Sends a message: the use case behind {@code CreateMessage} (and, without writing, behind the
 * dry run {@code EvaluateMessage}).
 *
 * <ol>
 *   <li>the caller must be a member allowed to post in an open channel;
 *   <li>in one store transaction: a repeated request id returns the original message; supervision
 *       decides on the channel's current members, the policy and the time; the message, its
 *       decision, its recipients (every member but the sender), its archive entry and its email
 *       copies (the outbox rows of {@link GuardianCopies}) are written — a held message gets its
 *       recipients and copies when it is released, a refused one is archived as such and reaches
 *       nobody;
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
  private final Supplier<DistrictPolicy> policy;
  private final int maxTextBytes;
  private final GuardianCopies copies;

  public MessageSubmission(Store store, DeliveryHub hub, Clock clock, Supplier<DistrictPolicy> policy,
      int maxTextBytes, GuardianCopies copies) {
    this.store = store;
    this.hub = hub;
    this.access = new ChannelAccess(store.reader());
    this.clock = clock;
    this.policy = policy;
    this.maxTextBytes = maxTextBytes;
    this.copies = copies;
  }

  /** A message to send. */
  public record Submission(String channelId, String text, String requestId, boolean emergency) {}

  /** Sends the submission as {@code caller}. */
  public Message submit(Caller caller, Submission s) {
    checkText(s.text());
    checkPostable(caller, s.channelId());
    Outcome outcome = store.write(tx -> {
      if (!s.requestId().isEmpty()) {
        Optional<Message> earlier = tx.messageByRequestId(caller.personId(), s.requestId());
        if (earlier.isPresent()) {
          return new Outcome(sameRequest(earlier.get(), s), null);
        }
      }
      // Members are read inside the transaction: supervision judges the membership the message is
      // actually delivered to.
      List<ChannelMember> members = tx.members(s.channelId());
      Instant now = clock.instant();
      SupervisionDecision decision = decide(caller, s, members, now);
      if (decision.outcome() == SupervisionDecision.Outcome.REFUSE) {
        // Refused messages are records too (law 4), but reach nobody.
        tx.append(new ArchiveEvent("message.refused", caller.personId(), "channels/" + s.channelId(),
            now, details(caller, s, List.of(), decision)));
        return new Outcome(null, decision);
      }
      return new Outcome(write(tx, caller, s, members, decision, now), null);
    });
    if (outcome.refused() != null) {
      throw refusal(outcome.refused());
    }
    return outcome.message();
  }

  /** The decision {@link #submit} would take now, without sending or recording anything. */
  public SupervisionDecision evaluate(Caller caller, Submission s) {
    checkText(s.text());
    checkPostable(caller, s.channelId());
    List<ChannelMember> members = store.reader().members(s.channelId(), "", Integer.MAX_VALUE);
    return decide(caller, s, members, clock.instant());
  }

  private record Outcome(Message message, SupervisionDecision refused) {}

  SupervisionDecision decide(Caller caller, Submission s, List<ChannelMember> members, Instant now) {
    return Supervision.decide(new Draft(caller.personId(), caller.role(), s.channelId(), s.emergency()),
        members, policy.get(), now);
  }

  private Message write(StoreTransaction tx, Caller caller, Submission s, List<ChannelMember> members,
      SupervisionDecision decision, Instant now) {
    List<String> recipients = members.stream().map(ChannelMember::personId)
        .filter(id -> !id.equals(caller.personId())).toList();
    boolean held = decision.outcome() == SupervisionDecision.Outcome.HOLD;
    long id = tx.nextMessageId(now);
    long archiveIndex = tx.append(new ArchiveEvent(held ? "message.held" : "message.created",
        caller.personId(), "channels/" + s.channelId() + "/messages/" + id, now,
        details(caller, s, recipients, decision)));
    Message message = new Message(id, s.channelId(), caller.personId(), s.text(), now, s.requestId(),
        recipients.size(), archiveIndex, held ? MessageState.HELD : MessageState.DELIVERED,
        held ? decision.holdUntil() : Instant.EPOCH, decision.emergencyOverride(), decision.toJson());
    tx.insertMessage(message, recipients);
    if (!held) {
      copies.enqueue(tx, message, recipients);
      tx.afterCommit(() -> hub.committed(message, message.id(), recipients));
    }
    return message;
  }

  static Map<String, Object> details(Caller caller, Submission s, List<String> recipients,
      SupervisionDecision decision) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("text", s.text());
    details.put("sender", caller.personId());
    details.put("integration", caller.integrationId());
    details.put("request_id", s.requestId());
    details.put("recipients", recipients);
    details.put("emergency_requested", s.emergency());
    details.put("decision", decision.toJson());
    return details;
  }

  void checkText(String text) {
    if (text.isBlank()) {
      throw RequestRejected.invalidField("message.text", "must not be empty");
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxTextBytes) {
      throw new RequestRejected(ErrorReason.TEXT_TOO_LONG,
          "message.text is " + bytes + " bytes; the limit is " + maxTextBytes,
          List.of(new FieldViolation("message.text", "at most " + maxTextBytes + " bytes of UTF-8")),
          Map.of("limit_bytes", Integer.toString(maxTextBytes)));
    }
  }

  void checkPostable(Caller caller, String channelId) {
    Channel channel = store.reader().channel(channelId).orElseThrow(() -> ChannelAccess.notFound(channelId));
    if (channel.state() == ChannelState.PENDING_APPROVAL && channel.ownerId().equals(caller.personId())) {
      throw new RequestRejected(ErrorReason.CHANNEL_PENDING_APPROVAL,
          "channels/" + channelId + " opens once a school administrator approves it");
    }
    ChannelAccess.requireIntegrationScope(caller, channel);
    ChannelMember me = access.membership(caller, channel);
    if (!me.canPost()) {
      throw new RequestRejected(ErrorReason.POSTING_NOT_ALLOWED,
          "you can read channels/" + channelId + " but not post in it");
    }
    if (!channel.open()) {
      throw new RequestRejected(ErrorReason.CHANNEL_CLOSED, "channels/" + channelId + " is closed");
    }
  }

  static RequestRejected refusal(SupervisionDecision d) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("policy_clause", d.policyClause());
    metadata.put("policy_version", d.policyVersion());
    if (!d.unsupervisedStudents().isEmpty()) {
      metadata.put("unsupervised_students", String.join(",", d.unsupervisedStudents()));
    }
    return new RequestRejected(d.refusal(), d.explanation(), List.of(), metadata);
  }

  private static Message sameRequest(Message earlier, Submission s) {
    if (!earlier.channelId().equals(s.channelId()) || !earlier.text().equals(s.text())) {
      throw new RequestRejected(ErrorReason.REQUEST_ID_REUSED,
          "request_id " + earlier.requestId() + " was already used for a different message",
          List.of(), Map.of("message", "channels/" + earlier.channelId() + "/messages/" + earlier.id()));
    }
    return earlier;
  }
}
