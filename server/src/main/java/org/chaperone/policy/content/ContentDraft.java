package org.chaperone.policy.content;

import java.util.List;
import java.util.Objects;

/**
 * A message before delivery, as far as the content policy needs it.
 *
 * @param text the text exactly as the sender submitted it (spans index into it)
 * @param sender who writes
 * @param recipients everyone who would receive it (guardian and staff copies included)
 * @param attachments what the sender declares about each attachment
 */
public record ContentDraft(
    String text, Participant sender, List<Participant> recipients,
    List<AttachmentDeclaration> attachments) {

  public ContentDraft {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sender, "sender");
    recipients = List.copyOf(recipients);
    attachments = List.copyOf(attachments);
  }

  /** A draft without attachments. */
  public static ContentDraft of(String text, Participant sender, List<Participant> recipients) {
    return new ContentDraft(text, sender, recipients, List.of());
  }

  /** True when a staff member writes to at least one student. */
  boolean staffToStudent() {
    return sender.role().isStaff() && reachesStudent();
  }

  /** True when an adult (anyone but a student) writes to at least one student. */
  boolean adultToStudent() {
    return sender.role() != org.chaperone.domain.Role.STUDENT && reachesStudent();
  }

  /**
   * True when a student or a guardian writes or receives: contact-detail and private-channel
   * rules protect students and families; staff may exchange numbers among themselves.
   */
  boolean involvesStudentOrFamily() {
    return isStudentOrFamily(sender) || recipients.stream().anyMatch(ContentDraft::isStudentOrFamily);
  }

  private static boolean isStudentOrFamily(Participant p) {
    return p.role() == org.chaperone.domain.Role.STUDENT || p.role() == org.chaperone.domain.Role.GUARDIAN;
  }

  private boolean reachesStudent() {
    return recipients.stream().anyMatch(r -> r.role() == org.chaperone.domain.Role.STUDENT);
  }
}
