package org.chaperone.directory.oneroster;

import java.util.List;
import java.util.Set;

/**
 * What one roster file yields: its active records, the ids it deletes, and its ids for reference
 * checks.
 *
 * @param active records whose status is active (or empty)
 * @param deletedIds ids whose status is {@code tobedeleted}
 * @param ids every id of the file, for checking references to it
 */
record Parsed<T>(List<T> active, Set<String> deletedIds, KnownIds ids) {
  Parsed {
    active = List.copyOf(active);
    deletedIds = Set.copyOf(deletedIds);
  }

  /** The result for a file the bundle does not provide, or that could not be read. */
  static <T> Parsed<T> none() {
    return new Parsed<>(List.of(), Set.of(), KnownIds.UNCHECKED);
  }
}
