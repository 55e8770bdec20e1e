package org.chaperone.policy.content;

import java.util.Arrays;
import java.util.Optional;

/**
 * The content rules. Each has a stable id (used in the policy file, in decisions and by clients)
 * and the board-policy clause it enforces by default (ids from the board-policy index); some
 * violations cite a more specific clause, as their rule documents.
 */
public enum RuleId {
  /** A personal (non-district) phone number. */
  CONTACT_PHONE("contact.phone", "P000-personal-phone"),
  /** A personal (non-district) email address. */
  CONTACT_EMAIL("contact.email", "P000-personal-email"),
  /** An invitation to move the conversation to a private channel (texts, DMs, social media). */
  PRIVATE_CHANNEL("private-channel", "P003-no-private-chat"),
  /** Asking a student to keep the conversation from parents or others, or to delete it. */
  SECRECY("secrecy", "P001-classroom-extension"),
  /** Grooming signals: comments on appearance, gifts, meeting alone or off campus, rides. */
  GROOMING("grooming", "P000-friending"),
  /** Harassment, discrimination, threats and profanity. */
  HARASSMENT("harassment", "P000-harassment"),
  /** Another student's grades, discipline, health or contact data. */
  STUDENT_PII("student-pii", "P000-student-pii"),
  /** An attachment depicting a student whose media release is not on file. */
  MEDIA_RELEASE("media-release", "P001-media-release"),
  /** A staff→student message that is not about school. */
  TOPIC_SCOPE("topic-scope", "P000-mission");

  private final String id;
  private final String clause;

  RuleId(String id, String clause) {
    this.id = id;
    this.clause = clause;
  }

  /** The stable id, e.g. {@code contact.phone}. */
  public String id() {
    return id;
  }

  /** The board-policy clause the rule enforces by default, e.g. {@code P000-personal-phone}. */
  public String clause() {
    return clause;
  }

  public static Optional<RuleId> byId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }
}
