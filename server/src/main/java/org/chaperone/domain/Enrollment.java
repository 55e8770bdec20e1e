package org.chaperone.domain;

import java.util.Objects;

/**
 * A person's enrollment in a class.
 *
 * @param id the roster's sourcedId
 * @param classId the class
 * @param personId the person
 * @param role their role in the class
 */
public record Enrollment(String id, String classId, String personId, EnrollmentRole role) {
  public Enrollment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(classId, "classId");
    Objects.requireNonNull(personId, "personId");
    Objects.requireNonNull(role, "role");
  }
}
