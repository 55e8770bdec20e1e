package org.chaperone.policy.content;

import java.util.Objects;
import org.chaperone.domain.Role;

/** A sender or recipient of a draft, as the content policy sees them: directory id and role. */
public record Participant(String id, Role role) {
  public Participant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
  }
}
