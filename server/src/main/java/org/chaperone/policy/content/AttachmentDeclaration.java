package org.chaperone.policy.content;

import java.util.List;
import java.util.Objects;

/**
 * What the sender declares about an attachment: its name and the directory ids of the students
 * it depicts (empty when it depicts none). The engine never reads attachment bytes.
 */
public record AttachmentDeclaration(String name, List<String> depictedStudentIds) {
  public AttachmentDeclaration {
    Objects.requireNonNull(name, "name");
    depictedStudentIds = List.copyOf(depictedStudentIds);
  }
}
