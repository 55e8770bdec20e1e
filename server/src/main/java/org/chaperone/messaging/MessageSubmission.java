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
import org.chaperone.domain.Attachment;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.ChannelState;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.FieldViolation;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageState;
import org.chaperone.domain.RequestRejected;
import org.chaperone.domain.Review;
import org.chaperone.domain.Role;
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
 *       decides on the channel's current members, the policy and the time; unless it refuses, the
 *       district's content policy ({@link ContentScreening}) judges the text and attachments on
 *       that same membership; the message, both decisions, its recipients (every member but the
 *       sender), its archive entry and its email copies (the outbox rows of {@link GuardianCopies})
 *       are written — a message held for quiet hours or for review gets its recipients and copies
 *       when it is released, a refused or blocked one is archived as such and reaches nobody;
 *   <li>only after the commit are subscribers woken and the mailer sends the copies, and is a
 *       blocked sender refused ({@code POLICY_VIOLATION}): the blocked message stays recorded.
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
  private final ContentScreening screening;

  /** Sending with its own content screening (tests of the send path on a bare store). */
  public MessageSubmission(Store store, DeliveryHub hub, Clock clock, Supplier<DistrictPolicy> policy,
      int maxTextBytes, GuardianCopies copies) {
    this(store, hub, clock, policy, maxTextBytes, copies, new ContentScreening(store.reader(), policy));
  }

  public MessageSubmission(Store store, DeliveryHub hub, Clock clock, Supplier<DistrictPolicy> policy,
      int maxTextBytes, GuardianCopies copies, ContentScreening screening) {
    this.screening = screening;
    this.store = store;
    this.hub = hub;
    this.access = new ChannelAccess(store.reader());
    this.clock = clock;
    this.policy = policy;
    this.maxTextBytes = maxTextBytes;
    this.copies = copies;
  }

  /** At most this many attachments per message. */
  public static final int MAX_ATTACHMENTS = 10;
  /** At most this many characters in an attachment's file name. */
  public static final int MAX_FILE_NAME = 255;
  /** At most this many characters in an attachment's content type. */
  public static final int MAX_CONTENT_TYPE = 127;
  /** At most this many depicted students per attachment. */
  public static final int MAX_DEPICTED = 100;
  private static final java.util.regex.Pattern CONTENT_TYPE =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*");

  /** A message to send, with what the sender declares about its attachments. */
  public record Submission(String channelId, String text, String requestId, boolean emergency,
      List<Attachment> attachments) {
    public Submission {
      attachments = List.copyOf(attachments);
    }

    /** A message without attachments. */
    public Submission(String channelId, String text, String requestId, boolean emergency) {
      this(channelId, text, requestId, emergency, List.of());
    }
  }

  /**
   * What a send would be decided now: supervision's decision and the content policy's verdict
   * (judged also when supervision would refuse, so a dry run shows both).
   */
  public record Evaluation(SupervisionDecision supervision, ContentVerdict content) {}

  /**
   * Sends the submission as {@code caller}. A message the content policy blocks is recorded, and
   * then refused with {@code POLICY_VIOLATION}.
   */
  public Message submit(Caller caller, Submission s) {
    checkText(s.text());
    checkAttachments(s.attachments());
    checkPostable(caller, s.channelId());
    ContentScreening.Screen screen = screening.current();
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
      ContentVerdict content = screen.evaluate(caller, s.text(), s.attachments(), members, now);
      return new Outcome(write(tx, caller, s, members, decision, content, now), null);
    });
    if (outcome.refused() != null) {
      throw refusal(outcome.refused());
    }
    Message message = outcome.message();
    if (message.state() == MessageState.BLOCKED) {
      // Raised after the commit: the blocked message and its decision stay recorded. A retry with
      // the same request id answers the same violations again.
      throw ContentVerdict.fromJson(message.contentDecision()).orElseThrow().rejection();
    }
    return message;
  }

  /** The content policy and directory to judge with now (read before a transaction). */
  ContentScreening.Screen contentScreen() {
    return screening.current();
  }

  /** The decisions {@link #submit} would take now, without sending or recording anything. */
  public Evaluation evaluate(Caller caller, Submission s) {
    checkText(s.text());
    checkAttachments(s.attachments());
    checkPostable(caller, s.channelId());
    List<ChannelMember> members = store.reader().members(s.channelId(), "", Integer.MAX_VALUE);
    Instant now = clock.instant();
    return new Evaluation(decide(caller, s, members, now),
        screening.current().evaluate(caller, s.text(), s.attachments(), members, now));
  }

  private record Outcome(Message message, SupervisionDecision refused) {}

  SupervisionDecision decide(Caller caller, Submission s, List<ChannelMember> members, Instant now) {
    return Supervision.decide(new Draft(caller.personId(), caller.role(), s.channelId(), s.emergency()),
        members, policy.get(), now);
  }

  private Message write(StoreTransaction tx, Caller caller, Submission s, List<ChannelMember> members,
      SupervisionDecision decision, ContentVerdict content, Instant now) {
    List<String> addressed = members.stream().map(ChannelMember::personId)
        .filter(id -> !id.equals(caller.personId())).toList();
    boolean quietHours = decision.outcome() == SupervisionDecision.Outcome.HOLD;
    MessageState state = switch (content.decision().outcome()) {
      case BLOCK -> MessageState.BLOCKED;
      case HOLD -> MessageState.PENDING_REVIEW;
      case ALLOW -> quietHours ? MessageState.HELD : MessageState.DELIVERED;
    };
    // A blocked message reaches nobody; a held one is recorded with whom it will reach.
    List<String> recipients = state == MessageState.BLOCKED ? List.of() : addressed;
    Map<String, Object> details = details(caller, s, recipients, decision, content);
    String event = switch (state) {
      case BLOCKED -> {
        details.put("addressed_to", addressed);
        yield "message.blocked";
      }
      case PENDING_REVIEW, HELD -> {
        details.put("held_for", state == MessageState.HELD ? "quiet_hours" : "review");
        yield "message.held";
      }
      default -> "message.created";
    };
    long id = tx.nextMessageId(now);
    long archiveIndex = tx.append(new ArchiveEvent(event, caller.personId(),
        "channels/" + s.channelId() + "/messages/" + id, now, details));
    // A message held for review during quiet hours keeps its quiet-hours release time: a reviewer's
    // release before then waits for it.
    Instant releaseTime = quietHours && state != MessageState.BLOCKED ? decision.holdUntil() : Instant.EPOCH;
    Message message = new Message(id, s.channelId(), caller.personId(), s.text(), now, s.requestId(),
        recipients.size(), archiveIndex, state, releaseTime, decision.emergencyOverride(),
        decision.toJson(), 1, Instant.EPOCH, Instant.EPOCH, "", content.toJson(), s.attachments(),
        Review.NONE);
    tx.insertMessage(message, recipients);
    if (state == MessageState.DELIVERED) {
      copies.enqueue(tx, message, recipients);
      tx.afterCommit(() -> hub.committed(message, message.id(), recipients));
    }
    return message;
  }

  private static Map<String, Object> details(Caller caller, Submission s, List<String> recipients,
      SupervisionDecision decision, ContentVerdict content) {
    Map<String, Object> details = details(caller, s, recipients, decision);
    details.put("content_decision", content.toMap());
    if (!s.attachments().isEmpty()) {
      details.put("attachments", s.attachments().stream().map(Attachment::asMap).toList());
    }
    return details;
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

  /**
   * Checks the attachment declarations: their number, names and types, and that every depicted
   * student is a student of the directory. Every problem is reported at once.
   */
  private void checkAttachments(List<Attachment> attachments) {
    List<FieldViolation> problems = new java.util.ArrayList<>();
    if (attachments.size() > MAX_ATTACHMENTS) {
      problems.add(new FieldViolation("message.attachments", "at most " + MAX_ATTACHMENTS
          + " attachments, got " + attachments.size()));
    }
    for (int i = 0; i < attachments.size() && i < MAX_ATTACHMENTS; i++) {
      Attachment a = attachments.get(i);
      String field = "message.attachments[" + i + "]";
      if (a.fileName().isBlank()) {
        problems.add(new FieldViolation(field + ".file_name", "is required"));
      } else if (a.fileName().length() > MAX_FILE_NAME) {
        problems.add(new FieldViolation(field + ".file_name", "at most " + MAX_FILE_NAME + " characters"));
      } else if (a.fileName().chars().anyMatch(c -> Character.isISOControl(c) || c == '/' || c == '\\')) {
        problems.add(new FieldViolation(field + ".file_name",
            "a file name, without control characters or path separators"));
      }
      if (!a.contentType().isEmpty() && (a.contentType().length() > MAX_CONTENT_TYPE
          || !CONTENT_TYPE.matcher(a.contentType()).matches())) {
        problems.add(new FieldViolation(field + ".content_type", "a media type such as image/jpeg"));
      }
      if (a.depictedStudentIds().size() > MAX_DEPICTED) {
        problems.add(new FieldViolation(field + ".depicted_students",
            "at most " + MAX_DEPICTED + " students"));
        continue;
      }
      for (int j = 0; j < a.depictedStudentIds().size(); j++) {
        String id = a.depictedStudentIds().get(j);
        boolean student = store.reader().person(id).filter(p -> p.role() == Role.STUDENT).isPresent();
        if (!student) {
          problems.add(new FieldViolation(field + ".depicted_students[" + j + "]",
              "people/" + id + " is not a student in the directory"));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new RequestRejected(ErrorReason.INVALID_FIELD, problems.getFirst().field() + ": "
          + problems.getFirst().description() + (problems.size() > 1
              ? " (and " + (problems.size() - 1) + " more problems)" : ""), problems, Map.of());
    }
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
    if (!earlier.channelId().equals(s.channelId()) || !earlier.text().equals(s.text())
        || !earlier.attachments().equals(s.attachments())) {
      throw new RequestRejected(ErrorReason.REQUEST_ID_REUSED,
          "request_id " + earlier.requestId() + " was already used for a different message",
          List.of(), Map.of("message", "channels/" + earlier.channelId() + "/messages/" + earlier.id()));
    }
    return earlier;
  }
}
