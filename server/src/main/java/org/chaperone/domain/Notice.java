package org.chaperone.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Something a person must be told, recorded when it becomes owed; the mailer delivers it.
 *
 * @param id time-ordered id
 * @param kind e.g. {@code channel.purpose} (P003-notify-parents)
 * @param personId who is told
 * @param channelId the channel it is about
 * @param body the text of the notice
 * @param createTime when it became owed
 */
public record Notice(long id, String kind, String personId, String channelId, String body, Instant createTime) {
  public Notice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(personId, "personId");
    channelId = Objects.requireNonNullElse(channelId, "");
    Objects.requireNonNull(body, "body");
    createTime = createTime.truncatedTo(ChronoUnit.MICROS);
  }
}
