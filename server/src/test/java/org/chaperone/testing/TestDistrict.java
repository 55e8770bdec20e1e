package org.chaperone.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.policy.DistrictPolicyFile;

/**
 * A small district as a OneRoster 1.1 bundle, for tests.
 *
 * <pre>
 * Lincoln High (school-1)
 *   math-101  teacher-1; students s1, s2, s3   guardians: g1, g2 (of s1), g3 (of s2), g4 (of s3)
 *   art-201   teacher-2; student s4 (no guardian on file)
 *   admin-1   principal
 * </pre>
 *
 * Builders return a mutable copy of the files, so a test can change one line and re-import.
 */
public final class TestDistrict {
  public static final String SCHOOL = "school-1";
  public static final String MATH = "math-101";
  public static final String ART = "art-201";
  public static final String TEACHER = "teacher-1";
  public static final String ART_TEACHER = "teacher-2";
  public static final String ADMIN = "admin-1";
  public static final String S1 = "s1";
  public static final String S2 = "s2";
  public static final String S3 = "s3";
  public static final String S4 = "s4";
  public static final String G1 = "g1";
  public static final String G2 = "g2";
  public static final String G3 = "g3";
  public static final String G4 = "g4";

  /** The second school of {@link #twoSchools()}. */
  public static final String SCHOOL_2 = "school-2";
  public static final String SCIENCE = "sci-301";
  public static final String SCIENCE_TEACHER = "teacher-3";
  public static final String ADMIN_2 = "admin-2";
  public static final String S5 = "s5";
  public static final String G5 = "g5";
  /** District staff (no school of their own), e.g. the records officer. */
  public static final String CLERK = "clerk-1";

  private TestDistrict() {}

  public static Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("manifest.csv", """
        propertyName,value
        manifest.version,1.0
        oneroster.version,1.1
        file.orgs,bulk
        file.users,bulk
        file.classes,bulk
        file.enrollments,bulk
        file.academicSessions,absent
        file.courses,absent
        """);
    files.put("orgs.csv", """
        sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
        district-1,active,2026-08-01T00:00:00Z,Lincoln Unified,district,LU,
        school-1,active,2026-08-01T00:00:00Z,Lincoln High,school,LH,district-1
        """);
    files.put("users.csv", """
        sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password
        teacher-1,active,2026-08-01T00:00:00Z,true,school-1,teacher,tmiller,,Tom,Miller,,,tmiller@lincoln.example.org,,,,,
        teacher-2,active,2026-08-01T00:00:00Z,true,school-1,teacher,aclark,,Ada,Clark,,,aclark@lincoln.example.org,,,,,
        admin-1,active,2026-08-01T00:00:00Z,true,school-1,administrator,pjones,,Pat,Jones,,,pjones@lincoln.example.org,,,,,
        s1,active,2026-08-01T00:00:00Z,true,school-1,student,s1,,Sam,One,,,s1@lincoln.example.org,,,"g1,g2",09,
        s2,active,2026-08-01T00:00:00Z,true,school-1,student,s2,,Sue,Two,,,s2@lincoln.example.org,,,g3,09,
        s3,active,2026-08-01T00:00:00Z,true,school-1,student,s3,,Sid,Three,,,s3@lincoln.example.org,,,g4,10,
        s4,active,2026-08-01T00:00:00Z,true,school-1,student,s4,,Sal,Four,,,s4@lincoln.example.org,,,,10,
        g1,active,2026-08-01T00:00:00Z,true,school-1,parent,g1,,Gina,One,,,gina@example.com,,,s1,,
        g2,active,2026-08-01T00:00:00Z,true,school-1,guardian,g2,,Gus,One,,,gus@example.com,,,s1,,
        g3,active,2026-08-01T00:00:00Z,true,school-1,parent,g3,,Gail,Two,,,gail@example.com,,,s2,,
        g4,active,2026-08-01T00:00:00Z,true,school-1,relative,g4,,Glen,Three,,,glen@example.com,,,s3,,
        """);
    files.put("classes.csv", """
        sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods
        math-101,active,2026-08-01T00:00:00Z,Math 101,09,c1,M101,scheduled,R1,school-1,t1,Math,,1
        art-201,active,2026-08-01T00:00:00Z,Art 201,10,c2,A201,scheduled,R2,school-1,t1,Art,,2
        """);
    files.put("enrollments.csv", """
        sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
        e-t1,active,2026-08-01T00:00:00Z,math-101,school-1,teacher-1,teacher,true,,
        e-s1,active,2026-08-01T00:00:00Z,math-101,school-1,s1,student,false,,
        e-s2,active,2026-08-01T00:00:00Z,math-101,school-1,s2,student,false,,
        e-s3,active,2026-08-01T00:00:00Z,math-101,school-1,s3,student,false,,
        e-t2,active,2026-08-01T00:00:00Z,art-201,school-1,teacher-2,teacher,true,,
        e-s4,active,2026-08-01T00:00:00Z,art-201,school-1,s4,student,false,,
        """);
    return files;
  }

  /**
   * {@link #files()} plus a second school and a district staff member:
   *
   * <pre>
   * Washington Middle (school-2)
   *   sci-301   teacher-3; student s5   guardian: g5
   *   admin-2   principal
   * clerk-1     district staff (org district-1), e.g. a records officer
   * </pre>
   */
  public static Map<String, String> twoSchools() {
    Map<String, String> files = files();
    files.merge("orgs.csv", """
        school-2,active,2026-08-01T00:00:00Z,Washington Middle,school,WM,district-1
        """, String::concat);
    files.merge("users.csv", """
        teacher-3,active,2026-08-01T00:00:00Z,true,school-2,teacher,bgreen,,Bo,Green,,,bgreen@lincoln.example.org,,,,,
        admin-2,active,2026-08-01T00:00:00Z,true,school-2,administrator,rwhite,,Ray,White,,,rwhite@lincoln.example.org,,,,,
        s5,active,2026-08-01T00:00:00Z,true,school-2,student,s5,,Syd,Five,,,s5@lincoln.example.org,,,g5,07,
        g5,active,2026-08-01T00:00:00Z,true,school-2,parent,g5,,Gwen,Five,,,gwen@example.com,,,s5,,
        clerk-1,active,2026-08-01T00:00:00Z,true,district-1,staff,cblack,,Cy,Black,,,cblack@lincoln.example.org,,,,,
        """, String::concat);
    files.merge("classes.csv", """
        sci-301,active,2026-08-01T00:00:00Z,Science 301,07,c3,S301,scheduled,R3,school-2,t1,Science,,3
        """, String::concat);
    files.merge("enrollments.csv", """
        e-t3,active,2026-08-01T00:00:00Z,sci-301,school-2,teacher-3,teacher,true,,
        e-s5,active,2026-08-01T00:00:00Z,sci-301,school-2,s5,student,false,,
        """, String::concat);
    return files;
  }

  /**
   * The district's policy file: the built-in defaults, plus the words of its art classes in the
   * content policy's school vocabulary (so "bring an apron for the clay workshop" is school
   * business, as the district would configure it).
   */
  public static final String POLICY = """
      policy.version = lincoln-test-1
      content.topic.vocabulary = apron, clay, workshop*
      """;

  /** {@link #POLICY}, parsed. */
  public static DistrictPolicy policy() {
    try {
      return DistrictPolicyFile.parse(POLICY.getBytes(StandardCharsets.UTF_8));
    } catch (DistrictPolicyFile.InvalidPolicyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bundle as a zip. */
  public static byte[] zip() {
    return zip(files());
  }

  public static byte[] zip(Map<String, String> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
