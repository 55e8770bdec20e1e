package org.chaperone.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.MemberRole;
import org.chaperone.policy.DistrictPolicy;

/**
 * The supervision decision for a draft: a pure function of the draft, the channel's members (as
 * {@link ChannelMembership} derived them), the district policy and the time.
 *
 * <ol>
 *   <li><b>No unsupervised staff–student conversation</b> (P003-copy, P000-one-to-one,
 *       P003-no-private-chat): in a channel with staff and students, every student needs a
 *       supervisor who is neither the sender nor that student — a guardian or supervising staff
 *       member observing for them, or a second staff participant. Otherwise: refused,
 *       {@code SUPERVISOR_REQUIRED}.
 *   <li><b>Students talk to students only with staff present</b>: a student's message into a
 *       channel with other students and no staff is refused ({@code STAFF_MEMBER_REQUIRED}).
 *   <li><b>Quiet hours</b> (P000-time-place-manner): a staff member's message to students inside a
 *       quiet window is held until it ends, unless the sender's role may declare an emergency and
 *       does ({@code EMERGENCY_NOT_ALLOWED} when it may not).
 * </ol>
 */
public final class Supervision {
  private Supervision() {}

  public static SupervisionDecision decide(Draft draft, Collection<ChannelMember> members,
      DistrictPolicy policy, Instant now) {
    Set<String> staff = new HashSet<>();
    Set<String> students = new TreeSet<>();
    for (ChannelMember m : members) {
      if (m.role() == MemberRole.TEACHER || m.role() == MemberRole.STAFF_SUPERVISOR) {
        staff.add(m.personId());
      } else if (m.role() == MemberRole.STUDENT) {
        students.add(m.personId());
      }
    }
    List<SupervisionDecision.Supervisor> supervisors = supervisors(draft.senderId(), members, staff);
    String version = policy.label();
    boolean senderIsStudent = students.contains(draft.senderId());
    boolean senderIsStaff = staff.contains(draft.senderId());

    if (senderIsStudent && staff.isEmpty() && students.size() > 1) {
      return refuse(ErrorReason.STAFF_MEMBER_REQUIRED, "students may message each other only in a"
          + " channel with a staff member in it", "P000-one-to-one", supervisors, version);
    }
    if (senderIsStudent && !policy.supervision().studentToStudentNeedsStaff() && students.size() > 1) {
      return refuse(ErrorReason.STAFF_MEMBER_REQUIRED, "the district policy does not allow students"
          + " to message other students", "P000-one-to-one", supervisors, version);
    }
    if (!staff.isEmpty() && !students.isEmpty()) {
      List<String> unsupervised = new ArrayList<>();
      for (String student : students) {
        boolean supervised = supervisors.stream().anyMatch(s -> s.forStudents().contains(student));
        if (!supervised) {
          unsupervised.add(student);
        }
      }
      if (!unsupervised.isEmpty()) {
        return refuse(ErrorReason.SUPERVISOR_REQUIRED, "nothing was sent: no guardian or second staff"
            + " member supervises " + String.join(", ", unsupervised.stream().map(s -> "people/" + s).toList())
            + " in this conversation (board policies P003-copy, P000-one-to-one)", "P003-copy",
            supervisors, version, unsupervised);
      }
    }
    if (senderIsStaff && !students.isEmpty()) {
      Optional<Instant> hold = policy.quietHours().holdUntil(now);
      if (hold.isPresent()) {
        if (draft.emergency()) {
          if (!policy.quietHours().emergencyRoles().contains(draft.senderRole())) {
            return refuse(ErrorReason.EMERGENCY_NOT_ALLOWED, "the district policy does not let a "
                + draft.senderRole().name().toLowerCase() + " override quiet hours",
                "P000-time-place-manner", supervisors, version);
          }
          return new SupervisionDecision(SupervisionDecision.Outcome.DELIVER, null,
              "delivered during quiet hours under an emergency override (P000-time-place-manner)",
              "P000-time-place-manner", supervisors, null, true, version, List.of());
        }
        return new SupervisionDecision(SupervisionDecision.Outcome.HOLD, null,
            "held for quiet hours until " + hold.get() + " (P000-time-place-manner)",
            "P000-time-place-manner", supervisors, hold.get(), false, version, List.of());
      }
    }
    return new SupervisionDecision(SupervisionDecision.Outcome.DELIVER, null,
        students.isEmpty() || staff.isEmpty() ? "delivered" : "delivered with every student supervised (P003-copy)",
        students.isEmpty() || staff.isEmpty() ? "" : "P003-copy", supervisors, null, false, version,
        List.of());
  }

  /** Who supervises each student for a message by {@code senderId}. */
  private static List<SupervisionDecision.Supervisor> supervisors(String senderId,
      Collection<ChannelMember> members, Set<String> staff) {
    Map<String, SupervisionDecision.Supervisor> out = new LinkedHashMap<>();
    for (ChannelMember m : members) {
      if (m.role().isSupervisor() && !m.personId().equals(senderId) && !m.observingFor().isEmpty()) {
        out.put(m.personId(), new SupervisionDecision.Supervisor(m.personId(), m.role(), m.observingFor()));
      }
    }
    // A second staff participant supervises every student: whoever of the staff writes, another
    // one reads. With a student sender the staff are the recipients, so it takes two of them.
    boolean secondStaff = staff.size() >= 2;
    if (secondStaff) {
      List<String> students = members.stream().filter(m -> m.role() == MemberRole.STUDENT)
          .map(ChannelMember::personId).toList();
      staff.stream().filter(s -> !s.equals(senderId)).sorted().forEach(s -> out.putIfAbsent(s,
          new SupervisionDecision.Supervisor(s, MemberRole.TEACHER, students)));
    }
    return new ArrayList<>(out.values());
  }

  private static SupervisionDecision refuse(ErrorReason reason, String explanation, String clause,
      List<SupervisionDecision.Supervisor> supervisors, String version) {
    return refuse(reason, explanation, clause, supervisors, version, List.of());
  }

  private static SupervisionDecision refuse(ErrorReason reason, String explanation, String clause,
      List<SupervisionDecision.Supervisor> supervisors, String version, List<String> unsupervised) {
    return new SupervisionDecision(SupervisionDecision.Outcome.REFUSE, reason, explanation, clause,
        supervisors, null, false, version, unsupervised);
  }
}
