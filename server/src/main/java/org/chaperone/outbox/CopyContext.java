package org.chaperone.outbox;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.chaperone.domain.Person;

/**
 * What the copy rules need to know about a message's conversation, read in the message's own
 * transaction.
 *
 * @param channelName the channel's display name
 * @param schoolName the name of the channel's school, or empty
 * @param sender the sender, if still in the directory (else a placeholder with the id)
 * @param recipients every recipient found in the directory, keyed by person id
 */
public record CopyContext(String channelName, String schoolName, Person sender,
    Map<String, Addressee> recipients) {
  public CopyContext {
    channelName = Objects.requireNonNullElse(channelName, "");
    schoolName = Objects.requireNonNullElse(schoolName, "");
    Objects.requireNonNull(sender, "sender");
    recipients = Map.copyOf(recipients);
  }

  /** Display names of {@code ids}, in order; unknown ids are shown as they are. */
  public List<String> names(List<String> ids) {
    return ids.stream().map(id -> {
      Addressee a = recipients.get(id);
      return a == null ? id : a.person().displayName();
    }).toList();
  }
}
