package org.chaperone.cli;

import java.time.LocalTime;
import java.time.ZoneId;
import org.chaperone.app.EmailSettings;
import org.chaperone.mail.SmtpSettings;
import org.chaperone.outbox.CopyPolicy;
import picocli.CommandLine.Option;

/**
 * {@code serve} options for email copies and notices. The SMTP password is read from the
 * environment variable {@code CHAPERONE_SMTP_PASSWORD} only, so that it never appears in a process
 * listing or a config file.
 */
final class EmailOptions {
  static final String PASSWORD_VARIABLE = "CHAPERONE_SMTP_PASSWORD";

  @Option(names = "--smtp-host", defaultValue = "", paramLabel = "HOST",
      description = "The district's mail relay. Empty: write each email as an .eml file under"
          + " <data-dir>/outbox-mail/ instead of sending it.")
  String smtpHost;

  @Option(names = "--smtp-port", defaultValue = "0", paramLabel = "PORT",
      description = "The relay's port (default: 587 for starttls, 465 for tls, 25 for none).")
  int smtpPort;

  @Option(names = "--smtp-user", defaultValue = "", paramLabel = "USER",
      description = "User to authenticate as; the password comes from " + PASSWORD_VARIABLE + ".")
  String smtpUser;

  @Option(names = "--smtp-tls", defaultValue = "starttls", paramLabel = "MODE",
      description = "Connection security: none, starttls (required) or tls (default: ${DEFAULT-VALUE}).")
  String smtpTls;

  @Option(names = "--smtp-trust", defaultValue = "", paramLabel = "HOSTS",
      description = "Hosts whose TLS certificate is trusted without validation (an internal relay"
          + " with a self-signed certificate). Prefer adding its CA to the JVM trust store.")
  String smtpTrust;

  @Option(names = "--smtp-connections", defaultValue = "4", paramLabel = "N",
      description = "SMTP connections kept open and sent on in parallel (default: ${DEFAULT-VALUE}).")
  int smtpConnections;

  @Option(names = "--mail-from", defaultValue = "", paramLabel = "ADDRESS",
      description = "Sender of copies and notices, e.g. \"Chaperone <chaperone@district.example.org>\";"
          + " required with --smtp-host.")
  String mailFrom;

  @Option(names = "--email-opt-out", defaultValue = "false", negatable = true, fallbackValue = "true",
      description = "The district policy lets guardians and staff choose no email copies"
          + " (default: ${DEFAULT-VALUE}: copies are required, board policy P003-copy).")
  boolean optOut;

  @Option(names = "--digest-time", defaultValue = "18:00", paramLabel = "HH:MM",
      description = "Local time daily digests go out; each holds the 24 hours before it (default: ${DEFAULT-VALUE}).")
  String digestTime;

  @Option(names = "--district-time-zone", defaultValue = "", paramLabel = "ZONE",
      description = "The district's time zone for digests and the times shown in emails, e.g."
          + " America/Chicago (default: the system's).")
  String timeZone;

  @Option(names = "--conversation-url", defaultValue = "", paramLabel = "URL",
      description = "Where people read a conversation, with {channel} and {message} placeholders,"
          + " e.g. https://chaperone.district.example.org/channels/{channel}. Empty: emails say to"
          + " open the conversation in the Chaperone app.")
  String conversationUrl;

  CopyPolicy copyPolicy() {
    ZoneId zone = timeZone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(timeZone.strip());
    return new CopyPolicy(optOut, zone, LocalTime.parse(digestTime.strip()), conversationUrl.strip());
  }

  EmailSettings settings() {
    EmailSettings email = EmailSettings.embedded().withCopies(copyPolicy());
    if (smtpHost.isBlank()) {
      return email;
    }
    String password = System.getenv(PASSWORD_VARIABLE);
    SmtpSettings smtp = new SmtpSettings(smtpHost.strip(), smtpPort, smtpUser.strip(),
        password == null ? "" : password, SmtpSettings.Tls.parse(smtpTls), smtpTrust.strip(),
        smtpConnections);
    return email.withSmtp(smtp, mailFrom.strip());
  }
}
