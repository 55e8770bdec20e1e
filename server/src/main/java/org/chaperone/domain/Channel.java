package org.chaperone.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A supervised conversation.
 *
 * @param id the channel id (for class channels, the class's roster id)
 * @param kind what kind of conversation it is
 * @param displayName display name
 * @param classId for class channels, the class; otherwise empty
 * @param schoolId the school the channel belongs to
 * @param createTime when the gateway created it
 * @param active false once the roster dropped its class; nothing more is delivered
 * @param memberCount number of members, observers included
 */
public record Channel(
    String id,
    ChannelKind kind,
    String displayName,
    String classId,
    String schoolId,
    Instant createTime,
    boolean active,
    int memberCount) {
  public Channel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    displayName = Objects.requireNonNullElse(displayName, "");
    classId = Objects.requireNonNullElse(classId, "");
    schoolId = Objects.requireNonNullElse(schoolId, "");
    createTime = createTime.truncatedTo(ChronoUnit.MICROS);
  }
}
