package org.chaperone.domain;

/** What kind of conversation a channel is. */
public enum ChannelKind {
  /** One per roster class; its participants follow the roster. */
  CLASS,
  /** A team, club or activity owned by a staff member; opens once a school administrator approves it. */
  GROUP,
  /** A staff member and one student. Never private: created with the student's supervisors in it. */
  DIRECT
}
