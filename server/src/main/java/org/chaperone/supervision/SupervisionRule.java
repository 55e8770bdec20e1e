package org.chaperone.supervision;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.chaperone.domain.ChannelMember;

/**
 * The first law: no staff–student conversation without a supervisor (board policies P003-copy,
 * P003-no-private-chat, P000-one-to-one). Pure.
 *
 * <p>A channel that has both staff and students is supervised when every student in it has a
 * supervisor who is neither the sender nor that student: a guardian observing for the student, or
 * a second staff member (so that, whoever of the staff writes, another one reads). A channel
 * without staff, or without students, needs no supervisor under this rule.
 */
public final class SupervisionRule {
  private SupervisionRule() {}

  /** The outcome: the students left unsupervised, empty when the message may be delivered. */
  public record Verdict(List<String> unsupervisedStudents) {
    public boolean allowed() {
      return unsupervisedStudents.isEmpty();
    }
  }

  /** Checks a message by {@code senderId} into a channel with {@code members}. */
  public static Verdict check(String senderId, Collection<ChannelMember> members) {
    Set<String> staff = new HashSet<>();
    Set<String> students = new TreeSet<>();
    Set<String> observed = new HashSet<>();
    for (ChannelMember m : members) {
      switch (m.role()) {
        case TEACHER -> staff.add(m.personId());
        case STUDENT -> students.add(m.personId());
        case GUARDIAN_OBSERVER -> {
          if (!m.personId().equals(senderId)) {
            observed.addAll(m.observingFor());
          }
        }
      }
    }
    if (staff.isEmpty() || students.isEmpty()) {
      return new Verdict(List.of());
    }
    // Staff other than the sender who would read the message.
    long otherStaff = staff.stream().filter(s -> !s.equals(senderId)).count();
    boolean senderIsStaff = staff.contains(senderId);
    List<String> unsupervised = students.stream()
        .filter(student -> !observed.contains(student))
        // A second staff member supervises: with a staff sender, any other staff member; with a
        // student sender, the staff reading are recipients, so it takes two of them.
        .filter(student -> senderIsStaff ? otherStaff == 0 : staff.size() < 2)
        .toList();
    return new Verdict(unsupervised);
  }

}
