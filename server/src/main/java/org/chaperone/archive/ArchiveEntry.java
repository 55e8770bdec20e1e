package org.chaperone.archive;

import java.time.Instant;
import java.util.List;
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
    return ArchiveEvent.fromEntryBytes(payload);
  }

  /**
   * The tombstone the payload is when a retention disposition removed the entry's content; empty
   * for an entry that still holds its content.
   */
  public Optional<Tombstone> tombstone() {
    return Tombstone.parse(payload);
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
