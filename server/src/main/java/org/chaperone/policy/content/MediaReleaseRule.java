package org.chaperone.policy.content;

import java.util.List;
import org.chaperone.domain.Role;

/**
 * Attachments declared to depict students need each depicted student's media release on file
 * (P001-media-release; P001-student-posting when a student sends). A depicted id the directory
 * does not know has no release on file either.
 *
 * <p>Thread-safe.
 */
final class MediaReleaseRule {
  void detect(Inspection in) {
    boolean studentSender = in.draft.sender().role() == Role.STUDENT;
    String clause = studentSender ? "P001-student-posting" : RuleId.MEDIA_RELEASE.clause();
    for (AttachmentDeclaration a : in.draft.attachments()) {
      for (String id : a.depictedStudentIds()) {
        var student = in.directory.student(id);
        if (student.isPresent() && student.get().mediaRelease()) {
          continue;
        }
        String who = student.map(s -> s.displayName().isEmpty() ? s.id() : s.displayName())
            .orElse("student " + id + " (not in the directory)");
        in.findings.add(new Finding(RuleId.MEDIA_RELEASE, clause, Severity.SEVERE,
            "attachment \"" + a.name() + "\" depicts " + who + ", who has no media release on file;"
                + " student images need written parental authorisation (" + clause + ")",
            List.of(), a.name()));
      }
    }
  }
}
