package org.chaperone.supervision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Person;
import org.chaperone.policy.CopyMode;
import org.chaperone.policy.SupervisionPolicy;

/**
 * Derives a channel's members: its participants, plus the supervisors the gateway adds for every
 * student participant — the student's guardians and/or the school's supervising staff, as the
 * district policy says (board policies P003-copy, P000-one-to-one). Pure: the same roster, flags
 * and policy always give the same members, so membership is recomputed after every roster change
 * and no participant can add or remove a supervisor.
 *
 * <p>Guardians flagged no-contact are never added. A student who holds their own rights (18 or
 * older, or flagged eligible) is supervised by staff instead of guardians when the policy says so.
 */
public final class ChannelMembership {
  private ChannelMembership() {}

  /**
   * @param participants the channel's participants (person id to TEACHER or STUDENT); people who
   *     are no longer active are dropped
   * @return members keyed and ordered by person id
   */
  public static Map<String, ChannelMember> derive(String channelId, String schoolId,
      Map<String, MemberRole> participants, RosterView roster, SupervisionPolicy policy) {
    Map<String, ChannelMember> members = new TreeMap<>();
    participants.forEach((personId, role) -> {
      if (roster.people().containsKey(personId)) {
        members.put(personId, new ChannelMember(channelId, personId, role, true, List.of()));
      }
    });
    Map<String, TreeSet<String>> guardianOf = new TreeMap<>();
    Map<String, TreeSet<String>> staffFor = new TreeMap<>();
    for (ChannelMember m : List.copyOf(members.values())) {
      if (m.role() != MemberRole.STUDENT) {
        continue;
      }
      Person student = roster.people().get(m.personId());
      CopyMode mode = policy.copyFor(schoolId, student.grades());
      if (roster.flags(student.id()).eligibleStudent() && policy.eligibleStudentsByStaff()) {
        mode = CopyMode.STAFF;
      }
      List<String> guardians = new ArrayList<>();
      if (mode != CopyMode.STAFF) {
        for (String g : roster.guardiansByStudent().getOrDefault(student.id(), List.of())) {
          if (roster.people().containsKey(g) && !roster.flags(g).noContact()) {
            guardians.add(g);
          }
        }
      }
      guardians.forEach(g -> guardianOf.computeIfAbsent(g, k -> new TreeSet<>()).add(student.id()));
      boolean wantStaff = mode == CopyMode.STAFF || mode == CopyMode.GUARDIANS_AND_STAFF
          || (mode == CopyMode.GUARDIANS_OR_STAFF && guardians.isEmpty());
      if (wantStaff) {
        for (String s : policy.supervisingStaff(schoolId)) {
          if (roster.people().containsKey(s)) {
            staffFor.computeIfAbsent(s, k -> new TreeSet<>()).add(student.id());
          }
        }
      }
    }
    // A supervisor who is also a participant (a teacher whose child is in the class) stays a
    // participant: they already receive everything.
    guardianOf.forEach((g, students) -> members.putIfAbsent(g, new ChannelMember(
        channelId, g, MemberRole.GUARDIAN_OBSERVER, false, new ArrayList<>(students))));
    staffFor.forEach((s, students) -> members.putIfAbsent(s, new ChannelMember(
        channelId, s, MemberRole.STAFF_SUPERVISOR, false, new ArrayList<>(students))));
    return members;
  }
}
