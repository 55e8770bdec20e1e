package org.chaperone.records;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.archive.Tombstone;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.policy.RecordKind;
import org.chaperone.policy.RetentionSchedule;
import org.chaperone.store.Store;

/**
 * The retention disposition: removes the content of archive records past their kind's retention
 * schedule, leaving tombstones, and archives what it removed (law 5). The gateway runs it daily;
 * {@code chaperone archive dispose [--dry-run]} runs it on demand.
 *
 * <p>A record past retention is kept when
 * <ul>
 *   <li>an active legal hold's scope matches it, or an open records request's scope does (as its
 *       production would gather it) — or either matches another record of the same message, so a
 *       message's creation, edits, retraction and deliveries stay or go together;
 *   <li>it is a watching record (a search, view, export, disclosure listing or oversight read)
 *       and a record it touched still holds its content: watching is kept as long as the records
 *       it touched (law 7).
 * </ul>
 *
 * <p>Each batch is one transaction: the {@code record.disposed} entry, listing every disposed
 * record with its leaf hash, event type and time, then each record's tombstone naming it, and the
 * texts kept with the records emptied. Holds and requests are re-read under the log's write lock
 * before committing; if one appeared since the batch was judged, the batch is judged again.
 *
 * <p>Thread-safe; runs may not overlap usefully (a second concurrent run finds nothing new).
 */
public final class RetentionDisposition {
  private static final int BATCH = 500;

  private final Store store;
  private final Supplier<DistrictPolicy> policy;
  private final Clock clock;

