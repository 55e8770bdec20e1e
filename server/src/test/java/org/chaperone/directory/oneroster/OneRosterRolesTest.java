package org.chaperone.directory.oneroster;

import static org.assertj.core.api.Assertions.assertThat;

import org.chaperone.domain.EnrollmentRole;
import org.chaperone.domain.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OneRosterRolesTest {

  @ParameterizedTest
  @CsvSource({
    "student, STUDENT",
    "parent, GUARDIAN",
    "guardian, GUARDIAN",
    "relative, GUARDIAN",
    "teacher, TEACHER",
    "aide, TEACHER",
    "proctor, TEACHER",
    "administrator, ADMINISTRATOR",
    "districtAdministrator, ADMINISTRATOR",
    "siteAdministrator, ADMINISTRATOR",
    "principal, ADMINISTRATOR",
    "systemAdministrator, STAFF",
    "counselor, STAFF",
    "staff, STAFF",
    "' Teacher ', TEACHER",
    "SITEADMINISTRATOR, ADMINISTRATOR"
  })
  void mapsPersonRoles(String oneRoster, Role expected) {
    assertThat(OneRosterRoles.personRole(oneRoster)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "janitor", "ext:coach", "learner"})
  void unknownPersonRolesMapToNothing(String oneRoster) {
    assertThat(OneRosterRoles.personRole(oneRoster)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "student, STUDENT",
    "teacher, TEACHER",
    "aide, TEACHER",
    "Proctor, TEACHER",
    "administrator, ADMINISTRATOR"
  })
  void mapsEnrollmentRoles(String oneRoster, EnrollmentRole expected) {
    assertThat(OneRosterRoles.enrollmentRole(oneRoster)).contains(expected);
    assertThat(OneRosterRoles.isGuardianEnrollment(oneRoster)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"parent", "guardian", "Relative"})
  void guardianEnrollmentsAreRecognisedAndNotMapped(String oneRoster) {
    assertThat(OneRosterRoles.isGuardianEnrollment(oneRoster)).isTrue();
    assertThat(OneRosterRoles.enrollmentRole(oneRoster)).isEmpty();
  }
}
