package org.chaperone.archive;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What is left of an archive entry whose content a retention disposition removed: the entry's
 * type, actor, subject and time, and the leaf index of the {@code record.disposed} entry that
 * disposed of it and lists its leaf hash. The entry keeps its stored leaf hash, so the tree, every
 * checkpoint and every proof stay valid; {@link ArchiveVerifier} checks the disposed leaf against
 * the disposition's list instead of re-hashing a payload that is gone.
 *
 * <p>Canonical JSON with keys {@code actor}, {@code disposed_by}, {@code subject}, {@code time},
 * {@code type} — never a valid {@link ArchiveEvent}, which has {@code details} instead.
 *
 * @param disposedBy the leaf index of the {@code record.disposed} entry
 */
public record Tombstone(String type, String actorId, String subject, Instant time, long disposedBy) {
  /** The event type of a disposition. */
  public static final String DISPOSITION_TYPE = "record.disposed";

  public Tombstone {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(subject, "subject");
    time = time.truncatedTo(ChronoUnit.MICROS);
  }

  /** The tombstone of {@code entry}, disposed of by entry {@code disposedBy}. */
  public static Tombstone of(ArchiveEntry entry, long disposedBy) {
    return new Tombstone(entry.type(), entry.actorId(), entry.subject(), entry.time(), disposedBy);
  }

  /** The canonical bytes stored in place of the entry's payload. */
  public byte[] bytes() {
    Map<String, Object> m = new TreeMap<>();
    m.put("type", type);
    m.put("actor", actorId);
    m.put("subject", subject);
    m.put("time", time.toString());
    m.put("disposed_by", disposedBy);
    return CanonicalJson.encode(m);
  }

  /** The tombstone {@code payload} encodes; empty when it is anything else (e.g. an entry). */
  public static Optional<Tombstone> parse(byte[] payload) {
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
        || !(map.get("disposed_by") instanceof Number by)) {
      return Optional.empty();
    }
    Tombstone t;
    try {
      t = new Tombstone(type, actor, subject, Instant.parse(time), by.longValue());
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
    return Arrays.equals(t.bytes(), payload) ? Optional.of(t) : Optional.empty();
  }
}
