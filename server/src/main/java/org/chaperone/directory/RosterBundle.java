package org.chaperone.directory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.chaperone.domain.Enrollment;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Org;
import org.chaperone.domain.Person;
import org.chaperone.domain.SchoolClass;

/**
 * A parsed, validated roster bundle: what one OneRoster CSV import says about the district.
 *
 * <p>Records whose status is {@code tobedeleted} are not in the record lists; their ids are in the
 * {@code deleted*} sets. For a file imported in {@link ImportMode#BULK} mode the lists are the whole
 * truth (anything not listed is gone); in {@link ImportMode#DELTA} mode they are changes only.
 *
 * @param version the OneRoster version, "1.1" or "1.2"
 * @param modes how each file was provided, per the manifest
 * @param orgs active orgs
 * @param people active users
 * @param classes active classes
 * @param enrollments active enrollments
 * @param guardianLinks guardian-student links named by the active users' {@code agentSourcedIds}
 * @param deletedOrgIds orgs marked {@code tobedeleted}
 * @param deletedPersonIds users marked {@code tobedeleted}
 * @param deletedClassIds classes marked {@code tobedeleted}
 * @param deletedEnrollmentIds enrollments marked {@code tobedeleted}
 */
public record RosterBundle(
    String version,
    Map<RosterFile, ImportMode> modes,
    List<Org> orgs,
    List<Person> people,
    List<SchoolClass> classes,
    List<Enrollment> enrollments,
    List<GuardianLink> guardianLinks,
    Set<String> deletedOrgIds,
    Set<String> deletedPersonIds,
    Set<String> deletedClassIds,
    Set<String> deletedEnrollmentIds) {

  public RosterBundle {
    Objects.requireNonNull(version, "version");
    modes = Map.copyOf(modes);
    orgs = List.copyOf(orgs);
    people = List.copyOf(people);
    classes = List.copyOf(classes);
    enrollments = List.copyOf(enrollments);
    guardianLinks = List.copyOf(guardianLinks);
    deletedOrgIds = Set.copyOf(deletedOrgIds);
    deletedPersonIds = Set.copyOf(deletedPersonIds);
    deletedClassIds = Set.copyOf(deletedClassIds);
    deletedEnrollmentIds = Set.copyOf(deletedEnrollmentIds);
  }

  /** A bundle that changes nothing: applying it only re-derives channel membership. */
  public static RosterBundle noChanges() {
    return new RosterBundle("none", Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        Set.of(), Set.of(), Set.of(), Set.of());
  }

  /** How the bundle provides {@code file}; {@link ImportMode#ABSENT} when the manifest omits it. */
  public ImportMode mode(RosterFile file) {
    return modes.getOrDefault(file, ImportMode.ABSENT);
  }

  /** The roster files Chaperone reads. roles.csv (1.2) is folded into {@link #USERS}. */
  public enum RosterFile {
    ORGS,
    USERS,
    CLASSES,
    ENROLLMENTS
  }

  /** The manifest's processing mode for a file. */
  public enum ImportMode {
    /** The file lists every record; records not in it are removed. */
    BULK,
    /** The file lists changed records only. */
    DELTA,
    /** The bundle does not provide the file; nothing of that kind changes. */
    ABSENT
  }
}
