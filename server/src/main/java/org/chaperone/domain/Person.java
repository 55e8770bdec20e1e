package org.chaperone.domain;

import java.util.List;
import java.util.Objects;

/**
 * A person in the district directory, as the roster describes them.
 *
 * @param id the roster's sourcedId
 * @param role the person's role
 * @param givenName given name
 * @param familyName family name
 * @param email district email address, or empty
 * @param username roster username, or empty
 * @param schoolIds ids of the orgs (schools, districts) the person belongs to
 * @param grades grade levels, as the roster spells them
 */
public record Person(
    String id,
    Role role,
    String givenName,
    String familyName,
    String email,
    String username,
    List<String> schoolIds,
    List<String> grades) {

  public Person {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    givenName = Objects.requireNonNullElse(givenName, "");
    familyName = Objects.requireNonNullElse(familyName, "");
    email = Objects.requireNonNullElse(email, "");
    username = Objects.requireNonNullElse(username, "");
    schoolIds = List.copyOf(schoolIds);
    grades = List.copyOf(grades);
  }

  /** "Given Family", or the id when the roster has no name. */
  public String displayName() {
    String name = (givenName + " " + familyName).strip();
    return name.isEmpty() ? id : name;
  }
}
