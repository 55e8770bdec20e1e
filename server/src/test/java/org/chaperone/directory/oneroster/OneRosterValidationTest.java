package org.chaperone.directory.oneroster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.chaperone.directory.RosterProblem;
import org.chaperone.directory.RosterRejectedException;
import org.junit.jupiter.api.Test;

/** Every kind of problem the reader reports, with its exact file, line and column. */
class OneRosterValidationTest {

  @Test
  void aMissingManifestIsAProblem() {
    List<RosterProblem> problems = RosterFixtures.v11().without("manifest.csv").problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("manifest.csv:0:");
    assertThat(problems.getFirst().reason()).contains("no manifest.csv");
  }

  @Test
  void anUnknownVersionIsAProblemAtItsLine() {
    List<RosterProblem> problems =
        RosterFixtures.v11()
            .with(
                "manifest.csv",
                RosterFixtures.MANIFEST_11.replace(
                    "oneroster.version,1.1", "oneroster.version,1.0"))
            .problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("manifest.csv:3:value");
    assertThat(problems.getFirst().reason()).contains("1.1 or 1.2").contains("'1.0'");
  }

  @Test
  void aManifestWithoutVersionIsAProblem() {
    assertThat(
            RosterFixtures.v11()
                .with(
                    "manifest.csv",
                    RosterFixtures.MANIFEST_11.replace("oneroster.version,1.1\n", ""))
                .where())
        .containsExactly("manifest.csv:0:propertyName");
  }

  @Test
  void anUnknownFileModeIsAProblem() {
    List<RosterProblem> problems =
        RosterFixtures.v11()
            .with(
                "manifest.csv",
                RosterFixtures.MANIFEST_11.replace("file.users,bulk", "file.users,full"))
            .problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("manifest.csv:6:value");
    assertThat(problems.getFirst().reason()).contains("bulk, delta or absent");
  }

  @Test
  void aDeclaredFileThatIsMissingIsAProblemAtTheManifestLine() {
    List<RosterProblem> problems = RosterFixtures.v11().without("classes.csv").problems();

    // enrollments still read; their classes cannot be checked, so no cascade of problems
    assertThat(RosterFixtures.where(problems)).containsExactly("manifest.csv:7:value");
    assertThat(problems.getFirst().reason()).contains("classes.csv").contains("bulk");
  }

  @Test
  void missingRequiredColumnsAreOneProblemForTheFile() {
    String users = "sourcedId,orgSourcedIds,familyName,email\nst1,s1,Stone,\n";
    List<RosterProblem> problems = RosterFixtures.v11().with("users.csv", users).problems();

    // enrollments referring to users are not flagged: users.csv could not be read
    assertThat(RosterFixtures.where(problems)).containsExactly("users.csv:1:role,givenName");
    assertThat(problems.getFirst().reason()).contains("role").contains("givenName");
  }

  @Test
  void aRepeatedColumnIsAProblem() {
    String orgs = "sourcedId,name,type,Type\nd1,D,district,school\n";
    assertThat(RosterFixtures.v11().with("orgs.csv", orgs).where()).contains("orgs.csv:1:Type");
  }

  @Test
  void anEmptyFileIsAProblem() {
    assertThat(RosterFixtures.v11().with("classes.csv", "").where()).contains("classes.csv:1:");
  }

  @Test
  void anUnknownStatusIsAProblem() {
    String orgs = RosterFixtures.ORGS.replace("s1,,,", "s1,inactive,,");
    List<RosterProblem> problems = RosterFixtures.v11().with("orgs.csv", orgs).problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("orgs.csv:3:status");
    assertThat(problems.getFirst().reason()).contains("'inactive'");
  }

  @Test
  void aDuplicateSourcedIdIsAProblemNamingTheFirstLine() {
    String classes = RosterFixtures.CLASSES + "c1,,,Math 7 again,,,,scheduled,,s1,,,,\n";
    List<RosterProblem> problems = RosterFixtures.v11().with("classes.csv", classes).problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("classes.csv:4:sourcedId");
    assertThat(problems.getFirst().reason()).contains("duplicate").contains("line 2");
  }

  @Test
  void anEmptySourcedIdIsAProblem() {
    String enrollments = RosterFixtures.ENROLLMENTS + ",,,c1,s1,st1,student,,,\n";
    assertThat(RosterFixtures.v11().with("enrollments.csv", enrollments).where())
        .containsExactly("enrollments.csv:8:sourcedId");
  }

  @Test
  void anUnknownOrgTypeIsAProblem() {
    String orgs = RosterFixtures.ORGS.replace("School", "campus");
    List<RosterProblem> problems = RosterFixtures.v11().with("orgs.csv", orgs).problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("orgs.csv:3:type");
    assertThat(problems.getFirst().reason()).contains("'campus'");
  }

