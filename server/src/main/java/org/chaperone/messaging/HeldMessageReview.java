package org.chaperone.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageState;
import org.chaperone.domain.Notice;
import org.chaperone.domain.RequestRejected;
import org.chaperone.domain.Review;
import org.chaperone.domain.Role;
import org.chaperone.outbox.EmailOutbox;
import org.chaperone.store.Store;
import org.chaperone.store.StoreTransaction;

/**
 * The review queue (ADR 54): messages the content policy held wait for an administrator of the
 * channel's school (board policies P001-admin-rights, P000-monitoring), who releases or rejects
 * each with a written reason. A release delivers the message like a fresh send at a fresh inbox
 * position ({@link HeldMessageRelease#deliver}); a message is decided once. Every decision is
 * archived, and the sender is told the outcome (a recorded notice and an email). Reading the
 * queue is archived too (law 7). Authorization is checked on every call from committed data.
 *
 * <p>Thread-safe.
 */
public final class HeldMessageReview {
  /** At most this many characters in a reviewer's reason. */
  public static final int MAX_REASON = 2000;

  private final Store store;
  private final Clock clock;
  private final HeldMessageRelease release;
  private final EmailOutbox mail;

  public HeldMessageReview(Store store, Clock clock, HeldMessageRelease release, EmailOutbox mail) {
    this.store = store;
    this.clock = clock;
    this.release = release;
    this.mail = mail;
  }

  /**
   * Messages awaiting review in {@code schoolId} (every school the caller administers when empty),
   * oldest first, with ids above {@code afterId}. A non-empty page is archived as the
   * administrator's read.
   */
  public List<Message> list(Caller caller, String schoolId, long afterId, int limit) {
    if (!isAdministrator(caller)) {
      throw new RequestRejected(ErrorReason.REVIEWER_REQUIRED,
          "only school administrators review held messages");
    }
    Set<String> schools = new LinkedHashSet<>(caller.person().schoolIds());
    if (!schoolId.isEmpty()) {
      if (!schools.contains(schoolId)) {
        throw notReviewer(schoolId);
      }
      schools = Set.of(schoolId);
    }
    List<Message> page = store.reader().messagesAwaitingReview(schools, afterId, limit);
    if (!page.isEmpty()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("schools", List.copyOf(schools));
      details.put("messages", page.stream().map(HeldMessageReview::name).toList());
      store.write(tx -> tx.append(new ArchiveEvent("review.queue_read", caller.personId(),
          "review-queue", clock.instant(), details)));
    }
    return page;
  }

  /** Releases a held message: it is delivered now (or, in quiet hours, when they end). */
  public Message release(Caller caller, String channelId, long messageId, String reason) {
    return decide(caller, channelId, messageId, reason, Review.Outcome.RELEASED);
  }

  /** Rejects a held message: it is never delivered. */
  public Message reject(Caller caller, String channelId, long messageId, String reason) {
    return decide(caller, channelId, messageId, reason, Review.Outcome.REJECTED);
  }

