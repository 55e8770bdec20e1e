package org.chaperone.domain;

import java.util.List;
import java.util.Objects;

/**
 * A person's place in a channel.
 *
 * @param channelId the channel
 * @param personId the person
 * @param role why they are in it
 * @param canPost whether they may post
 * @param observingFor for guardian observers, the students (member ids) they supervise for
 */
public record ChannelMember(
    String channelId, String personId, MemberRole role, boolean canPost, List<String> observingFor) {
  public ChannelMember {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(personId, "personId");
    Objects.requireNonNull(role, "role");
    observingFor = List.copyOf(observingFor);
  }
}
