package org.chaperone.directory;

import java.util.Optional;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelKind;
import org.chaperone.domain.Enrollment;
import org.chaperone.domain.EnrollmentRole;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Person;
import org.chaperone.domain.Role;

/**
 * The only ways a staff member may reach a student (board policy P000-friending: no free-form
 * contacts): teaching one of the student's classes, owning an open group the student belongs to, or
 * holding a school role (administrator, counselor or other staff) at the student's school. Pure.
 */
public final class Relationships {
  private Relationships() {}

  /** Why {@code staff} may reach {@code student}, or empty when the roster shows no relationship. */
  public static Optional<String> between(Person staff, Person student, DirectoryState directory) {
    if (!staff.role().isStaff() || student.role() != Role.STUDENT) {
      return Optional.empty();
    }
    for (Enrollment mine : directory.enrollments().values()) {
      if (mine.personId().equals(staff.id()) && mine.role() != EnrollmentRole.STUDENT) {
        for (Enrollment theirs : directory.enrollments().values()) {
          if (theirs.classId().equals(mine.classId()) && theirs.personId().equals(student.id())
              && theirs.role() == EnrollmentRole.STUDENT) {
            return Optional.of("teaches classes/" + mine.classId());
          }
        }
      }
    }
    for (Channel c : directory.channels().values()) {
      if (c.kind() == ChannelKind.GROUP && c.open() && c.ownerId().equals(staff.id())
          && directory.participants().getOrDefault(c.id(), java.util.Map.of()).get(student.id())
              == MemberRole.STUDENT) {
        return Optional.of("owns group channels/" + c.id());
      }
    }
    if ((staff.role() == Role.ADMINISTRATOR || staff.role() == Role.STAFF)
        && staff.schoolIds().stream().anyMatch(student.schoolIds()::contains)) {
      return Optional.of("holds a school role at the student's school");
    }
    return Optional.empty();
  }
}
