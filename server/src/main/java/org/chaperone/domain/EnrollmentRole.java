package org.chaperone.domain;

/** A person's role in a class, as enrollments give it. */
public enum EnrollmentRole {
  STUDENT,
  /** Teachers, aides and proctors: staff who lead the class. */
  TEACHER,
  ADMINISTRATOR
}
