package org.chaperone.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Enrollment;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Person;

/**
 * Derives a class channel's members from the roster: the class's teachers and students, plus every
 * guardian of every student as an observer. Pure; the same roster always gives the same members.
 *
 * <p>Guardians are added by the gateway, not chosen by anyone, so that a teacher's message to the
 * class is always copied to the students' families (board policies P003-copy, P000-one-to-one).
 */
public final class ClassChannelMembership {
  private ClassChannelMembership() {}

  /**
   * The members of {@code channelId} for a class with {@code enrollments}.
   *
   * @param people active people by id; enrollments of anyone else are ignored
   * @param guardiansByStudent guardian links grouped by student id
   * @return members keyed and ordered by person id
   */
  public static Map<String, ChannelMember> derive(
      String channelId,
      Collection<Enrollment> enrollments,
      Map<String, Person> people,
      Map<String, List<GuardianLink>> guardiansByStudent) {
    Map<String, ChannelMember> members = new TreeMap<>();
    Map<String, TreeSet<String>> observed = new LinkedHashMap<>();
    for (Enrollment e : enrollments) {
      if (!people.containsKey(e.personId())) {
        continue;
      }
      MemberRole role = switch (e.role()) {
        case STUDENT -> MemberRole.STUDENT;
        case TEACHER, ADMINISTRATOR -> MemberRole.TEACHER;
      };
      ChannelMember existing = members.get(e.personId());
      // A person enrolled twice (e.g. as student and teacher in error) keeps the staff role.
      if (existing == null || role == MemberRole.TEACHER) {
        members.put(e.personId(), new ChannelMember(channelId, e.personId(), role, true, List.of()));
      }
      if (role == MemberRole.STUDENT) {
        for (GuardianLink link : guardiansByStudent.getOrDefault(e.personId(), List.of())) {
          if (people.containsKey(link.guardianId())) {
            observed.computeIfAbsent(link.guardianId(), g -> new TreeSet<>()).add(e.personId());
          }
        }
      }
    }
    observed.forEach((guardianId, students) -> {
      // A guardian who is also a participant (a teacher whose child is in the class) stays a
      // participant: they already receive everything.
      members.putIfAbsent(guardianId, new ChannelMember(
          channelId, guardianId, MemberRole.GUARDIAN_OBSERVER, false, new ArrayList<>(students)));
    });
    return members;
  }
}
