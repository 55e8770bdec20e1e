package org.chaperone.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The benchmark district as a OneRoster 1.1 bundle: one school with a "small" class (one teacher,
 * five students, one guardian each: 10 recipients per message) for send capacity and latency, and
 * a "large" class (one teacher, 23 students, two guardians each: 69 recipients) for fan-out.
 */
final class BenchRoster {
  static final String TEACHER = "t-1";
  static final String SMALL = "small-class";
  static final String LARGE = "large-class";
  static final int LARGE_STUDENTS = 23;

  private BenchRoster() {}

  static byte[] zip() {
    StringBuilder users = new StringBuilder("sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,"
        + "role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n");
    StringBuilder enrollments = new StringBuilder(
        "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n");
    users.append(user(TEACHER, "teacher", "")).append('\n');
    enrollments.append("e-small-t,active,,small-class,sch,t-1,teacher,true,,\n");
    enrollments.append("e-large-t,active,,large-class,sch,t-1,teacher,true,,\n");
    for (int i = 1; i <= 5; i++) {
      users.append(user("ss-" + i, "student", "sg-" + i)).append('\n');
      users.append(user("sg-" + i, "parent", "ss-" + i)).append('\n');
      enrollments.append("e-ss-").append(i).append(",active,,small-class,sch,ss-").append(i).append(",student,false,,\n");
    }
    for (int i = 1; i <= LARGE_STUDENTS; i++) {
      users.append(user("ls-" + i, "student", "\"lga-" + i + ",lgb-" + i + "\"")).append('\n');
      users.append(user("lga-" + i, "parent", "ls-" + i)).append('\n');
      users.append(user("lgb-" + i, "guardian", "ls-" + i)).append('\n');
      enrollments.append("e-ls-").append(i).append(",active,,large-class,sch,ls-").append(i).append(",student,false,,\n");
    }
    Map<String, String> files = new LinkedHashMap<>();
    files.put("manifest.csv", "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\n"
        + "file.orgs,bulk\nfile.users,bulk\nfile.classes,bulk\nfile.enrollments,bulk\n");
    files.put("orgs.csv", "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
        + "sch,active,,Benchmark High,school,BH,\n");
    files.put("users.csv", users.toString());
    files.put("classes.csv", "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,"
        + "classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
        + "small-class,active,,Small,09,c,S,scheduled,,sch,t,,,\n"
        + "large-class,active,,Large,09,c,L,scheduled,,sch,t,,,\n");
    files.put("enrollments.csv", enrollments.toString());
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

  private static String user(String id, String role, String agents) {
    return id + ",active,,true,sch," + role + "," + id + ",," + id + ",Bench,,," + id + "@bench.example.org,,,"
        + agents + ",09,";
  }
}
