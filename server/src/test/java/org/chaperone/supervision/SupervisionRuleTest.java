package org.chaperone.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Role;
import org.chaperone.policy.DistrictPolicy;
import org.junit.jupiter.api.Test;

/** The supervision rule, table by table (board policies P003-copy, P000-one-to-one). */
class SupervisionRuleTest {
  private final List<ChannelMember> members = new ArrayList<>();

  private SupervisionRuleTest teacher(String id) {
    members.add(new ChannelMember("c", id, MemberRole.TEACHER, true, List.of()));
    return this;
  }

  private SupervisionRuleTest student(String id) {
    members.add(new ChannelMember("c", id, MemberRole.STUDENT, true, List.of()));
    return this;
  }

  private SupervisionRuleTest guardian(String id, String... of) {
    members.add(new ChannelMember("c", id, MemberRole.GUARDIAN_OBSERVER, false, List.of(of)));
    return this;
  }

  private SupervisionRuleTest supervisingStaff(String id, String... of) {
    members.add(new ChannelMember("c", id, MemberRole.STAFF_SUPERVISOR, false, List.of(of)));
    return this;
  }

  private SupervisionDecision decide(String sender, Role role) {
    return Supervision.decide(new Draft(sender, role, "c", false), members, DistrictPolicy.DEFAULT,
        Instant.parse("2026-11-23T15:00:00Z"));
  }

  @Test
  void teacherWithEveryStudentsGuardianIsSupervised() {
    teacher("t").student("s1").student("s2").guardian("g1", "s1").guardian("g2", "s2");
    SupervisionDecision d = decide("t", Role.TEACHER);
    assertThat(d.outcome()).isEqualTo(SupervisionDecision.Outcome.DELIVER);
    assertThat(d.supervisors()).extracting(SupervisionDecision.Supervisor::personId).containsExactly("g1", "g2");
    assertThat(d.policyVersion()).isEqualTo(DistrictPolicy.DEFAULT.label());
  }

  @Test
  void aStudentWithoutGuardianOrSecondStaffBlocksTheTeacher() {
    teacher("t").student("s1").student("s2").guardian("g1", "s1");
    SupervisionDecision d = decide("t", Role.TEACHER);
    assertThat(d.outcome()).isEqualTo(SupervisionDecision.Outcome.REFUSE);
    assertThat(d.refusal()).isEqualTo(ErrorReason.SUPERVISOR_REQUIRED);
    assertThat(d.unsupervisedStudents()).containsExactly("s2");
    assertThat(d.policyClause()).isEqualTo("P003-copy");
  }

  @Test
  void supervisingStaffOrASecondTeacherSupervisesStudentsWithoutGuardians() {
    teacher("t").student("s1").supervisingStaff("counselor", "s1");
    assertThat(decide("t", Role.TEACHER).outcome()).isEqualTo(SupervisionDecision.Outcome.DELIVER);
    members.clear();
    teacher("t1").teacher("t2").student("s1");
    assertThat(decide("t1", Role.TEACHER).outcome()).isEqualTo(SupervisionDecision.Outcome.DELIVER);
    assertThat(decide("s1", Role.STUDENT).outcome()).isEqualTo(SupervisionDecision.Outcome.DELIVER);
  }

  @Test
  void theSenderNeverSupervisesTheirOwnMessage() {
    // A supervising staff member who writes into the conversation is not their own supervisor.
    teacher("t").student("s1").supervisingStaff("counselor", "s1");
    members.set(2, new ChannelMember("c", "counselor", MemberRole.STAFF_SUPERVISOR, true, List.of("s1")));
    assertThat(decide("counselor", Role.STAFF).outcome()).isEqualTo(SupervisionDecision.Outcome.DELIVER);
    members.clear();
    teacher("t").student("s1");
    assertThat(decide("t", Role.TEACHER).refusal()).isEqualTo(ErrorReason.SUPERVISOR_REQUIRED);
  }

  @Test
  void aStudentWritingToTheirOnlyTeacherNeedsTheirGuardian() {
    teacher("t").student("s1");
    assertThat(decide("s1", Role.STUDENT).unsupervisedStudents()).containsExactly("s1");
    guardian("g1", "s1");
    assertThat(decide("s1", Role.STUDENT).outcome()).isEqualTo(SupervisionDecision.Outcome.DELIVER);
  }

  @Test
  void studentsMessageEachOtherOnlyWithStaffPresent() {
    student("s1").student("s2").guardian("g1", "s1");
    assertThat(decide("s1", Role.STUDENT).refusal()).isEqualTo(ErrorReason.STAFF_MEMBER_REQUIRED);
    teacher("t").guardian("g2", "s2");
    assertThat(decide("s1", Role.STUDENT).outcome()).isEqualTo(SupervisionDecision.Outcome.DELIVER);
  }

  @Test
  void channelsWithoutStudentsNeedNoSupervisor() {
    teacher("t1").teacher("t2");
    assertThat(decide("t1", Role.TEACHER).outcome()).isEqualTo(SupervisionDecision.Outcome.DELIVER);
  }
}
