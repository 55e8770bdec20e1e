package org.chaperone.domain;

/** The role a person holds in the district directory. */
public enum Role {
  STUDENT,
  GUARDIAN,
  TEACHER,
  ADMINISTRATOR,
  STAFF;

  /** True for every role employed by the district (teachers, administrators, other staff). */
  public boolean isStaff() {
    return this == TEACHER || this == ADMINISTRATOR || this == STAFF;
  }
}
