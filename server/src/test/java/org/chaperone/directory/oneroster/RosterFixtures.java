package org.chaperone.directory.oneroster;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.chaperone.directory.RosterBundle;
import org.chaperone.directory.RosterProblem;
import org.chaperone.directory.RosterRejectedException;

/** Small hand-written OneRoster bundles for tests, and helpers to package and read them. */
final class RosterFixtures {

  static final String MANIFEST_11 =
      """
      propertyName,value
      manifest.version,1.0
      oneroster.version,1.1
      file.academicSessions,absent
      file.orgs,bulk
      file.users,bulk
      file.classes,bulk
      file.enrollments,bulk
      file.courses,absent
      """;

  static final String ORGS =
      """
      sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
      d1,,,Harbor Point District,district,,
      s1,,,Harbor Point Middle,School,,d1
      """;

  static final String USERS_HEADER_11 =
      "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
          + "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,"
          + "password\n";

  /** Line 2 t1 ... line 9 g3. */
  static final String USERS_11 =
      USERS_HEADER_11
          + """
          t1,active,,true,s1,teacher,rita.t,,Rita,Teague,,,rita@hp.example.org,,,,,
          a1,,,true,"s1,d1",administrator,omar.a,,Omar,Abadi,,,omar@hp.example.org,,,,,
          x1,,,true,s1,aide,pat.x,,Pat,Xu,,,,,,,,
          st1,,,true,s1,student,sam.s,,Sam,Stone,,,sam@hp.example.org,,,g1,"07, 08",
          st2,,,true,s1,student,ivy.s,,Ivy,Stone,,,,,,"g2,t1",07,
          g1,,,true,s1,parent,gus.g,,Gus,Stone,,,gus@example.com,,,st1,,
          g2,,,true,s1,relative,gil.g,,Gil,Stone,,,,,,,,
          g3,,,true,s1,guardian,gia.g,,Gia,Moss,,,,,,st2,,
          """;

  static final String CLASSES_HEADER =
      "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,"
          + "location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n";

  static final String CLASSES =
      CLASSES_HEADER
          + """
          c1,,,Math 7,07,,,scheduled,,s1,,,,
          c2,,,Art,,,,scheduled,,s1,,,,
          """;

  static final String ENROLLMENTS_HEADER =
      "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,"
          + "primary,beginDate,endDate\n";

  static final String ENROLLMENTS =
      ENROLLMENTS_HEADER
          + """
          e1,,,c1,s1,t1,teacher,true,,
          e2,,,c1,s1,st1,student,,,
          e3,,,c1,s1,st2,Student,,,
          e4,,,c2,s1,x1,aide,,,
          e5,,,c2,s1,g1,parent,,,
          e6,,,c2,s1,a1,administrator,,,
          """;

  static final String MANIFEST_12 =
      """
      propertyName,value
      manifest.version,1.0
      oneroster.version,1.2
      file.orgs,bulk
      file.users,bulk
      file.roles,bulk
      file.classes,absent
      file.enrollments,absent
      file.userProfiles,
      """;

  static final String USERS_HEADER_12 =
      "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,"
          + "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,"
          + "userMasterIdentifier,preferredGivenName,preferredMiddleName,preferredFamilyName,"
          + "primaryOrgSourcedId,pronouns\n";

  static final String USERS_12 =
      USERS_HEADER_12
          + """
          t1,,,true,rita.t,,Rita,Teague,,,rita@hp.example.org,,,,,,,,,,s1,
          st1,,,true,sam.s,,Sam,Stone,,,,,,g1,07,,,,,,s1,
          g1,,,true,gus.g,,Gus,Stone,,,,,,,,,,,,,,
          p1,,,true,pia.p,,Pia,Park,,,,,,,,,,,,,d1,
          u5,,,true,cal.c,,Cal,Cole,,,,,,,,,,,,,,
          """;

  /** Real exports write empty trailing header cells like these. */
  static final String ROLES_HEADER =
      "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,"
          + "orgSourcedId,userProfileSourcedId,,\n";

  static final String ROLES =
      ROLES_HEADER
          + """
          r1,,,t1,primary,teacher,,,s1,
          r2,,,st1,primary,student,,,s1,
          r3,,,g1,primary,guardian,,,s1,
          r4,,,p1,secondary,teacher,,,s1,
          r5,,,p1,primary,principal,,,d1,
          r6,,,u5,secondary,counselor,,,s1,
          r7,tobedeleted,,u5,primary,student,,,s1,
          """;

  private final Map<String, String> files = new LinkedHashMap<>();

  private RosterFixtures(Map<String, String> files) {
    this.files.putAll(files);
  }

  /** A valid OneRoster 1.1 bulk bundle. */
  static RosterFixtures v11() {
    return new RosterFixtures(
        Map.of(
            "manifest.csv", MANIFEST_11,
            "orgs.csv", ORGS,
            "users.csv", USERS_11,
            "classes.csv", CLASSES,
            "enrollments.csv", ENROLLMENTS));
  }

  /** A valid OneRoster 1.2 bulk bundle of orgs, users and roles. */
  static RosterFixtures v12() {
    return new RosterFixtures(
        Map.of(
            "manifest.csv", MANIFEST_12,
            "orgs.csv", ORGS,
            "users.csv", USERS_12,
            "roles.csv", ROLES));
  }

  RosterFixtures with(String file, String content) {
    files.put(file, content);
    return this;
  }

  RosterFixtures without(String file) {
    files.remove(file);
    return this;
  }

  Map<String, String> files() {
    return files;
  }

  byte[] zip() {
    return zip("");
  }

  /** The bundle zipped, every file under {@code folder} (e.g. "export/"). */
  byte[] zip(String folder) {
    return zipOf(files, folder);
  }

  static byte[] zipOf(Map<String, String> files, String folder) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(folder + file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes the bundle's files into {@code folder}. */
  Path writeTo(Path folder) throws IOException {
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(folder.resolve(file.getKey()), file.getValue());
    }
    return folder;
  }

  RosterBundle read() throws RosterRejectedException {
    return OneRosterReader.readZip(zip());
  }

  /** The problems the bundle is rejected with; fails when it is accepted. */
  List<RosterProblem> problems() {
    RosterRejectedException rejected =
        catchThrowableOfType(RosterRejectedException.class, this::read);
    if (rejected == null) {
      throw new AssertionError("expected the bundle to be rejected");
    }
    return rejected.problems();
  }

  /** "file:line:column" of each problem, for compact assertions. */
  List<String> where() {
    return where(problems());
  }

  static List<String> where(List<RosterProblem> problems) {
    return problems.stream().map(p -> p.file() + ":" + p.line() + ":" + p.column()).toList();
  }
}