  @Test
  void anUnknownUserRoleIsAProblem() {
    String users = RosterFixtures.USERS_11.replace(",aide,", ",janitor,");
    List<RosterProblem> problems = RosterFixtures.v11().with("users.csv", users).problems();

    // x1 is not imported, yet its enrollment does not cascade: x1 is declared in users.csv
    assertThat(RosterFixtures.where(problems)).containsExactly("users.csv:4:role");
    assertThat(problems.getFirst().reason()).contains("'janitor'");
  }

  @Test
  void anEmptyUserRoleIsAProblem() {
    String users = RosterFixtures.USERS_11.replace(",aide,", ",,");
    assertThat(RosterFixtures.v11().with("users.csv", users).where())
        .containsExactly("users.csv:4:role");
  }

  @Test
  void anUnknownEnrollmentRoleIsAProblem() {
    String enrollments = RosterFixtures.ENROLLMENTS.replace(",aide,", ",observer,");
    List<RosterProblem> problems =
        RosterFixtures.v11().with("enrollments.csv", enrollments).problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("enrollments.csv:5:role");
    assertThat(problems.getFirst().reason()).contains("'observer'");
  }

  @Test
  void anAgentMissingFromABulkUsersFileIsAProblem() {
    String users = RosterFixtures.USERS_11.replace(",g1,\"07, 08\"", ",\"g1,g404\",\"07, 08\"");
    List<RosterProblem> problems = RosterFixtures.v11().with("users.csv", users).problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("users.csv:5:agentSourcedIds");
    assertThat(problems.getFirst().reason()).contains("'g404'");
  }

  @Test
  void enrollmentsMustReferToKnownClassesAndUsers() {
    String enrollments =
        RosterFixtures.ENROLLMENTS + "e8,,,c404,s1,st1,student,,,\ne9,,,c1,s1,st404,student,,,\n";
    List<RosterProblem> problems =
        RosterFixtures.v11().with("enrollments.csv", enrollments).problems();

    assertThat(RosterFixtures.where(problems))
        .containsExactly("enrollments.csv:8:classSourcedId", "enrollments.csv:9:userSourcedId");
    assertThat(problems.get(0).reason()).contains("'c404'").contains("classes.csv");
    assertThat(problems.get(1).reason()).contains("'st404'").contains("users.csv");
  }

  @Test
  void classesMustReferToKnownSchools() {
    String classes =
        RosterFixtures.CLASSES.replace("Art,,,,scheduled,,s1", "Art,,,,scheduled,,s404");
    assertThat(RosterFixtures.v11().with("classes.csv", classes).where())
        .containsExactly("classes.csv:3:schoolSourcedId");
  }

  @Test
  void usersMustReferToKnownOrgs() {
    String users = RosterFixtures.USERS_11.replace("\"s1,d1\"", "\"s1,d404\"");
    assertThat(RosterFixtures.v11().with("users.csv", users).where())
        .containsExactly("users.csv:3:orgSourcedIds");
  }

  @Test
  void rolesCsvProblemsAreReportedAtTheirRows() {
    String roles =
        RosterFixtures.ROLES
                .replace("r1,,,t1,primary", "r1,,,t1,main")
                .replace("r2,,,st1,primary,student,,,s1", "r2,,,st1,primary,student,,,s404")
            + "r8,,,u404,primary,student,,,s1,\n"
            + "r9,,,g1,secondary,wizard,,,s1,\n";
    List<RosterProblem> problems = RosterFixtures.v12().with("roles.csv", roles).problems();

    assertThat(RosterFixtures.where(problems))
        .containsExactly(
            "roles.csv:2:roleType",
            "roles.csv:3:orgSourcedId",
            "roles.csv:9:userSourcedId",
            "roles.csv:10:role",
            // t1 and st1 are left without a valid role
            "users.csv:2:sourcedId",
            "users.csv:3:sourcedId");
  }

  @Test
  void a12UserWithoutRoleIsAProblem() {
    String roles = RosterFixtures.ROLES.replace("r3,,,g1,primary,guardian,,,s1,\n", "");
    List<RosterProblem> problems = RosterFixtures.v12().with("roles.csv", roles).problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("users.csv:4:sourcedId");
    assertThat(problems.getFirst().reason()).contains("no active role");
  }

  @Test
  void a12BundleWithoutRolesOrRoleColumnIsOneProblem() {
    List<RosterProblem> problems =
        RosterFixtures.v12()
            .without("roles.csv")
            .with("manifest.csv", RosterFixtures.MANIFEST_12.replace("file.roles,bulk\n", ""))
            .problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("users.csv:1:role");
  }

  @Test
  void rolesWithoutUsersIsAProblem() {
    List<RosterProblem> problems =
        RosterFixtures.v12()
            .without("users.csv")
            .with("manifest.csv", RosterFixtures.MANIFEST_12.replace("file.users,bulk\n", ""))
            .problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("roles.csv:0:");
  }

