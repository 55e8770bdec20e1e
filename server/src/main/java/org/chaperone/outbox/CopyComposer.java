package org.chaperone.outbox;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.chaperone.domain.Message;
import org.chaperone.domain.Person;
import org.chaperone.domain.Role;

/**
 * Writes the text of copies and digests. Pure: the same inputs always give the same text, which
 * is stored in the outbox when the message commits, so every attempt sends the same email.
 *
 * <p>A copy says plainly what it is: who wrote, to which conversation, in which school, when;
 * that it is a copy the district's policy requires (board policy P003-copy) and why this person
 * receives it; the message itself; and how to read the conversation.
 */
public final class CopyComposer {
  static final String POLICY_SENTENCE = "District policy requires that parents and guardians, or"
      + " other appropriate staff, be copied on all communication between staff and students"
      + " (board policy P003-copy).";
  private static final String RULE = "-".repeat(72);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy 'at' h:mm a", Locale.US);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US);

  private final CopyPolicy policy;

  public CopyComposer(CopyPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public CopyPolicy policy() {
    return policy;
  }

  /** A subject and plain-text body. */
  public record Text(String subject, String body) {}

  /** The copy of {@code m} for {@code to}. */
  public Text copy(Message m, CopyContext ctx, Addressee to) {
    String sender = describe(ctx.sender());
    String where = where(ctx);
    StringBuilder b = new StringBuilder(512 + m.text().length());
    b.append("Dear ").append(to.person().displayName()).append(",\n\n");
    if (m.version() > 1) {
      b.append(sender).append(" edited a message to ").append(where).append(" on ")
          .append(when(m.editTime())).append(" (version ").append(m.version()).append(").\n\n");
    } else {
      b.append(sender).append(" wrote to ").append(where).append(" on ").append(when(m.createTime()))
          .append(".\n\n");
    }
    b.append("This email is a copy. ").append(POLICY_SENTENCE).append(' ')
        .append(reason(to, ctx)).append("\n\n");
    b.append("From:     ").append(sender).append('\n');
    b.append("To:       ").append(ctx.channelName()).append(" (").append(m.recipientCount())
        .append(m.recipientCount() == 1 ? " recipient" : " recipients").append(")\n");
    if (!ctx.schoolName().isEmpty()) {
      b.append("School:   ").append(ctx.schoolName()).append('\n');
    }
    b.append("Sent:     ").append(when(m.createTime())).append('\n');
    if (m.version() > 1) {
      b.append("Edited:   ").append(when(m.editTime())).append(" (version ").append(m.version())
          .append(")\n");
    }
    b.append("Message:  ").append(messageName(m)).append("\n\n");
    b.append(RULE).append('\n').append(m.text().strip()).append('\n').append(RULE).append("\n\n");
    b.append(howToRead(m, ctx)).append("\n\n");
    b.append("You receive one email for each message in this conversation. Your school can send"
        + " you a daily digest instead.\n");
    return new Text("Copy: " + ctx.sender().displayName()
        + (m.version() > 1 ? " edited a message to " : " wrote to ") + ctx.channelName(),
        b.toString());
  }

  /** The entry for {@code m} in a digest: a one-line summary and the entry's text. */
  public Text digestEntry(Message m, CopyContext ctx) {
    String sender = describe(ctx.sender());
    String link = policy.conversationLink(m.channelId(), m.id());
    String text = (m.version() > 1
        ? when(m.editTime()) + ": " + sender + " edited a message (version " + m.version() + ") to "
        : when(m.createTime()) + ": " + sender + " wrote to ") + where(ctx) + ":\n\n"
        + indent(m.text().strip()) + "\n\n    (" + messageName(m)
        + (link.isEmpty() ? "" : ", read it at " + link) + ")";
    return new Text(ctx.channelName() + ": " + ctx.sender().displayName(), text);
  }

  /**
   * The digest for {@code displayName} of {@code entries} (digest rows, in order), due at
   * {@code due}: the 24 hours before it.
   */
  public Text digest(String displayName, List<EmailJob> entries, Instant due, int part, int parts) {
    ZonedDateTime end = due.atZone(policy.zone());
    ZonedDateTime start = end.minusDays(1);
    int n = entries.size();
    String count = n + (n == 1 ? " message" : " messages");
    StringBuilder b = new StringBuilder(256 + n * 256);
    b.append("Dear ").append(displayName).append(",\n\n");
    b.append("Here ").append(n == 1 ? "is the copy of " : "are copies of ").append(count)
        .append(" sent between ").append(when(start.toInstant())).append(" and ")
        .append(when(end.toInstant())).append(" in conversations you supervise")
        .append(parts > 1 ? " (part " + part + " of " + parts + ")" : "").append(".\n\n");
    b.append(POLICY_SENTENCE).append(" You receive these copies once a day.\n\n");
    int i = 1;
    for (EmailJob entry : entries) {
      b.append(RULE).append('\n').append(i++).append(". ").append(entry.body()).append("\n\n");
    }
    b.append(RULE).append("\n\n");
    b.append(policy.conversationUrl().isEmpty()
        ? "How to read the conversations: sign in to Chaperone, your district's messaging"
            + " service, with your district account, and open the conversation by its name."
        : "How to read the conversations: follow the links above and sign in with your district"
            + " account.");
    b.append(" Replies to this email are not delivered; to answer, write in the conversation.\n");
    return new Text("Daily copies: " + count + " (" + DAY.format(end) + ")"
        + (parts > 1 ? " part " + part + "/" + parts : ""), b.toString());
  }

  private String howToRead(Message m, CopyContext ctx) {
    String link = policy.conversationLink(m.channelId(), m.id());
    String how = link.isEmpty()
        ? "How to read the conversation: sign in to Chaperone, your district's messaging service,"
            + " with your district account, and open \"" + ctx.channelName() + "\"."
        : "How to read the conversation: " + link + " (sign in with your district account).";
    return how + " Replies to this email are not delivered; to answer, write in the conversation.";
  }

  private String reason(Addressee to, CopyContext ctx) {
    List<String> students = to.observingFor();
    if (to.person().role() == Role.GUARDIAN && !students.isEmpty()) {
      return "You receive it as the parent or guardian of " + join(ctx.names(students))
          + ", who " + (students.size() == 1 ? "is a member" : "are members")
          + " of this conversation.";
    }
    if (to.person().role() == Role.GUARDIAN) {
      return "You receive it as a parent or guardian in this conversation.";
    }
    if (to.membership().map(mb -> !mb.canPost()).orElse(false)) {
      return "You receive it as a staff member supervising this conversation.";
    }
    return "You receive it because you asked for email copies of this conversation.";
  }

  private String where(CopyContext ctx) {
    return "\"" + ctx.channelName() + "\"" + (ctx.schoolName().isEmpty() ? "" : " at " + ctx.schoolName());
  }

  private String when(Instant t) {
    return WHEN.format(t.atZone(policy.zone())) + " (" + policy.zone().getId() + ")";
  }

  static String describe(Person p) {
    String role = switch (p.role()) {
      case TEACHER -> "teacher";
      case ADMINISTRATOR -> "administrator";
      case STAFF -> "staff";
      case STUDENT -> "student";
      case GUARDIAN -> "parent or guardian";
    };
    return p.displayName() + " (" + role + ")";
  }

  static String messageName(Message m) {
    return "channels/" + m.channelId() + "/messages/" + m.id();
  }

  private static String join(List<String> names) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
  }

  private static String indent(String text) {
    return "    " + text.replace("\n", "\n    ");
  }
}
