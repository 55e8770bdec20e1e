package org.chaperone.domain;

import java.util.Objects;

/**
 * An organisation from the roster: the district, a school, or another unit.
 *
 * @param id the roster's sourcedId
 * @param name display name
 * @param type the OneRoster org type, lower case ("district", "school", ...)
 * @param parentId the parent org's id, or empty
 */
public record Org(String id, String name, String type, String parentId) {
  public Org {
    Objects.requireNonNull(id, "id");
    name = Objects.requireNonNullElse(name, "");
    type = Objects.requireNonNullElse(type, "");
    parentId = Objects.requireNonNullElse(parentId, "");
  }
}
