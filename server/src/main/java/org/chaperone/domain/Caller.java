package org.chaperone.domain;

import java.util.Objects;

/**
 * The authenticated person behind a request (board policy P000-anonymous: nobody sends
 * anonymously).
 *
 * @param person the directory person the token maps to
 * @param integrationId the integration acting on the person's behalf, or empty when the person
 *     calls directly
 */
public record Caller(Person person, String integrationId) {
  public Caller {
    Objects.requireNonNull(person, "person");
    integrationId = Objects.requireNonNullElse(integrationId, "");
  }

  public String personId() {
    return person.id();
  }

  public Role role() {
    return person.role();
  }
}
