package org.chaperone.records;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;
import org.chaperone.store.Store;

/**
 * Records search and record views for records officers: the use case behind
 * {@code SearchRecords} and {@code GetRecord}.
 *
 * <p>Watching is recorded (law 7): every search appends a {@code records.searched} entry naming
 * the query and every record it returned, and every view a {@code records.viewed} entry, to the
 * same archive, committed before the caller gets the answer. If the audit entry cannot be
 * written, the caller gets an error and no records.
 *
 * <p>Searches walk the log newest first (leaf indexes are commit- and time-ordered) and stop once
 * a page is full; words are matched through the full-text index (SQLite FTS5, PostgreSQL
 * {@code tsvector}), event types and times through their indexes.
 *
 * <p>Thread-safe.
 */
public final class RecordsSearch {
  /** The most words a search may require. */
  public static final int MAX_WORDS = 32;
  private static final int MAX_WORD_LENGTH = 64;
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private final Store store;
  private final RecordsAccess access;
  private final Clock clock;

  public RecordsSearch(Store store, RecordsAccess access, Clock clock) {
    this.store = store;
    this.access = access;
    this.clock = clock;
  }

  /**
   * One page of results.
   *
   * @param records the matching records, newest first
   * @param nextBeforeIndex where the next page starts (exclusive), or -1 after the last page
   * @param auditIndex the leaf index of the {@code records.searched} entry for this search
   */
  public record Page(List<ArchiveEntry> records, long nextBeforeIndex, long auditIndex) {}

  /** A viewed record and the leaf index of the {@code records.viewed} entry. */
  public record View(ArchiveEntry record, long auditIndex) {}

  /**
   * The words of free text as a search needs them: runs of letters and digits, in order, without
   * repeats.
   *
   * @throws RequestRejected when there are more than {@value #MAX_WORDS} words or one is longer
   *     than 64 characters
   */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String w = m.group();
      if (w.length() > MAX_WORD_LENGTH) {
        throw RequestRejected.invalidField("words", "a word is longer than " + MAX_WORD_LENGTH
            + " characters");
      }
      if (!words.contains(w)) {
        words.add(w);
      }
    }
    if (words.size() > MAX_WORDS) {
      throw RequestRejected.invalidField("words", "at most " + MAX_WORDS + " words");
    }
    return words;
  }

  /** A stable fingerprint of a query, to bind page tokens to it. */
  public static String fingerprint(RecordQuery query) {
    byte[] entry = new ArchiveEvent("query", "", "", Instant.EPOCH, query.describe()).entryBytes();
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(entry), 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The page of records matching {@code query} with indexes below {@code beforeIndex} (use
   * {@link Long#MAX_VALUE} for the first page), after archiving the search.
   */
  public Page search(Caller caller, RecordQuery query, long beforeIndex, int pageSize) {
    access.requireRecordsOfficer(caller);
    if (query.startTime() != null && query.endTime() != null
        && !query.startTime().isBefore(query.endTime())) {
      throw RequestRejected.invalidField("end_time", "must be after start_time");
    }
    List<ArchiveEntry> found = store.archive().search(query, beforeIndex, pageSize + 1);
    List<ArchiveEntry> page = found.size() > pageSize ? found.subList(0, pageSize) : found;
    long next = found.size() > pageSize ? page.getLast().index() : -1;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("query", query.describe());
    details.put("before", beforeIndex == Long.MAX_VALUE ? "" : Long.toString(beforeIndex));
    details.put("results", page.stream().map(ArchiveEntry::index).toList());
    details.put("integration", caller.integrationId());
    long audit = store.write(tx -> tx.append(new ArchiveEvent("records.searched",
        caller.personId(), "records", clock.instant(), details)));
    return new Page(List.copyOf(page), next, audit);
  }

  /** One record, after archiving the view. */
  public View view(Caller caller, long index) {
    access.requireRecordsOfficer(caller);
    ArchiveEntry entry = store.archive().entry(index).orElseThrow(() -> new RequestRejected(
        ErrorReason.RECORD_NOT_FOUND, "records/" + index + " is not in the archive"));
    long audit = store.write(tx -> tx.append(new ArchiveEvent("records.viewed",
        caller.personId(), "records/" + index, clock.instant(), Map.of(
            "record", index,
            "event_type", entry.type(),
            "record_subject", entry.subject(),
            "integration", caller.integrationId()))));
    return new View(entry, audit);
  }
}
