package org.chaperone.domain;

import java.util.Objects;

/**
 * A class section from the roster.
 *
 * @param id the roster's sourcedId
 * @param title the class title
 * @param schoolId the school's org id
 */
public record SchoolClass(String id, String title, String schoolId) {
  public SchoolClass {
    Objects.requireNonNull(id, "id");
    title = Objects.requireNonNullElse(title, "");
    schoolId = Objects.requireNonNullElse(schoolId, "");
  }
}
