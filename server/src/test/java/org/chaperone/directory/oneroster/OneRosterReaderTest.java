package org.chaperone.directory.oneroster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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

class OneRosterReaderTest {

  @Test
  void readsA11BulkBundleInFull() throws Exception {
    RosterBundle bundle = RosterFixtures.v11().read();

    assertThat(bundle.version()).isEqualTo("1.1");
    assertThat(bundle.modes())
        .containsOnly(
            Map.entry(RosterFile.ORGS, ImportMode.BULK),
            Map.entry(RosterFile.USERS, ImportMode.BULK),
            Map.entry(RosterFile.CLASSES, ImportMode.BULK),
            Map.entry(RosterFile.ENROLLMENTS, ImportMode.BULK));
    assertThat(bundle.orgs())
        .containsExactly(
            new Org("d1", "Harbor Point District", "district", ""),
            new Org("s1", "Harbor Point Middle", "school", "d1"));
    assertThat(bundle.people())
        .extracting(Person::id, Person::role)
        .containsExactly(
            tuple("t1", Role.TEACHER),
            tuple("a1", Role.ADMINISTRATOR),
            tuple("x1", Role.TEACHER),
            tuple("st1", Role.STUDENT),
            tuple("st2", Role.STUDENT),
            tuple("g1", Role.GUARDIAN),
            tuple("g2", Role.GUARDIAN),
            tuple("g3", Role.GUARDIAN));
    assertThat(person(bundle, "st1"))
        .isEqualTo(
            new Person(
                "st1",
                Role.STUDENT,
                "Sam",
                "Stone",
                "sam@hp.example.org",
                "sam.s",
                List.of("s1"),
                List.of("07", "08")));
    assertThat(person(bundle, "a1").schoolIds()).containsExactly("s1", "d1");
    assertThat(bundle.classes())
        .containsExactly(new SchoolClass("c1", "Math 7", "s1"), new SchoolClass("c2", "Art", "s1"));
    // e5 is a parent's enrollment: valid OneRoster, skipped
    assertThat(bundle.enrollments())
        .containsExactly(
            new Enrollment("e1", "c1", "t1", EnrollmentRole.TEACHER),
            new Enrollment("e2", "c1", "st1", EnrollmentRole.STUDENT),
            new Enrollment("e3", "c1", "st2", EnrollmentRole.STUDENT),
            new Enrollment("e4", "c2", "x1", EnrollmentRole.TEACHER),
            new Enrollment("e6", "c2", "a1", EnrollmentRole.ADMINISTRATOR));
    assertThat(bundle.deletedOrgIds()).isEmpty();
    assertThat(bundle.deletedPersonIds()).isEmpty();
    assertThat(bundle.deletedClassIds()).isEmpty();
    assertThat(bundle.deletedEnrollmentIds()).isEmpty();
  }

  @Test
  void guardianLinksComeFromAgentsInBothDirectionsWithoutRepeats() throws Exception {
    RosterBundle bundle = RosterFixtures.v11().read();

    // st1 -> g1 and g1 -> st1 are one link; st2 -> g2 is named from the student side only,
    // g3 -> st2 from the guardian side only; st2's agent t1 is a teacher and gives no link.
    assertThat(bundle.guardianLinks())
        .containsExactlyInAnyOrder(
            new GuardianLink("g1", "st1"),
            new GuardianLink("g2", "st2"),
            new GuardianLink("g3", "st2"));
  }

  @Test
  void readsA12BundleWithRolesCsv() throws Exception {
    RosterBundle bundle = RosterFixtures.v12().read();

    assertThat(bundle.version()).isEqualTo("1.2");
    assertThat(bundle.mode(RosterFile.USERS)).isEqualTo(ImportMode.BULK);
    assertThat(bundle.mode(RosterFile.CLASSES)).isEqualTo(ImportMode.ABSENT);
    assertThat(bundle.people())
        .extracting(Person::id, Person::role, Person::schoolIds)
        .containsExactly(
            tuple("t1", Role.TEACHER, List.of("s1")),
            tuple("st1", Role.STUDENT, List.of("s1")),
            tuple("g1", Role.GUARDIAN, List.of("s1")),
            // the primary role wins over an earlier secondary one; primaryOrgSourcedId comes first
            tuple("p1", Role.ADMINISTRATOR, List.of("d1", "s1")),
            // a tobedeleted primary role does not count; the first remaining role does
            tuple("u5", Role.STAFF, List.of("s1")));
    assertThat(bundle.guardianLinks()).containsExactly(new GuardianLink("g1", "st1"));
  }

