package org.chaperone.archive;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One entry of the archive log: something that happened, who did it, and to what.
 *
 * <p>The entry's bytes ({@link #entryBytes()}) are canonical JSON with sorted keys, so the same
 * event always hashes to the same leaf (RFC 6962 leaf hash, see {@link LogHashes}).
 *
 * @param type what happened, e.g. {@code message.created}, {@code roster.imported}
 * @param actorId the authenticated person who caused it, or {@code system}
 * @param subject the resource it concerns, e.g. {@code channels/c1/messages/42}
 * @param time when it happened
 * @param details event-specific fields: strings, numbers, booleans, lists and maps of those
 */
public record ArchiveEvent(
    String type, String actorId, String subject, Instant time, Map<String, Object> details) {

  public ArchiveEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(subject, "subject");
    // Microseconds: what the store keeps, so a re-encoded entry hashes the same.
    time = time.truncatedTo(ChronoUnit.MICROS);
    details = new TreeMap<>(details);
  }

  /**
   * The event whose canonical entry bytes are {@code entry}; empty when the bytes are not
   * canonical JSON of an entry (not JSON, not canonical, or a field missing or of the wrong type).
   */
  public static Optional<ArchiveEvent> fromEntryBytes(byte[] entry) {
    Object decoded;
    try {
      decoded = CanonicalJson.decode(entry);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!(decoded instanceof Map<?, ?> map) || map.size() != 5
        || !(map.get("type") instanceof String type)
        || !(map.get("actor") instanceof String actor)
        || !(map.get("subject") instanceof String subject)
        || !(map.get("time") instanceof String time)
        || !(map.get("details") instanceof Map<?, ?> details)) {
      return Optional.empty();
    }
    ArchiveEvent event;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) details;
      event = new ArchiveEvent(type, actor, subject, Instant.parse(time), typed);
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
    return java.util.Arrays.equals(event.entryBytes(), entry) ? Optional.of(event) : Optional.empty();
  }

  /** The canonical entry bytes that are hashed into the log. */
  public byte[] entryBytes() {
    Map<String, Object> entry = new TreeMap<>();
    entry.put("type", type);
    entry.put("actor", actorId);
    entry.put("subject", subject);
    entry.put("time", time.toString());
    entry.put("details", details);
    return CanonicalJson.encode(entry);
  }
}
