package org.chaperone.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.chaperone.domain.Message;
import org.chaperone.store.StoreTransaction;

/**
 * Queues the email copies of a message, in the message's own transaction (the transactional
 * outbox): either the message, its recipients, its archive entry and its copies all commit, or
 * none of them does. Who receives a copy, and how, is {@link CopyPolicy}'s rule; the text is
 * {@link CopyComposer}'s. Each person gets at most one copy of a message, however many of their
 * children are in the conversation.
 *
 * <p>Thread-safe.
 */
public final class GuardianCopies {
  private final EmailOutbox outbox;
  private final CopyComposer composer;

  public GuardianCopies(EmailOutbox outbox, CopyComposer composer) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.composer = Objects.requireNonNull(composer, "composer");
  }

  /**
   * Queues the copies of {@code message}, just written in {@code tx}, for those of
   * {@code recipientIds} who receive email copies.
   */
  public void enqueue(StoreTransaction tx, Message message, List<String> recipientIds) {
    if (recipientIds.isEmpty()) {
      return;
    }
    CopyContext ctx = tx.outbox().copyContext(message.channelId(), message.senderId(), recipientIds);
    CopyPolicy policy = composer.policy();
    String subjectRef = CopyComposer.messageName(message);
    List<NewEmail> emails = new ArrayList<>();
    CopyComposer.Text entry = null;
    // A copy of an edit is written when the edit is, not when the message was first sent.
    java.time.Instant written = message.version() > 1 ? message.editTime() : message.createTime();
    for (String id : new java.util.TreeSet<>(recipientIds)) {
      Addressee to = ctx.recipients().get(id);
      if (to == null || id.equals(message.senderId())) {
        continue;
      }
      switch (policy.effectiveDelivery(to)) {
        case NONE -> { }
        case EACH_MESSAGE -> {
          CopyComposer.Text text = composer.copy(message, ctx, to);
          emails.add(new NewEmail(EmailKind.COPY, EmailState.PENDING, id, to.person().email(),
              to.person().displayName(), outbox.newMessageId(EmailKind.COPY), subjectRef,
              message.id(), "copy", text.subject(), text.body(), written, written, ""));
        }
        case DAILY_DIGEST -> {
          if (entry == null) {
            entry = composer.digestEntry(message, ctx);
          }
          emails.add(new NewEmail(EmailKind.COPY, EmailState.DIGEST_WAIT, id, to.person().email(),
              to.person().displayName(), outbox.newMessageId(EmailKind.COPY), subjectRef,
              message.id(), "copy", entry.subject(), entry.body(), written,
              policy.digestDue(written), ""));
        }
      }
    }
    outbox.enqueue(tx, emails);
  }
}