  public RetentionDisposition(Store store, Supplier<DistrictPolicy> policy, Clock clock) {
    this.store = store;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * What a run did (or, dry, would do).
   *
   * @param dryRun nothing was changed
   * @param disposed records disposed of, per kind
   * @param heldByLegalHold records past retention kept for a legal hold
   * @param heldByRecordsRequest records past retention kept for an open records request
   * @param heldForWatchedRecords watching records kept because records they touched remain
   * @param dispositions the leaf indexes of the {@code record.disposed} entries written
   */
  public record Report(boolean dryRun, Map<RecordKind, Long> disposed, long heldByLegalHold,
      long heldByRecordsRequest, long heldForWatchedRecords, List<Long> dispositions) {
    public Report {
      disposed = Map.copyOf(disposed);
      dispositions = List.copyOf(dispositions);
    }

    /** Records disposed of, all kinds. */
    public long total() {
      return disposed.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Disposes of every record past retention that nothing holds; with {@code dryRun}, only counts. */
  public Report run(boolean dryRun) {
    Instant now = clock.instant();
    DistrictPolicy p = policy.get();
    Map<String, Instant> cutoffs = new TreeMap<>();
    for (String type : store.archive().eventTypes()) {
      RecordKind kind = RecordKind.of(type);
      Instant cutoff = p.retention().schedule(kind).cutoff(now);
      if (kind.disposable() && cutoff != null) {
        cutoffs.put(type, cutoff);
      }
    }
    Tally tally = new Tally();
    long after = -1;
    while (!cutoffs.isEmpty()) {
      List<ArchiveEntry> candidates = store.archive().retentionCandidates(cutoffs, after, BATCH);
      if (candidates.isEmpty()) {
        break;
      }
      Holds holds = holds();
      Judgement judged = judge(candidates, holds);
      if (!dryRun && !judged.disposable().isEmpty()) {
        Long index = store.write(tx -> {
          if (!tx.activeRecordHolds().equals(holds.names())) {
            return null; // A hold or request appeared or ended meanwhile: judge the batch again.
          }
          Set<Long> still = tx.undisposed(judged.disposable().stream().map(ArchiveEntry::index).toList());
          List<ArchiveEntry> entries = judged.disposable().stream()
              .filter(e -> still.contains(e.index())).toList();
          return entries.isEmpty() ? -1L : tx.dispose(disposition(entries, p, now), entries);
        });
        if (index == null) {
          continue;
        }
        if (index >= 0) {
          tally.dispositions.add(index);
        }
      }
      judged.disposable().forEach(e -> tally.disposed.merge(RecordKind.of(e.type()), 1L, Long::sum));
      tally.byHold += judged.byHold();
      tally.byRequest += judged.byRequest();
      tally.forWatched += judged.forWatched();
      after = candidates.getLast().index();
    }
    return new Report(dryRun, tally.disposed, tally.byHold, tally.byRequest, tally.forWatched,
        tally.dispositions);
  }

  private static final class Tally {
    final Map<RecordKind, Long> disposed = new EnumMap<>(RecordKind.class);
    final List<Long> dispositions = new ArrayList<>();
    long byHold;
    long byRequest;
    long forWatched;
  }

  /** The active legal holds and open records requests, with the searches that find their records. */
  private record Holds(Map<String, List<RecordQuery>> queries) {
    Set<String> names() {
      return new TreeSet<>(queries.keySet());
    }
  }

  private Holds holds() {
    Map<String, List<RecordQuery>> queries = new LinkedHashMap<>();
    long before = Long.MAX_VALUE;
    List<LegalHold> page;
    do {
      page = store.archive().legalHolds(true, before, BATCH);
      page.forEach(h -> queries.put(h.name(), List.of(h.scope())));
      before = page.isEmpty() ? 0 : page.getLast().id();
    } while (page.size() == BATCH);
    before = Long.MAX_VALUE;
    List<RecordsRequest> requests;
    do {
      requests = store.archive().recordsRequests(RecordsRequest.State.OPEN, before, BATCH);
      requests.forEach(r -> queries.put(r.name(), r.scopeQueries()));
      before = requests.isEmpty() ? 0 : requests.getLast().id();
    } while (requests.size() == BATCH);
    return new Holds(queries);
  }

  private record Judgement(List<ArchiveEntry> disposable, long byHold, long byRequest, long forWatched) {}

  private Judgement judge(List<ArchiveEntry> candidates, Holds holds) {
    // A message's records (creation, release, edits, retraction, email outcomes) share its
    // resource name as their subject: judge them together.
    Map<String, List<Long>> families = new HashMap<>();
    Set<Long> all = new HashSet<>();
    for (ArchiveEntry e : candidates) {
      all.add(e.index());
      if (isMessage(e.subject())) {
        all.addAll(families.computeIfAbsent(e.subject(), store.archive()::indexesWithSubject));
      }
    }
    Map<Long, String> heldBy = new HashMap<>();
    holds.queries().forEach((name, queries) -> {
      for (RecordQuery q : queries) {
        store.archive().matching(q, all).forEach(i -> heldBy.putIfAbsent(i, name));
      }
    });
    List<ArchiveEntry> disposable = new ArrayList<>();
    Set<Long> disposing = new HashSet<>();
    long byHold = 0;
    long byRequest = 0;
    long forWatched = 0;
    for (ArchiveEntry e : candidates) {
      String holder = heldBy.get(e.index());
      for (long i : families.getOrDefault(e.subject(), List.of())) {
        holder = holder != null ? holder : heldBy.get(i);
      }
      if (holder != null) {
        if (holder.startsWith("legalHolds/")) {
          byHold++;
        } else {
          byRequest++;
        }
      } else if (RecordKind.of(e.type()) == RecordKind.ACCESS && touchesRetained(e, disposing)) {
        forWatched++;
      } else {
        disposable.add(e);
        disposing.add(e.index());
      }
    }
    return new Judgement(disposable, byHold, byRequest, forWatched);
  }

  /** True when a record a watching record touched still holds its content (law 7). */
  private boolean touchesRetained(ArchiveEntry watching, Set<Long> disposing) {
    ArchiveEvent event = watching.event().orElse(null);
    if (event == null) {
      return false;
    }
    if (event.type().startsWith("oversight.") && watching.subject().startsWith("channels/")) {
      return store.archive().channelHasRetainedMessages(
          watching.subject().substring("channels/".length()), watching.index());
    }
    Set<Long> touched = new TreeSet<>();
    for (String key : List.of("results", "records", "record")) {
      Object value = event.details().get(key);
      if (value instanceof Number n) {
        touched.add(n.longValue());
      } else if (value instanceof List<?> list) {
        list.forEach(v -> {
          if (v instanceof Number n) {
            touched.add(n.longValue());
          }
        });
      }
    }
    touched.removeAll(disposing);
    return store.archive().entriesAt(touched).stream().anyMatch(t -> t.tombstone().isEmpty());
  }

  private static boolean isMessage(String subject) {
    return subject.startsWith("channels/") && subject.contains("/messages/");
  }

  private static ArchiveEvent disposition(List<ArchiveEntry> entries, DistrictPolicy p, Instant now) {
    List<Object> records = new ArrayList<>();
    Map<String, Object> schedules = new TreeMap<>();
    for (ArchiveEntry e : entries) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("record", e.index());
      r.put("leaf_hash", HexFormat.of().formatHex(e.leafHash()));
      r.put("event_type", e.type());
      r.put("record_time", e.time().toString());
      records.add(r);
      RecordKind kind = RecordKind.of(e.type());
      RetentionSchedule schedule = p.retention().schedule(kind);
      schedules.put(kind.key(), schedule.describe());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("records", records);
    details.put("schedules", schedules);
    details.put("policy_version", p.label());
    return new ArchiveEvent(Tombstone.DISPOSITION_TYPE, RetentionSchedules.ACTOR, "records", now,
        details);
  }
}
