package org.chaperone.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of archive records a district sets retention schedules for (the policy file's
 * {@code retention.<kind>} keys). Every archive event type belongs to exactly one kind, by the
 * prefix of its name, so event types added later fall into a kind without a schedule change.
 *
 * <p>{@link #RECORDS} — records requests, legal holds, retention schedules and dispositions — is the
 * records program's own log: it has no schedule and is kept permanently, so that every disposition
 * stays explained.
 */
public enum RecordKind {
  /** Messages and everything about them: sends, holds, releases, refusals, edits, retractions. */
  MESSAGE("message.", "review."),
  /** Watching: records searches, views, exports, disclosures and oversight reads (law 7). */
  ACCESS("records.", "oversight.", "access."),
  /** Email copies and notices, and their delivery outcomes. */
  EMAIL("email.", "notice."),
  /** Roster imports, the district's flags, channels and their membership. */
  DIRECTORY("roster.", "directory.", "channel."),
  /** Approvals of channels and exemptions, and integrations. */
  APPROVAL("approval.", "integration."),
  /** Records requests, legal holds, retention schedules and dispositions: kept permanently. */
  RECORDS("records_request.", "legal_hold.", "record.", "retention."),
  /** Any other event type. */
  OTHER();

  private final List<String> prefixes;

  RecordKind(String... prefixes) {
    this.prefixes = List.of(prefixes);
  }

  /** The kind of an archive event type, e.g. {@code message.edited}: MESSAGE. */
  public static RecordKind of(String eventType) {
    // RECORDS first: "records_request." must not be taken for ACCESS's "records.".
    for (RecordKind kind : List.of(RECORDS, MESSAGE, ACCESS, EMAIL, DIRECTORY, APPROVAL)) {
      for (String prefix : kind.prefixes) {
        if (eventType.startsWith(prefix)) {
          return kind;
        }
      }
    }
    return OTHER;
  }

  /** The name the policy file and archive entries use, e.g. {@code message}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind a policy-file key names. */
  public static Optional<RecordKind> ofKey(String key) {
    for (RecordKind kind : values()) {
      if (kind.key().equals(key)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** False for {@link #RECORDS}, which is never disposed of. */
  public boolean disposable() {
    return this != RECORDS;
  }
}
