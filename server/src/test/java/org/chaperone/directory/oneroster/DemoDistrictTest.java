package org.chaperone.directory.oneroster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.chaperone.directory.RosterBundle;
import org.chaperone.directory.RosterBundle.ImportMode;
import org.chaperone.directory.RosterBundle.RosterFile;
import org.chaperone.domain.Enrollment;
import org.chaperone.domain.EnrollmentRole;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Org;
import org.chaperone.domain.Person;
import org.chaperone.domain.Role;
import org.chaperone.domain.SchoolClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDistrictTest {

  private static final RosterBundle BUNDLE = read();

  private static RosterBundle read() {
    try {
      return OneRosterReader.readZip(DemoDistrict.bundleZip());
    } catch (Exception e) {
      throw new AssertionError("the demo district must be a valid bundle", e);
    }
  }

  @Test
  void readsBackAsAFullBulk11Bundle() {
    assertThat(BUNDLE.version()).isEqualTo("1.1");
    assertThat(BUNDLE.modes())
        .containsOnlyKeys(RosterFile.values())
        .allSatisfy((f, m) -> assertThat(m).isEqualTo(ImportMode.BULK));
    assertThat(BUNDLE.orgs())
        .containsExactly(
            new Org(DemoDistrict.DISTRICT_ID, "Maple Valley Unified", "district", ""),
            new Org(
                DemoDistrict.SCHOOL_ID, "Maple Valley High", "school", DemoDistrict.DISTRICT_ID));
    Map<Role, Long> roles =
        BUNDLE.people().stream()
            .collect(Collectors.groupingBy(Person::role, Collectors.counting()));
    assertThat(roles)
        .containsOnly(
            Map.entry(Role.ADMINISTRATOR, 1L),
            Map.entry(Role.TEACHER, 2L),
            Map.entry(Role.STUDENT, 6L),
            Map.entry(Role.GUARDIAN, 9L));
    assertThat(BUNDLE.classes())
        .containsExactly(
            new SchoolClass(DemoDistrict.CLASS_ID, "Algebra I — Period 2", DemoDistrict.SCHOOL_ID),
            new SchoolClass("demo-class-biology", "Biology — Period 4", DemoDistrict.SCHOOL_ID));
    assertThat(BUNDLE.enrollments()).hasSize(10);
    assertThat(BUNDLE.deletedPersonIds()).isEmpty();
  }

  @Test
  void classesHaveTheirTeachersAndStudents() {
    assertThat(members("demo-class-algebra"))
        .containsExactlyInAnyOrder(
            "demo-teacher-1:TEACHER",
            "demo-student-1:STUDENT",
            "demo-student-2:STUDENT",
            "demo-student-3:STUDENT",
            "demo-student-4:STUDENT");
    assertThat(members("demo-class-biology"))
        .containsExactlyInAnyOrder(
            "demo-teacher-2:TEACHER",
            "demo-student-3:STUDENT",
            "demo-student-4:STUDENT",
            "demo-student-5:STUDENT",
            "demo-student-6:STUDENT");
  }

  @Test
  void everyStudentHasOneOrTwoGuardiansAndSiblingsShareOne() {
    Map<String, List<String>> guardiansOf =
        BUNDLE.guardianLinks().stream()
            .collect(
                Collectors.groupingBy(
                    GuardianLink::studentId,
                    Collectors.mapping(GuardianLink::guardianId, Collectors.toList())));

    assertThat(BUNDLE.guardianLinks()).hasSize(10).doesNotHaveDuplicates();
    assertThat(guardiansOf)
        .hasSize(6)
        .allSatisfy((student, guardians) -> assertThat(guardians).hasSizeBetween(1, 2));
    assertThat(guardiansOf.get("demo-student-5")).containsExactly("demo-guardian-8");
    assertThat(guardiansOf.get("demo-student-6")).contains("demo-guardian-8");
    assertThat(BUNDLE.guardianLinks().stream().map(GuardianLink::guardianId).distinct()).hasSize(9);
  }

  @Test
  void theReadmeIdsNameWhatTheySay() {
    assertThat(person(DemoDistrict.TEACHER_ID).displayName()).isEqualTo("Ana Rivera");
    assertThat(person(DemoDistrict.TEACHER_ID).role()).isEqualTo(Role.TEACHER);
    assertThat(person(DemoDistrict.STUDENT_ID).role()).isEqualTo(Role.STUDENT);
    assertThat(person(DemoDistrict.GUARDIAN_ID).role()).isEqualTo(Role.GUARDIAN);
    assertThat(person(DemoDistrict.ADMIN_ID).role()).isEqualTo(Role.ADMINISTRATOR);
    assertThat(BUNDLE.guardianLinks())
        .contains(new GuardianLink(DemoDistrict.GUARDIAN_ID, DemoDistrict.STUDENT_ID));
    assertThat(BUNDLE.enrollments())
        .contains(
            new Enrollment(
                "demo-enr-algebra-teacher-1",
                DemoDistrict.CLASS_ID,
                DemoDistrict.TEACHER_ID,
                EnrollmentRole.TEACHER))
        .anySatisfy(
            e -> {
              assertThat(e.classId()).isEqualTo(DemoDistrict.CLASS_ID);
              assertThat(e.personId()).isEqualTo(DemoDistrict.STUDENT_ID);
            });
  }

  @Test
  void emailsUseTheDistrictDomainForStaffAndStudentsAndExampleComForGuardians() {
    assertThat(BUNDLE.people())
        .allSatisfy(
            p ->
                assertThat(p.email())
                    .endsWith(
                        p.role() == Role.GUARDIAN ? "@example.com" : "@maplevalley.example.org"));
    assertThat(BUNDLE.people().stream().filter(p -> p.role() == Role.STUDENT))
        .allSatisfy(p -> assertThat(p.grades()).hasSize(1).first().isIn("09", "10"));
  }

  @Test
  void isDeterministic() {
    assertThat(DemoDistrict.bundleZip()).isEqualTo(DemoDistrict.bundleZip());
    assertThat(DemoDistrict.files().keySet()).first().isEqualTo("manifest.csv");
  }

  @Test
  void itsFilesReadBackLikeItsZip(@TempDir Path folder) throws Exception {
    for (Map.Entry<String, String> file : DemoDistrict.files().entrySet()) {
      Files.writeString(folder.resolve(file.getKey()), file.getValue());
    }

    assertThat(OneRosterReader.readFolder(folder)).isEqualTo(BUNDLE);
  }

  private static List<String> members(String classId) {
    return BUNDLE.enrollments().stream()
        .filter(e -> e.classId().equals(classId))
        .map(e -> e.personId() + ":" + e.role())
        .toList();
  }

  private static Person person(String id) {
    return BUNDLE.people().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
  }
}
