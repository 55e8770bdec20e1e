package org.chaperone.outbox;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Person;

/**
 * A recipient of a message as the copy rules see them: who they are, their place in the channel,
 * and the delivery they chose.
 *
 * @param person the directory person
 * @param membership their membership of the message's channel, if any
 * @param preference the delivery stored for them; empty means the default
 */
public record Addressee(Person person, Optional<ChannelMember> membership,
    Optional<CopyDelivery> preference) {

  public Addressee {
    Objects.requireNonNull(person, "person");
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(preference, "preference");
  }

  /** The students this person observes in the channel (empty for non-observers). */
  public List<String> observingFor() {
    return membership.map(ChannelMember::observingFor).orElse(List.of());
  }
}
