package org.chaperone.policy.content;

import java.util.Objects;

/**
 * A range of the original message text: UTF-16 offsets {@code [start, end)} into the text the
 * sender submitted (never into a normalised form), and the excerpt found there.
 */
public record Span(int start, int end, String excerpt) {
  public Span {
    Objects.requireNonNull(excerpt, "excerpt");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  static Span of(String original, int start, int end) {
    return new Span(start, end, original.substring(start, end));
  }
}
