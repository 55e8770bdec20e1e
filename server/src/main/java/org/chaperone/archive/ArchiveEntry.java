package org.chaperone.archive;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored row of the archive log, as read back: its leaf index, the columns kept for queries,
 * the canonical entry bytes that were hashed ({@code payload}) and the stored leaf hash. The
 * payload is the record; the columns and the leaf hash are what {@link ArchiveVerifier} checks
 * against it.
 */
public record ArchiveEntry(long index, String type, String actorId, String subject, Instant time,
    byte[] payload, byte[] leafHash) {

  public ArchiveEntry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(time, "time");
    payload = payload.clone();
    leafHash = leafHash.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public byte[] leafHash() {
    return leafHash.clone();
  }

  /** The RFC 6962 leaf hash of the payload, recomputed. */
  public byte[] recomputedLeafHash() {
    return LogHashes.leafHash(payload);
  }

  /**
   * The event the payload encodes; empty when the payload is not a canonical archive entry (not
   * JSON, not canonical, or missing a field).
   */
  public Optional<ArchiveEvent> event() {
    Object decoded;
    try {
      decoded = CanonicalJson.decode(payload);
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
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    return Arrays.equals(event.entryBytes(), payload) ? Optional.of(event) : Optional.empty();
  }

  /** A string detail of the event, or empty. */
  public static Optional<String> stringDetail(ArchiveEvent event, String key) {
    return event.details().get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** A list detail of the event, or empty. */
  public static Optional<List<?>> listDetail(ArchiveEvent event, String key) {
    return event.details().get(key) instanceof List<?> l ? Optional.of(l) : Optional.empty();
  }
}
