package org.chaperone.supervision;

import java.util.Objects;
import org.chaperone.domain.Role;

/**
 * A message about to be sent, as supervision sees it.
 *
 * @param senderId the author
 * @param senderRole the author's directory role
 * @param channelId the channel
 * @param emergency the author asks to send at once during quiet hours
 */
public record Draft(String senderId, Role senderRole, String channelId, boolean emergency) {
  public Draft {
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(senderRole, "senderRole");
    Objects.requireNonNull(channelId, "channelId");
  }
}
