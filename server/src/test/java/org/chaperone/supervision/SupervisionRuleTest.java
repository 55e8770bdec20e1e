package org.chaperone.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.MemberRole;
import org.junit.jupiter.api.Test;

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

  @Test
  void teacherWithEveryStudentsGuardianIsSupervised() {
    teacher("t").student("s1").student("s2").guardian("g1", "s1").guardian("g2", "s2");
    assertThat(SupervisionRule.check("t", members).allowed()).isTrue();
  }

  @Test
  void aStudentWithoutGuardianOrSecondStaffBlocksTheTeacher() {
    teacher("t").student("s1").student("s2").guardian("g1", "s1");
    assertThat(SupervisionRule.check("t", members).unsupervisedStudents()).containsExactly("s2");
  }

  @Test
  void aSecondStaffMemberSupervisesStudentsWithoutGuardians() {
    teacher("t1").teacher("t2").student("s1");
    assertThat(SupervisionRule.check("t1", members).allowed()).isTrue();
    assertThat(SupervisionRule.check("s1", members).allowed()).isTrue();
  }

  @Test
  void aStudentWritingToTheirOnlyTeacherNeedsTheirGuardian() {
    teacher("t").student("s1");
    assertThat(SupervisionRule.check("s1", members).unsupervisedStudents()).containsExactly("s1");
    guardian("g1", "s1");
    assertThat(SupervisionRule.check("s1", members).allowed()).isTrue();
  }

  @Test
  void channelsWithoutStaffOrWithoutStudentsNeedNoSupervisor() {
    student("s1").student("s2");
    assertThat(SupervisionRule.check("s1", members).allowed()).isTrue();
    members.clear();
    teacher("t1").teacher("t2");
    assertThat(SupervisionRule.check("t1", members).allowed()).isTrue();
  }
}
