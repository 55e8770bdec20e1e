package org.chaperone.directory;

import java.util.List;

/** A roster bundle that cannot be imported; nothing of it was applied. */
public final class RosterRejectedException extends Exception {
  private final List<RosterProblem> problems;

  public RosterRejectedException(List<RosterProblem> problems) {
    super(problems.size() + " problem(s) in the roster bundle, first: " + problems.getFirst());
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in file and line order. */
  public List<RosterProblem> problems() {
    return problems;
  }
}
