package org.chaperone.records;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a records search looks for; every given criterion must hold (empty and null ones match
 * everything).
 *
 * @param eventTypes archive event types, e.g. {@code message.created}; empty: any
 * @param participantId a person who sent or received the message, did the thing, or is its
 *     subject; empty: anyone
 * @param channelId the channel the record concerns; empty: any
 * @param startTime records at or after this time; null: no lower bound
 * @param endTime records before this time; null: no upper bound
 * @param words words that must all occur in a message's text; empty: no text condition (with
 *     words, only messages match)
 */
public record RecordQuery(List<String> eventTypes, String participantId, String channelId,
    Instant startTime, Instant endTime, List<String> words) {

  public RecordQuery {
    // Sorted and distinct: equal queries look equal (page tokens are bound to the query).
    eventTypes = List.copyOf(new TreeSet<>(eventTypes));
    participantId = Objects.requireNonNullElse(participantId, "");
    channelId = Objects.requireNonNullElse(channelId, "");
    words = List.copyOf(words);
  }

  /** The query that matches every record. */
  public static RecordQuery everything() {
    return new RecordQuery(List.of(), "", "", null, null, List.of());
  }
}
