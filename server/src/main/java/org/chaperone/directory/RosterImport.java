package org.chaperone.directory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.ChannelMember;
import org.chaperone.store.Store;

/**
 * Applies a roster bundle to the directory: the use case behind {@code ImportRoster} and
 * {@code chaperone roster import}. The difference is computed and applied in one transaction,
 * together with archive entries for the import and for every channel membership it changes.
 *
 * <p>Thread-safe.
 */
public final class RosterImport {
  private final Store store;
  private final Clock clock;

  public RosterImport(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** What an import changed (or, validating only, would change). */
  public record Summary(String version, Map<String, Integer> counts, long archiveIndex) {
    public int count(String key) {
      return counts.getOrDefault(key, 0);
    }
  }

  /**
   * Applies {@code bundle} on behalf of {@code actorId}; with {@code validateOnly}, computes the
   * changes and rolls back.
   */
  public Summary apply(String actorId, RosterBundle bundle, boolean validateOnly) {
    if (validateOnly) {
      DirectoryState state = store.write(tx -> tx.loadDirectory());
      DirectoryChanges changes = RosterDiff.between(state, bundle, clock.instant());
      return new Summary(bundle.version(), counts(changes), -1);
    }
    return store.write(tx -> {
      Instant now = clock.instant();
      DirectoryChanges changes = RosterDiff.between(tx.loadDirectory(), bundle, now);
      tx.apply(changes);
      for (ChannelMember m : changes.membersAdded()) {
        tx.append(membershipEvent("channel.member_added", actorId, m, now));
      }
      for (ChannelMember m : changes.membersUpdated()) {
        tx.append(membershipEvent("channel.member_changed", actorId, m, now));
      }
      for (ChannelMember m : changes.membersRemoved()) {
        tx.append(membershipEvent("channel.member_removed", actorId, m, now));
      }
      Map<String, Integer> counts = counts(changes);
      Map<String, Object> details = new LinkedHashMap<>(counts);
      details.put("oneroster_version", bundle.version());
      long index = tx.append(new ArchiveEvent("roster.imported", actorId, "roster", now, details));
      return new Summary(bundle.version(), counts, index);
    });
  }

  private static ArchiveEvent membershipEvent(String type, String actorId, ChannelMember m, Instant now) {
    return new ArchiveEvent(type, actorId, "channels/" + m.channelId() + "/members/" + m.personId(),
        now, Map.of("role", m.role().name(), "can_post", m.canPost(),
            "observing_for", m.observingFor(), "reason", "roster import"));
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
