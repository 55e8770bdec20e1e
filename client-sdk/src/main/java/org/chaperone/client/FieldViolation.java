package org.chaperone.client;

import java.util.Objects;

/**
 * A field of a request that the gateway found missing or malformed: one entry of a {@code
 * google.rpc.BadRequest}.
 *
 * @param field the field's path in the request, e.g. {@code message.text}; for a roster bundle,
 *     {@code bundle_zip/<file>:<line>:<column>}
 * @param description what is wrong with it, for people
 */
public record FieldViolation(String field, String description) {
  /**
   * Checks the components.
   *
   * @param field the field's path
   * @param description what is wrong
   */
  public FieldViolation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(description, "description");
  }
}
