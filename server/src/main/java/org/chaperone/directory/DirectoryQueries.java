package org.chaperone.directory;

import java.util.List;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Person;
import org.chaperone.domain.RequestRejected;
import org.chaperone.domain.Role;
import org.chaperone.domain.SchoolClass;
import org.chaperone.store.StoreReader;

/**
 * Reads the directory on a caller's behalf. A person sees themselves, the people they share a
 * channel with, and the students or guardians linked to them; administrators see the people and
 * classes of their schools.
 * Thread-safe.
 */
public final class DirectoryQueries {
  private final StoreReader reader;

  public DirectoryQueries(StoreReader reader) {
    this.reader = reader;
  }

  /** A person with their guardian links, if the caller may see them. */
  public PersonView person(Caller caller, String personId) {
    Person person = reader.person(personId).orElseThrow(() -> new RequestRejected(
        ErrorReason.PERSON_NOT_FOUND, "people/" + personId + " does not exist"));
    List<GuardianLink> links = reader.guardianLinks(personId);
    boolean visible = caller.personId().equals(personId)
        || administers(caller, person)
        || links.stream().anyMatch(l -> l.guardianId().equals(caller.personId())
            || l.studentId().equals(caller.personId()))
        || reader.shareChannel(caller.personId(), personId);
    if (!visible) {
      // Same answer shape as a missing person would get would leak less, but a district's own
      // staff need to know the difference when a roster link is missing; the reason says which.
      throw new RequestRejected(ErrorReason.PERSON_NOT_VISIBLE,
          "you share no class or guardian link with people/" + personId);
    }
    List<String> related = links.stream()
        .map(l -> l.guardianId().equals(personId) ? l.studentId() : l.guardianId())
        .distinct().toList();
    return new PersonView(person, related);
  }

  /** A class the caller belongs to (administrators: any class). */
  public SchoolClass schoolClass(Caller caller, String classId) {
    SchoolClass schoolClass = reader.schoolClass(classId).orElseThrow(() -> new RequestRejected(
        ErrorReason.CLASS_NOT_FOUND, "classes/" + classId + " does not exist"));
    // A class channel has the class's id; membership of it is membership of the class.
    boolean schoolAdmin = caller.role() == Role.ADMINISTRATOR
        && caller.person().schoolIds().contains(schoolClass.schoolId());
    if (!schoolAdmin && reader.member(classId, caller.personId()).isEmpty()) {
      throw new RequestRejected(ErrorReason.NOT_A_MEMBER, "you are not in classes/" + classId);
    }
    return schoolClass;
  }

  /**
   * Refuses unless the caller administers a school of every person in {@code personIds} (people
   * missing from the directory are the importer's to report).
   */
  public void requireAdministers(Caller caller, java.util.Collection<String> personIds) {
    if (caller.role() != Role.ADMINISTRATOR) {
      throw new RequestRejected(ErrorReason.ADMINISTRATOR_REQUIRED, "only administrators may do this");
    }
    for (String id : personIds) {
      reader.person(id).filter(p -> !administers(caller, p)).ifPresent(p -> {
        throw new RequestRejected(ErrorReason.ADMINISTRATOR_REQUIRED, "people/" + id
            + " belongs to no school you administer");
      });
    }
  }

  /** An administrator (calling directly or through an integration) of one of the person's orgs. */
  private static boolean administers(Caller caller, Person person) {
    return caller.role() == Role.ADMINISTRATOR
        && person.schoolIds().stream().anyMatch(caller.person().schoolIds()::contains);
  }

  /** A person and the people linked to them (guardians of a student, students of a guardian). */
  public record PersonView(Person person, List<String> relatedPeople) {}
}
