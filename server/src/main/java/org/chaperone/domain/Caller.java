package org.chaperone.domain;

import java.util.Objects;

/**
 * The authenticated person behind a request (board policy P000-anonymous: nobody sends
 * anonymously).
 *
 * @param person the directory person the token maps to, or the person an integration acts for
 * @param integrationId the integration acting on the person's behalf, or empty when the person
 *     calls directly
 * @param integrationSchools for an integration: the schools it was approved for (its acts must
 *     stay inside them); empty otherwise
 */
public record Caller(Person person, String integrationId, java.util.Set<String> integrationSchools) {
  public Caller {
    Objects.requireNonNull(person, "person");
    integrationId = Objects.requireNonNullElse(integrationId, "");
    integrationSchools = java.util.Set.copyOf(integrationSchools);
  }

  /** A person calling directly. */
  public Caller(Person person, String integrationId) {
    this(person, integrationId, java.util.Set.of());
  }

  /** True when an integration acts for the person. */
  public boolean viaIntegration() {
    return !integrationId.isEmpty();
  }

  public String personId() {
    return person.id();
  }

  public Role role() {
    return person.role();
  }
}
