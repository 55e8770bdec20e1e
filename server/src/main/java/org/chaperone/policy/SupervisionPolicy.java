package org.chaperone.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The supervision section of the district policy file.
 *
 * @param defaultCopy who supervises, unless a school or grade band says otherwise
 * @param copyBySchool per school id
 * @param copyByGrade per grade level (as the roster spells it, e.g. "09"); a school setting wins
 * @param eligibleStudentsByStaff students 18+ or eligible are supervised by staff, not guardians
 * @param districtStaff supervising staff for every school (person ids)
 * @param staffBySchool supervising staff per school id
 * @param studentToStudentNeedsStaff students may message each other only where a staff member is in
 *     the channel (when false, student-to-student messages are refused everywhere)
 */
public record SupervisionPolicy(
    CopyMode defaultCopy,
    Map<String, CopyMode> copyBySchool,
    Map<String, CopyMode> copyByGrade,
    boolean eligibleStudentsByStaff,
    List<String> districtStaff,
    Map<String, List<String>> staffBySchool,
    boolean studentToStudentNeedsStaff) {

  public SupervisionPolicy {
    Objects.requireNonNull(defaultCopy, "defaultCopy");
    copyBySchool = Map.copyOf(copyBySchool);
    copyByGrade = Map.copyOf(copyByGrade);
    districtStaff = List.copyOf(districtStaff);
    staffBySchool = Map.copyOf(staffBySchool);
  }

  /** Guardians, or supervising staff where none can be copied; no quiet hours. */
  public static final SupervisionPolicy DEFAULT = new SupervisionPolicy(CopyMode.GUARDIANS_OR_STAFF,
      Map.of(), Map.of(), true, List.of(), Map.of(), true);

  /** The copy mode for a student of {@code schoolId} in {@code grades}. */
  public CopyMode copyFor(String schoolId, List<String> grades) {
    CopyMode bySchool = copyBySchool.get(schoolId);
    if (bySchool != null) {
      return bySchool;
    }
    for (String grade : grades) {
      CopyMode byGrade = copyByGrade.get(grade);
      if (byGrade != null) {
        return byGrade;
      }
    }
    return defaultCopy;
  }

  /** The supervising staff of a school: the school's own, then the district's. */
  public List<String> supervisingStaff(String schoolId) {
    List<String> school = staffBySchool.getOrDefault(schoolId, List.of());
    if (districtStaff.isEmpty()) {
      return school;
    }
    return java.util.stream.Stream.concat(school.stream(), districtStaff.stream()).distinct().toList();
  }
}