  @Test
  void invalidUtf8IsAProblemNamingFileAndLine() throws Exception {
    ByteArrayOutputStream users = new ByteArrayOutputStream();
    users.write(RosterFixtures.USERS_HEADER_11.getBytes(StandardCharsets.UTF_8));
    users.write("t1,,,true,s1,teacher,,,Rita,Teague,,,,,,,,\n".getBytes(StandardCharsets.UTF_8));
    users.write("t2,,,true,s1,teacher,,,Ren".getBytes(StandardCharsets.UTF_8));
    users.write(0xE9); // Latin-1 "é", not UTF-8
    users.write(",Teague,,,,,,,,\n".getBytes(StandardCharsets.UTF_8));
    Map<String, String> files = RosterFixtures.v11().files();
    byte[] zip = zipWithRawUsers(files, users.toByteArray());

    List<RosterProblem> problems = rejected(zip);

    assertThat(RosterFixtures.where(problems)).containsExactly("users.csv:3:");
    assertThat(problems.getFirst().reason()).contains("UTF-8");
  }

  @Test
  void aCsvSyntaxErrorIsAProblemAndStopsTheFile() {
    String classes = RosterFixtures.CLASSES + "c3,,,\"Bad\"quote,,,,scheduled,,s1,,,,\n";
    List<RosterProblem> problems = RosterFixtures.v11().with("classes.csv", classes).problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("classes.csv:4:");
    assertThat(problems.getFirst().reason()).contains("CSV syntax error");
  }

  @Test
  void anUnclosedQuoteIsBlamedOnTheLineItOpensOn() {
    String classes =
        RosterFixtures.CLASSES
            + "c3,,,\"Never closed,,,,scheduled,,s1,,,,\n\nc4,,,Art,,,,,,s1,,,,\n";
    List<RosterProblem> problems = RosterFixtures.v11().with("classes.csv", classes).problems();

    assertThat(RosterFixtures.where(problems)).containsExactly("classes.csv:4:");
  }

  @Test
  void linesCountPhysicalLinesAcrossMultiLineCellsAndBlankLines() {
    String classes =
        RosterFixtures.CLASSES_HEADER
            + "c1,,,\"Math\n(two lines)\",,,,scheduled,,s1,,,,\n"
            + "\n"
            + "c2,,,Art,,,,scheduled,,s404,,,,\n";
    assertThat(
            RosterFixtures.v11()
                .with("classes.csv", classes)
                .with("enrollments.csv", RosterFixtures.ENROLLMENTS_HEADER)
                .where())
        .containsExactly("classes.csv:5:schoolSourcedId");
  }

  @Test
  void everyProblemIsReportedTogetherSortedByFileThenLine() {
    RosterFixtures bundle =
        RosterFixtures.v11()
            .with(
                "users.csv",
                RosterFixtures.USERS_11
                    .replace(",relative,", ",uncle,")
                    .replace(",aide,", ",janitor,"))
            .with("orgs.csv", RosterFixtures.ORGS.replace("district", "county"))
            .with("enrollments.csv", RosterFixtures.ENROLLMENTS + "e8,,,c404,s1,st1,student,,,\n")
            .with("classes.csv", RosterFixtures.CLASSES + "c1,,,Dup,,,,scheduled,,s1,,,,\n");

    assertThat(bundle.where())
        .containsExactly(
            "classes.csv:4:sourcedId",
            "enrollments.csv:8:classSourcedId",
            "orgs.csv:2:type",
            "users.csv:4:role",
            "users.csv:8:role");
  }

  @Test
  void problemsAreCappedWithASummary() {
    StringBuilder users = new StringBuilder(RosterFixtures.USERS_HEADER_11);
    for (int i = 0; i < 1500; i++) {
      users.append("u").append(i).append(",,,true,s1,wizard,,,A,B,,,,,,,,\n");
    }
    List<RosterProblem> problems =
        RosterFixtures.v11()
            .with("users.csv", users.toString())
            .with("enrollments.csv", RosterFixtures.ENROLLMENTS_HEADER)
            .with("orgs.csv", RosterFixtures.ORGS.replace("district", "county"))
            .problems();

    assertThat(problems).hasSize(ProblemLog.MAX_LISTED + 1);
    // the first problems by file and line are kept, whatever order they were found in
    assertThat(problems.getFirst())
        .extracting(RosterProblem::file, RosterProblem::line)
        .containsExactly("orgs.csv", 2L);
    assertThat(problems.get(1))
        .extracting(RosterProblem::file, RosterProblem::line)
        .containsExactly("users.csv", 2L);
    assertThat(problems.get(ProblemLog.MAX_LISTED - 1).line()).isEqualTo(1000L);
    assertThat(problems.getLast().reason()).contains("and 501 more");
  }

  private static byte[] zipWithRawUsers(Map<String, String> files, byte[] users) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        zip.putNextEntry(new java.util.zip.ZipEntry(file.getKey()));
        zip.write(
            file.getKey().equals("users.csv")
                ? users
                : file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static List<RosterProblem> rejected(byte[] zip) {
    try {
      OneRosterReader.readZip(zip);
    } catch (RosterRejectedException e) {
      return e.problems();
    }
    throw new AssertionError("expected the bundle to be rejected");
  }
}
