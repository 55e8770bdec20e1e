package org.chaperone.supervision;

import java.util.List;
import java.util.Map;
import org.chaperone.domain.Person;
import org.chaperone.domain.PersonFlags;

/**
 * What supervision needs to know of the directory: active people, each student's guardians, and
 * the district's flags (no-contact guardians, eligible students).
 *
 * @param people active people by id
 * @param guardiansByStudent guardian ids by student id
 * @param flags flags by person id; absent means {@link PersonFlags#NONE}
 */
public record RosterView(Map<String, Person> people, Map<String, List<String>> guardiansByStudent,
    Map<String, PersonFlags> flags) {

  public PersonFlags flags(String personId) {
    return flags.getOrDefault(personId, PersonFlags.NONE);
  }
}
