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
 * @param state where it is in its life; only open channels deliver
 * @param memberCount number of members, observers included
 * @param ownerId the staff member who owns a group or started a direct conversation; empty for
 *     class channels
 * @param purpose the stated purpose guardians are told about; empty for class channels
 */
public record Channel(
    String id,
    ChannelKind kind,
    String displayName,
    String classId,
    String schoolId,
    Instant createTime,
    ChannelState state,
    int memberCount,
    String ownerId,
    String purpose) {
  public Channel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    displayName = Objects.requireNonNullElse(displayName, "");
    classId = Objects.requireNonNullElse(classId, "");
    schoolId = Objects.requireNonNullElse(schoolId, "");
    createTime = createTime.truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(state, "state");
    ownerId = Objects.requireNonNullElse(ownerId, "");
    purpose = Objects.requireNonNullElse(purpose, "");
  }

  /** True when the channel delivers messages. */
  public boolean open() {
    return state == ChannelState.OPEN;
  }

  public Channel withState(ChannelState newState, int newMemberCount) {
    return new Channel(id, kind, displayName, classId, schoolId, createTime, newState,
        newMemberCount, ownerId, purpose);
  }
}
