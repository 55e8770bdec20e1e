package org.chaperone.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A version of a message written by an edit (version 1 is the message as sent). Every version is
 * kept and archived ({@code message.edited}).
 *
 * @param messageId the message
 * @param version 2 for the first edit, one more for each later one
 * @param text the version's text (empty once disposed of under the retention schedule)
 * @param editorId who wrote it: the message's sender
 * @param editTime when it was committed
 * @param archiveIndex the leaf index of its {@code message.edited} archive entry
 */
public record MessageVersion(long messageId, int version, String text, String editorId,
    Instant editTime, long archiveIndex) {

  public MessageVersion {
    if (version < 2) {
      throw new IllegalArgumentException("edits write versions 2 and later");
    }
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(editorId, "editorId");
    editTime = editTime.truncatedTo(ChronoUnit.MICROS);
  }
}
