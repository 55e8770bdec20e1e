package org.chaperone.domain;

/**
 * One bad field of a request.
 *
 * @param field the field path, e.g. {@code message.text}
 * @param description what is wrong with it
 */
public record FieldViolation(String field, String description) {}
