package org.chaperone.mail;

import java.util.Locale;
import java.util.Objects;

/**
 * How to reach the district's mail relay.
 *
 * @param host the relay's host name
 * @param port its port; 0 for the usual one of {@code tls} (587, 465 or 25)
 * @param user the user to authenticate as, or empty for no authentication
 * @param password the password (from {@code CHAPERONE_SMTP_PASSWORD}), or empty
 * @param tls how the connection is protected
 * @param trustHosts hosts whose certificate is trusted without validation (space-separated, or
 *     {@code *}): for an internal relay with a self-signed certificate; empty to validate against
 *     the JVM's trust store, as usual
 * @param connections how many connections to keep open and send on in parallel
 */
public record SmtpSettings(String host, int port, String user, String password, Tls tls,
    String trustHosts, int connections) {

  /** Transport security. */
  public enum Tls {
    /** Plain SMTP: only for a relay on the same host or a trusted network. */
    NONE(25),
    /** SMTP upgraded with STARTTLS, which is required (submission, port 587). */
    STARTTLS(587),
    /** SMTP inside TLS from the first byte (implicit TLS, port 465). */
    TLS(465);

    final int defaultPort;

    Tls(int defaultPort) {
      this.defaultPort = defaultPort;
    }

    public static Tls parse(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "none", "plain" -> NONE;
        case "starttls" -> STARTTLS;
        case "tls", "ssl", "smtps" -> TLS;
        default -> throw new IllegalArgumentException(
            "unknown SMTP security '" + text + "': expected none, starttls or tls");
      };
    }
  }

  public SmtpSettings {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("the SMTP host is required");
    }
    user = Objects.requireNonNullElse(user, "");
    password = Objects.requireNonNullElse(password, "");
    tls = Objects.requireNonNullElse(tls, Tls.STARTTLS);
    trustHosts = Objects.requireNonNullElse(trustHosts, "");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the SMTP port must be between 1 and 65535");
    }
    if (connections < 1 || connections > 64) {
      throw new IllegalArgumentException("SMTP connections must be between 1 and 64");
    }
    if (!user.isEmpty() && password.isEmpty()) {
      throw new IllegalArgumentException("an SMTP user needs a password: set CHAPERONE_SMTP_PASSWORD");
    }
  }

  /** The port to connect to. */
  public int effectivePort() {
    return port != 0 ? port : tls.defaultPort;
  }

  @Override
  public String toString() {
    // Never print the password.
    return "smtp://" + (user.isEmpty() ? "" : user + "@") + host + ":" + effectivePort()
        + " (" + tls.name().toLowerCase(Locale.ROOT) + ", " + connections + " connections)";
  }
}
