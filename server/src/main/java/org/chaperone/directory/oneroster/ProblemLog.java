package org.chaperone.directory.oneroster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.chaperone.directory.RosterProblem;
import org.chaperone.directory.RosterRejectedException;

/**
 * Collects the problems found while reading one bundle, in file and line order.
 *
 * <p>Only the first {@link #MAX_LISTED} problems (by file, then line) are kept, so a huge broken
 * file cannot exhaust memory; the rest are counted and summarised in one final problem. Not
 * thread-safe: one log serves one read.
 */
final class ProblemLog {
  static final int MAX_LISTED = 1000;

  /** File name of the summary problem that stands for the problems left off the list. */
  static final String MORE_FILE = "bundle";

  private record Entry(RosterProblem problem, long seq) {}

  private static final Comparator<Entry> ORDER =
      Comparator.<Entry, String>comparing(e -> e.problem().file())
          .thenComparingLong(e -> e.problem().line())
          .thenComparingLong(Entry::seq);

  private final TreeSet<Entry> kept = new TreeSet<>(ORDER);
  private long total;

  void add(String file, long line, String column, String reason) {
    Entry entry = new Entry(new RosterProblem(file, line, column, reason), total++);
    kept.add(entry);
    // why: keep the globally first MAX_LISTED problems, not merely the first ones found; files
    // are checked in an order that differs from the order the problems are reported in.
    if (kept.size() > MAX_LISTED) {
      kept.pollLast();
    }
  }

  boolean isEmpty() {
    return total == 0;
  }

  /** The problems found, sorted by file then line, capped with a final "and N more" problem. */
  List<RosterProblem> problems() {
    List<RosterProblem> list = new ArrayList<>(kept.size() + 1);
    kept.forEach(e -> list.add(e.problem()));
    long more = total - kept.size();
    if (more > 0) {
      list.add(
          new RosterProblem(
              MORE_FILE,
              0,
              "",
              "…and " + more + " more problem(s); only the first " + MAX_LISTED + " are listed"));
    }
    return list;
  }

  /** Throws when any problem was found. */
  void throwIfAny() throws RosterRejectedException {
    if (!isEmpty()) {
      throw new RosterRejectedException(problems());
    }
  }
}
