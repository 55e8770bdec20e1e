package org.chaperone.domain;

import java.util.Objects;

/**
 * A guardian's link to a student, from the roster's {@code agentSourcedIds}.
 *
 * @param guardianId the guardian's person id
 * @param studentId the student's person id
 */
public record GuardianLink(String guardianId, String studentId) {
  public GuardianLink {
    Objects.requireNonNull(guardianId, "guardianId");
    Objects.requireNonNull(studentId, "studentId");
  }
}
