package org.chaperone.directory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.PersonFlags;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.store.Store;

/**
 * Applies a roster bundle (or the district's override file) to the directory: the use case behind
 * {@code ImportRoster}, {@code chaperone roster import} and {@code chaperone roster overrides}.
 * The difference is computed and applied in one transaction, together with archive entries for the
 * import and for every channel membership it changes — in every channel, so a new guardian link
 * reaches existing conversations and a removed one stops further copies.
 *
 * <p>Thread-safe.
 */
public final class RosterImport {
  private final Store store;
  private final Clock clock;
  private final Supplier<DistrictPolicy> policy;

  public RosterImport(Store store, Clock clock, Supplier<DistrictPolicy> policy) {
    this.store = store;
    this.clock = clock;
    this.policy = policy;
  }

  /** What an import changed (or, validating only, would change). */
  public record Summary(String version, Map<String, Integer> counts, long archiveIndex) {
    public int count(String key) {
      return counts.getOrDefault(key, 0);
    }
  }

  /**
   * Applies {@code bundle} on behalf of {@code actorId}; with {@code validateOnly}, computes the
   * changes without applying them.
   */
  public Summary apply(String actorId, RosterBundle bundle, boolean validateOnly) {
    DistrictPolicy p = policy.get();
    if (validateOnly) {
      DirectoryState state = store.write(tx -> tx.loadDirectory());
      DirectoryChanges changes = RosterDiff.between(state, bundle, p.supervision(), clock.instant());
      return new Summary(bundle.version(), counts(changes), -1);
    }
    return store.write(tx -> {
      Instant now = clock.instant();
      DirectoryChanges changes = RosterDiff.between(tx.loadDirectory(), bundle, p.supervision(), now);
      DirectoryChangeRecorder.apply(tx, changes, actorId, "roster import", now);
      Map<String, Integer> counts = counts(changes);
      Map<String, Object> details = new LinkedHashMap<>(counts);
      details.put("oneroster_version", bundle.version());
      details.put("policy_version", p.label());
      long index = tx.append(new ArchiveEvent("roster.imported", actorId, "roster", now, details));
      return new Summary(bundle.version(), counts, index);
    });
  }

  /**
   * Records the district's flags (no-contact guardians, eligible students, media releases) and
   * re-derives every channel's supervisors from them.
   */
  public Summary applyFlags(String actorId, Map<String, PersonFlags> flags) {
    DistrictPolicy p = policy.get();
    return store.write(tx -> {
      Instant now = clock.instant();
      tx.upsertFlags(flags);
      DirectoryChanges changes = RosterDiff.between(tx.loadDirectory(), RosterBundle.noChanges(),
          p.supervision(), now);
      DirectoryChangeRecorder.apply(tx, changes, actorId, "district override file", now);
      Map<String, Integer> counts = counts(changes);
      Map<String, Object> details = new LinkedHashMap<>(counts);
      details.put("people_flagged", flags.size());
      long index = tx.append(new ArchiveEvent("directory.flags_imported", actorId, "roster", now, details));
      return new Summary("overrides", counts, index);
    });
  }

  private static Map<String, Integer> counts(DirectoryChanges c) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("people_added", c.peopleAdded().size());
    counts.put("people_updated", c.peopleUpdated().size());
    counts.put("people_removed", c.peopleRemoved().size());
    counts.put("classes_added", c.classesAdded().size());
    counts.put("classes_removed", c.classesRemoved().size());
    counts.put("enrollments_added", c.enrollmentsAdded().size());
    counts.put("enrollments_removed", c.enrollmentsRemoved().size());
    counts.put("guardian_links_added", c.linksAdded().size());
    counts.put("guardian_links_removed", c.linksRemoved().size());
    counts.put("channel_members_added", c.membersAdded().size());
    counts.put("channel_members_removed", c.membersRemoved().size());
    return counts;
  }
}