  private Message decide(Caller caller, String channelId, long messageId, String reason,
      Review.Outcome outcome) {
    String why = reason.strip();
    if (why.isEmpty()) {
      throw RequestRejected.invalidField("reason",
          "required: the sender and the records are told why the message was " + verb(outcome));
    }
    if (why.length() > MAX_REASON) {
      throw RequestRejected.invalidField("reason", "at most " + MAX_REASON + " characters");
    }
    Channel channel = store.reader().channel(channelId)
        .orElseThrow(() -> ChannelAccess.notFound(channelId));
    if (!isAdministrator(caller) || !caller.person().schoolIds().contains(channel.schoolId())) {
      throw notReviewer(channel.schoolId());
    }
    return store.write(tx -> {
      Message m = tx.message(messageId).filter(found -> found.channelId().equals(channelId))
          .orElseThrow(() -> new RequestRejected(ErrorReason.MESSAGE_NOT_FOUND,
              name(channelId, messageId) + " does not exist"));
      if (m.state() != MessageState.PENDING_REVIEW || m.retracted()) {
        throw notPending(m);
      }
      Instant now = clock.instant();
      Review review = new Review(outcome, caller.personId(), why, now);
      // Released messages pass through HELD: delivered at once, or by the quiet-hours release
      // when the sender's quiet hours have not ended yet.
      MessageState next = outcome == Review.Outcome.RELEASED ? MessageState.HELD : MessageState.REJECTED;
      if (!tx.review(m.id(), next, review)) {
        throw notPending(tx.message(m.id()).orElseThrow());
      }
      Message reviewed = m.reviewed(next, review);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("reviewer", caller.personId());
      details.put("reason", why);
      details.put("held_entry", m.archiveIndex());
      details.put("notice", notifySender(tx, channel, reviewed, caller, now));
      if (outcome == Review.Outcome.REJECTED) {
        tx.append(new ArchiveEvent("message.rejected", caller.personId(), name(m), now, details));
        return reviewed;
      }
      if (m.releaseTime().isAfter(now)) {
        details.put("held_until", m.releaseTime().toString());
        details.put("recipients", List.of());
        tx.append(new ArchiveEvent("message.released", caller.personId(), name(m), now, details));
        return reviewed;
      }
      tx.afterCommit(release.deliver(tx, reviewed, now, caller.personId(), details));
      return reviewed.delivered();
    });
  }

  /** Records the outcome for the sender and queues it as an email; returns the notice's id. */
  private long notifySender(StoreTransaction tx, Channel channel, Message m, Caller reviewer,
      Instant now) {
    String body = "Your message of " + m.createTime() + " in \"" + channel.displayName() + "\" was"
        + " held for review under the district's content policy. " + reviewer.person().displayName()
        + " " + verb(m.review().outcome())
        + (m.review().outcome() == Review.Outcome.REJECTED ? " it; it will not be delivered."
            : m.releaseTime().isAfter(now) ? " it; it is delivered when quiet hours end, at "
                + m.releaseTime() + "." : " it; it is delivered to the conversation.")
        + " Reason: " + m.review().reason();
    long id = tx.addNotice(new Notice(0, "message.review", m.senderId(), m.channelId(), body, now));
    mail.enqueueNotice(tx, new org.chaperone.outbox.Notice(m.senderId(), "review.outcome", name(m),
        "Your held message was " + verb(m.review().outcome()), body));
    return id;
  }

  private static String verb(Review.Outcome outcome) {
    return outcome == Review.Outcome.RELEASED ? "released" : "rejected";
  }

  private static boolean isAdministrator(Caller caller) {
    // Reviewing is a person's act, never an integration's.
    return caller.role() == Role.ADMINISTRATOR && !caller.viaIntegration();
  }

  private static RequestRejected notReviewer(String schoolId) {
    return new RequestRejected(ErrorReason.REVIEWER_REQUIRED,
        "only an administrator of schools/" + schoolId + " may review its held messages");
  }

  private static RequestRejected notPending(Message m) {
    if (m.review().decided()) {
      return new RequestRejected(ErrorReason.REVIEW_ALREADY_DECIDED, name(m) + " was already "
          + verb(m.review().outcome()) + " by people/" + m.review().reviewerId() + " at "
          + m.review().time() + "; a held message is decided once", List.of(),
          Map.of("outcome", m.review().outcome().name(),
              "reviewer", "people/" + m.review().reviewerId()));
    }
    return new RequestRejected(ErrorReason.NOT_AWAITING_REVIEW, name(m)
        + " is not waiting for review (it is " + m.state() + (m.retracted()
            ? ", retracted by people/" + m.retractedBy() : "") + ")", List.of(),
        Map.of("state", m.retracted() ? "RETRACTED" : m.state().name()));
  }

  private static String name(Message m) {
    return name(m.channelId(), m.id());
  }

  private static String name(String channelId, long messageId) {
    return "channels/" + channelId + "/messages/" + messageId;
  }
}
