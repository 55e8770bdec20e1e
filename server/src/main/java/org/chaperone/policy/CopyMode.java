package org.chaperone.policy;

/** Who supervises a student's conversations with staff (board policy P003-copy: "parents and/or other staff"). */
public enum CopyMode {
  /** The student's guardians. */
  GUARDIANS,
  /** The school's supervising staff. */
  STAFF,
  /** Both. */
  GUARDIANS_AND_STAFF,
  /** The guardians; the supervising staff when no guardian can be copied. */
  GUARDIANS_OR_STAFF;

  boolean wantsGuardians() {
    return this != STAFF;
  }
}
