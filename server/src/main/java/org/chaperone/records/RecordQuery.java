package org.chaperone.records;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** The query as archive-entry values (strings and lists), as searches and requests record it. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event_types", eventTypes);
    m.put("participant", participantId);
    m.put("channel", channelId);
    m.put("start_time", startTime == null ? "" : startTime.toString());
    m.put("end_time", endTime == null ? "" : endTime.toString());
    m.put("words", words);
    return m;
  }

  /**
   * The query {@link #describe()} described.
   *
   * @throws IllegalArgumentException when {@code d} is not such a description
   */
  public static RecordQuery fromDescription(Map<?, ?> d) {
    try {
      return new RecordQuery(strings(d.get("event_types")), (String) d.get("participant"),
          (String) d.get("channel"), time(d.get("start_time")), time(d.get("end_time")),
          strings(d.get("words")));
    } catch (ClassCastException | NullPointerException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a record query description: " + d, e);
    }
  }

  private static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String.class::cast).toList();
  }

  private static Instant time(Object value) {
    String s = (String) value;
    return s.isEmpty() ? null : Instant.parse(s);
  }

  /** The query that matches every record. */
  public static RecordQuery everything() {
    return new RecordQuery(List.of(), "", "", null, null, List.of());
  }
}
