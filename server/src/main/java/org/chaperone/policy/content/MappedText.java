package org.chaperone.policy.content;

import java.util.Arrays;

/**
 * A string derived from an original text, where every char remembers the range of the original
 * it came from. Normalisation steps build one from another, so a match in the most transformed
 * view still maps back to the characters the sender typed. Immutable once built.
 */
final class MappedText {
  private final String text;
  private final int[] starts;
  private final int[] ends;
  private final int originalLength;

  private MappedText(String text, int[] starts, int[] ends, int originalLength) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
    this.originalLength = originalLength;
  }

  /** The identity view of {@code original}. */
  static MappedText identity(String original) {
    int n = original.length();
    int[] s = new int[n];
    int[] e = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = i;
      e[i] = i + 1;
    }
    return new MappedText(original, s, e, n);
  }

  String text() {
    return text;
  }

  int length() {
    return text.length();
  }

  char charAt(int i) {
    return text.charAt(i);
  }

  /** Start, in the original, of the char at {@code i}. */
  int originStart(int i) {
    return starts[i];
  }

  /** End (exclusive), in the original, of the char at {@code i}. */
  int originEnd(int i) {
    return ends[i];
  }

  /**
   * The original range covered by {@code [from, to)} of this view, as {@code {start, end}}. An
   * empty range maps to the empty range at its position.
   */
  int[] toOriginal(int from, int to) {
    if (from >= to) {
      int at = from < text.length() ? starts[from] : originalLength;
      return new int[] {at, at};
    }
    int s = Integer.MAX_VALUE;
    int e = 0;
    for (int i = from; i < to; i++) {
      s = Math.min(s, starts[i]);
      e = Math.max(e, ends[i]);
    }
    return new int[] {s, e};
  }

  /** Builds a view whose chars map to ranges of an original text of a given length. */
  static final class Builder {
    private final StringBuilder sb;
    private int[] starts;
    private int[] ends;
    private final int originalLength;

    Builder(int capacity, int originalLength) {
      this.sb = new StringBuilder(capacity);
      this.starts = new int[Math.max(16, capacity)];
      this.ends = new int[Math.max(16, capacity)];
      this.originalLength = originalLength;
    }

    int length() {
      return sb.length();
    }

    char charAt(int i) {
      return sb.charAt(i);
    }

    void append(char c, int originStart, int originEnd) {
      int i = sb.length();
      if (i == starts.length) {
        starts = Arrays.copyOf(starts, i * 2);
        ends = Arrays.copyOf(ends, i * 2);
      }
      sb.append(c);
      starts[i] = originStart;
      ends[i] = originEnd;
    }

    /** Appends {@code c}, mapped to whatever char {@code i} of {@code from} maps to. */
    void appendFrom(char c, MappedText from, int i) {
      append(c, from.starts[i], from.ends[i]);
    }

    MappedText build() {
      int n = sb.length();
      return new MappedText(sb.toString(), Arrays.copyOf(starts, n), Arrays.copyOf(ends, n),
          originalLength);
    }
  }
}