  @Test
  void acceptsA12UsersFileThatStillHasARoleColumn() throws Exception {
    String users =
        """
        sourcedId,givenName,familyName,role,primaryOrgSourcedId,agentSourcedIds
        st1,Sam,Stone,student,s1,g1
        g1,Gus,Stone,parent,s1,
        """;
    RosterBundle bundle =
        RosterFixtures.v12()
            .without("roles.csv")
            .with(
                "manifest.csv",
                RosterFixtures.MANIFEST_12.replace("file.roles,bulk", "file.roles,absent"))
            .with("users.csv", users)
            .read();

    assertThat(bundle.people())
        .extracting(Person::id, Person::role, Person::schoolIds)
        .containsExactly(
            tuple("st1", Role.STUDENT, List.of("s1")), tuple("g1", Role.GUARDIAN, List.of("s1")));
    assertThat(bundle.guardianLinks()).containsExactly(new GuardianLink("g1", "st1"));
  }

  @Test
  void rolesCsvIsIgnoredInA11Bundle() throws Exception {
    RosterBundle bundle =
        RosterFixtures.v11().with("roles.csv", "not,a,roles,file\n\"broken").read();

    assertThat(person(bundle, "t1").role()).isEqualTo(Role.TEACHER);
  }

  @Test
  void readsADeltaBundleWithDeletions() throws Exception {
    String manifest =
        """
        propertyName,value
        oneroster.version,1.1
        file.orgs,absent
        file.users,delta
        file.classes,delta
        file.enrollments,delta
        """;
    String users =
        RosterFixtures.USERS_HEADER_11
            + """
            st9,active,2025-03-01,true,s-elsewhere,student,,,Ada,Lane,,,,,,g-elsewhere,09,
            st8,tobedeleted,2025-03-01,true,s1,student,,,,,,,,,,,,
            """;
    String classes =
        RosterFixtures.CLASSES_HEADER
            + "c7,TOBEDELETED,2025-03-01,Old Class,,,,scheduled,,s1,,,,\n";
    String enrollments =
        RosterFixtures.ENROLLMENTS_HEADER
            + """
            e9,active,2025-03-01,c-elsewhere,s1,st-elsewhere,student,,,
            e8,tobedeleted,2025-03-01,c7,s1,st8,student,,,
            """;
    RosterBundle bundle =
        RosterFixtures.v11()
            .with("manifest.csv", manifest)
            .with("users.csv", users)
            .with("classes.csv", classes)
            .with("enrollments.csv", enrollments)
            .read();

    assertThat(bundle.modes())
        .containsOnly(
            Map.entry(RosterFile.ORGS, ImportMode.ABSENT),
            Map.entry(RosterFile.USERS, ImportMode.DELTA),
            Map.entry(RosterFile.CLASSES, ImportMode.DELTA),
            Map.entry(RosterFile.ENROLLMENTS, ImportMode.DELTA));
    // references into files that are absent or delta cannot be checked and are accepted
    assertThat(bundle.people()).extracting(Person::id).containsExactly("st9");
    assertThat(bundle.orgs()).isEmpty();
    assertThat(bundle.guardianLinks()).isEmpty();
    assertThat(bundle.enrollments())
        .containsExactly(
            new Enrollment("e9", "c-elsewhere", "st-elsewhere", EnrollmentRole.STUDENT));
    assertThat(bundle.deletedPersonIds()).containsExactly("st8");
    assertThat(bundle.deletedClassIds()).containsExactly("c7");
    assertThat(bundle.deletedEnrollmentIds()).containsExactly("e8");
    assertThat(bundle.classes()).isEmpty();
  }

