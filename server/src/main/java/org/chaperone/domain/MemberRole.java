package org.chaperone.domain;

/** Why a person is in a channel. */
public enum MemberRole {
  TEACHER,
  STUDENT,
  /**
   * A guardian of a student member, added by the gateway so that the conversation is supervised.
   * Observers receive every message; participants cannot remove them.
   */
  GUARDIAN_OBSERVER
}
