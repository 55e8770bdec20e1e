package org.chaperone.records;

import java.util.Objects;
import java.util.regex.Pattern;
import org.chaperone.domain.RequestRejected;

/**
 * How a production's transcript pages are numbered: a prefix and a zero-padded counter, one number
 * per page, continuing across the whole production ({@code CHAP-0000001}, {@code CHAP-0000002},
 * ...). A district answering a request in several productions starts each where the last ended.
 *
 * @param prefix 1 to 24 letters, digits, {@code .}, {@code _} or {@code -}, at most 24 characters
 * @param start the number of the first page, at least 1
 */
public record BatesNumbering(String prefix, long start) {
  /** The prefix used when the records officer gives none. */
  public static final String DEFAULT_PREFIX = "CHAP-";
  /** The counter's minimum width: seven digits, up to 9,999,999 pages before it grows. */
  public static final int WIDTH = 7;
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,24}");
  private static final long MAX_START = 1_000_000_000_000L;

  public BatesNumbering {
    Objects.requireNonNull(prefix, "prefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw RequestRejected.invalidField("bates_prefix",
          "1 to 24 letters, digits, '.', '_' or '-' (e.g. CHAP- or LUSD_2026_)");
    }
    if (start < 1 || start > MAX_START) {
      throw RequestRejected.invalidField("bates_start", "must be between 1 and " + MAX_START);
    }
  }

  /** {@code CHAP-}, starting at 1. */
  public static BatesNumbering defaults() {
    return new BatesNumbering(DEFAULT_PREFIX, 1);
  }

  /** The number of a page, counted from 0 within the production. */
  public String page(long offset) {
    return format(start + offset);
  }

  /** The Bates number {@code n}, e.g. {@code CHAP-0000042}. */
  public String format(long n) {
    String digits = Long.toString(n);
    return prefix + "0".repeat(Math.max(0, WIDTH - digits.length())) + digits;
  }
}
