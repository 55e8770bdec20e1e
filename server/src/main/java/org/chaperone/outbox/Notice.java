package org.chaperone.outbox;

import java.util.Objects;

/**
 * An email to one person that is not a message copy: a channel's purpose notice to guardians
 * (board policy P003-notify-parents), a review outcome to a sender, and the like.
 *
 * @param personId the addressee; their address comes from the directory
 * @param topic what kind of notice, e.g. {@code channel.purpose} or {@code review.outcome}
 * @param subjectRef the resource it concerns, e.g. {@code channels/c1}; its archive entries
 *     carry it as their subject
 * @param subject the email subject
 * @param body the plain-text body
 */
public record Notice(String personId, String topic, String subjectRef, String subject, String body) {
  public Notice {
    Objects.requireNonNull(personId, "personId");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(subjectRef, "subjectRef");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    if (topic.isBlank() || subject.isBlank() || body.isBlank()) {
      throw new IllegalArgumentException("a notice needs a topic, a subject and a body");
    }
  }
}
