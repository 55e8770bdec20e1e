package org.chaperone.directory.oneroster;

import java.util.Set;

/**
 * The sourcedIds a roster file declares, for checking references from other files.
 *
 * @param ids every sourcedId in the file, active or {@code tobedeleted}
 * @param complete true when the file is a bulk file that was read in full, so an id missing from
 *     {@code ids} is truly unknown; false when references to it cannot be checked
 */
record KnownIds(Set<String> ids, boolean complete) {
  /** Ids of a file that is absent, a delta, or unreadable: every reference passes. */
  static final KnownIds UNCHECKED = new KnownIds(Set.of(), false);

  KnownIds {
    ids = Set.copyOf(ids);
  }

  /** True when {@code id} is known not to exist. */
  boolean lacks(String id) {
    return complete && !ids.contains(id);
  }
}
