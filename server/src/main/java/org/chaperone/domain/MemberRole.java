package org.chaperone.domain;

/** Why a person is in a channel. */
public enum MemberRole {
  /** A staff participant: a teacher of the class, a group's owner, the staff side of a direct conversation. */
  TEACHER,
  STUDENT,
  /**
   * A guardian of a student member, added by the gateway so that the conversation is supervised.
   * Observers receive every message; participants cannot remove them.
   */
  GUARDIAN_OBSERVER,
  /**
   * A supervising staff member (the district policy names them per school), added by the gateway
   * for students whose guardians do not supervise; receives every message, cannot be removed by
   * participants.
   */
  STAFF_SUPERVISOR;

  /** True for the members the gateway adds to supervise (board policy P003-copy). */
  public boolean isSupervisor() {
    return this == GUARDIAN_OBSERVER || this == STAFF_SUPERVISOR;
  }
}
