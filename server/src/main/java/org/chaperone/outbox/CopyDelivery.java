package org.chaperone.outbox;

import java.util.Locale;

/** How a person receives email copies of the conversations they supervise. */
public enum CopyDelivery {
  /** One email per message, as it is sent: the default for guardians. */
  EACH_MESSAGE,
  /** One email a day listing that day's messages. */
  DAILY_DIGEST,
  /** No email copies; only where the district policy allows opting out. */
  NONE;

  /** Parses {@code each}, {@code digest}, {@code none} or an enum name, case-insensitively. */
  public static CopyDelivery parse(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    return switch (t) {
      case "EACH", "EACH_MESSAGE" -> EACH_MESSAGE;
      case "DIGEST", "DAILY", "DAILY_DIGEST" -> DAILY_DIGEST;
      case "NONE", "OFF" -> NONE;
      default -> throw new IllegalArgumentException(
          "unknown delivery '" + text + "': expected each, digest or none");
    };
  }

  /** The word used on the command line and in the archive: each, digest, none. */
  public String word() {
    return switch (this) {
      case EACH_MESSAGE -> "each";
      case DAILY_DIGEST -> "digest";
      case NONE -> "none";
    };
  }
}