  @Test
  void toleratesBomHeaderSpellingQuotedListsUnknownColumnsAndBlankLines() throws Exception {
    String users =
        "\uFEFF SourcedId ,ROLE,GivenName,familyname,orgSourcedIds,AgentSourcedIds,grades,"
            + "ext_vendor_id,,\r\n"
            + "st1,Student,Sam,Stone,\" s1 , d1 ,\",\" g1 ,, g1\",\"09,10\",X-77,,\r\n"
            + "\r\n"
            + ",,,,,,,,,\r\n"
            + "g1,parent,Gus,Stone,s1,,,,\r\n";
    String orgs =
        "\uFEFFsourcedId,name,type,parentSourcedId,metadata.city\n"
            + "d1,D,district,,Town\n"
            + "s1,S,school,d1,Town\n";
    RosterBundle bundle =
        RosterFixtures.v11()
            .with("users.csv", users)
            .with("orgs.csv", orgs)
            .with("enrollments.csv", RosterFixtures.ENROLLMENTS_HEADER)
            .with("classes.csv", RosterFixtures.CLASSES_HEADER)
            .read();

    assertThat(bundle.people())
        .containsExactly(
            new Person(
                "st1",
                Role.STUDENT,
                "Sam",
                "Stone",
                "",
                "",
                List.of("s1", "d1"),
                List.of("09", "10")),
            new Person("g1", Role.GUARDIAN, "Gus", "Stone", "", "", List.of("s1"), List.of()));
    assertThat(bundle.guardianLinks()).containsExactly(new GuardianLink("g1", "st1"));
    assertThat(bundle.orgs()).extracting(Org::id).containsExactly("d1", "s1");
  }

  @Test
  void readsNonAsciiTextAsUtf8() throws Exception {
    String classes =
        RosterFixtures.CLASSES_HEADER + "c1,,,Álgebra — Período 2,,,,scheduled,,s1,,,,\n";
    RosterBundle bundle =
        RosterFixtures.v11()
            .with("classes.csv", classes)
            .with("enrollments.csv", RosterFixtures.ENROLLMENTS_HEADER)
            .read();

    assertThat(bundle.classes())
        .extracting(SchoolClass::title)
        .containsExactly("Álgebra — Período 2");
    assertThat(classes.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(classes.length());
  }

  @Test
  void aFileTheManifestDoesNotMentionIsReadAsBulk() throws Exception {
    String manifest = "propertyName,value\noneroster.version,1.1\nfile.users,bulk\n";
    RosterBundle bundle =
        RosterFixtures.v11()
            .with("manifest.csv", manifest)
            .without("classes.csv")
            .without("enrollments.csv")
            .read();

    assertThat(bundle.mode(RosterFile.ORGS)).isEqualTo(ImportMode.BULK);
    assertThat(bundle.orgs()).hasSize(2);
    assertThat(bundle.mode(RosterFile.CLASSES)).isEqualTo(ImportMode.ABSENT);
  }

  @Test
  void aFileTheManifestDeclaresAbsentIsNotRead() throws Exception {
    RosterBundle bundle =
        RosterFixtures.v11()
            .with(
                "manifest.csv",
                RosterFixtures.MANIFEST_11.replace(
                    "file.enrollments,bulk", "file.enrollments,absent"))
            .with("enrollments.csv", "garbage\n\"unterminated")
            .read();

    assertThat(bundle.mode(RosterFile.ENROLLMENTS)).isEqualTo(ImportMode.ABSENT);
    assertThat(bundle.enrollments()).isEmpty();
  }

  @Test
  void aReferenceToATobedeletedRecordIsFine() throws Exception {
    String classes = RosterFixtures.CLASSES + "c3,tobedeleted,,Gone,,,,scheduled,,s1,,,,\n";
    String enrollments = RosterFixtures.ENROLLMENTS + "e7,,,c3,s1,st1,student,,,\n";
    RosterBundle bundle =
        RosterFixtures.v11()
            .with("classes.csv", classes)
            .with("enrollments.csv", enrollments)
            .read();

    assertThat(bundle.deletedClassIds()).containsExactly("c3");
    assertThat(bundle.enrollments()).extracting(Enrollment::id).contains("e7");
  }

  private static Person person(RosterBundle bundle, String id) {
    return bundle.people().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
  }
}
