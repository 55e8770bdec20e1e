package org.chaperone.mail;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.chaperone.outbox.MailSender;
import org.chaperone.outbox.OutgoingEmail;
import org.chaperone.outbox.SendOutcome;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends over SMTP with Jakarta Mail (Eclipse Angus), on a pool of connections that stay open
 * between emails.
 *
 * <p>Each of the {@link SmtpSettings#connections()} pooled connections is used by one caller at a
 * time. A connection that failed is closed and opened again on its next use; one that sat idle is
 * checked with {@code NOOP} first, since relays drop idle clients. The server's reply classifies
 * the outcome: 2xx accepted, 4xx (and lost or refused connections) deferred, 5xx rejected.
 *
 * <p>Thread-safe.
 */
public final class SmtpMailSender implements MailSender {
  private static final Logger log = LoggerFactory.getLogger(SmtpMailSender.class);
  private static final long IDLE_CHECK_MS = 30_000;

  private final SmtpSettings settings;
  private final Session session;
  private final InternetAddress from;
  private final BlockingQueue<PooledConnection> pool;
  private final List<PooledConnection> all = new ArrayList<>();

  /**
   * @param from the sender address, e.g. {@code Chaperone <chaperone@district.example.org>}
   * @throws IllegalArgumentException when {@code from} is not a valid address
   */
  public SmtpMailSender(SmtpSettings settings, String from) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.from = parseFrom(from);
    this.session = Session.getInstance(properties(settings));
    this.pool = new ArrayBlockingQueue<>(settings.connections());
    for (int i = 0; i < settings.connections(); i++) {
      PooledConnection c = new PooledConnection();
      all.add(c);
      pool.add(c);
    }
  }

  static InternetAddress parseFrom(String from) {
    try {
      InternetAddress[] parsed = InternetAddress.parse(from, true);
      if (parsed.length != 1) {
        throw new IllegalArgumentException("the mail sender must be one address, got: " + from);
      }
      return parsed[0];
    } catch (AddressException e) {
      throw new IllegalArgumentException("the mail sender address is not valid: " + from
          + " (" + e.getMessage() + ")", e);
    }
  }

  static Properties properties(SmtpSettings s) {
    Properties p = new Properties();
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", s.host());
    p.setProperty("mail.smtp.port", Integer.toString(s.effectivePort()));
    p.setProperty("mail.smtp.connectiontimeout", "10000");
    p.setProperty("mail.smtp.timeout", "30000");
    p.setProperty("mail.smtp.writetimeout", "30000");
    // Do not wait for the server's goodbye when closing a connection.
    p.setProperty("mail.smtp.quitwait", "false");
    p.setProperty("mail.smtp.auth", Boolean.toString(!s.user().isEmpty()));
    switch (s.tls()) {
      case NONE -> { }
      case STARTTLS -> {
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.required", "true");
      }
      case TLS -> p.setProperty("mail.smtp.ssl.enable", "true");
    }
    if (s.tls() != SmtpSettings.Tls.NONE) {
      p.setProperty("mail.smtp.ssl.checkserveridentity", Boolean.toString(s.trustHosts().isEmpty()));
      p.setProperty("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
      if (!s.trustHosts().isEmpty()) {
        p.setProperty("mail.smtp.ssl.trust", s.trustHosts());
      }
    }
    return p;
  }

  @Override
  public int parallelism() {
    return settings.connections();
  }

  @Override
  public SendOutcome send(OutgoingEmail email) {
    InternetAddress to;
    MimeMessage message;
    try {
      to = MimeRendering.recipient(email);
      message = MimeRendering.render(session, email, from, to);
    } catch (AddressException e) {
      return new SendOutcome.Rejected("the address is not valid: " + email.toAddress() + " ("
          + e.getMessage() + ")");
    } catch (MessagingException e) {
      return new SendOutcome.Rejected("the email cannot be built: " + e.getMessage());
    }
    PooledConnection c;
    try {
      c = pool.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SendOutcome.Deferred("interrupted before sending", false);
    }
    try {
      return c.send(message, new Address[] {to});
    } finally {
      pool.add(c);
    }
  }

  /** One SMTP connection, opened on first use and reopened after a failure. */
  private final class PooledConnection {
    private SMTPTransport transport;
    private long lastUsed;

    SendOutcome send(MimeMessage message, Address[] to) {
      boolean connected = false;
      try {
        connect();
        connected = true;
        transport.sendMessage(message, to);
        lastUsed = System.currentTimeMillis();
        return new SendOutcome.Accepted(reply());
      } catch (SendFailedException e) {
        lastUsed = System.currentTimeMillis();
        return classify(e);
      } catch (AuthenticationFailedException e) {
        close();
        return new SendOutcome.Deferred("authentication failed: " + text(e)
            + " (check --smtp-user and CHAPERONE_SMTP_PASSWORD)", true);
      } catch (MessagingException e) {
        close();
        // Refused, timed out, dropped or TLS failure: nothing will get through just now.
        return new SendOutcome.Deferred((connected ? "connection lost: " : "cannot connect to "
            + settings.host() + ":" + settings.effectivePort() + ": ") + text(e), true);
      }
    }

    private void connect() throws MessagingException {
      if (transport != null && System.currentTimeMillis() - lastUsed > IDLE_CHECK_MS
          && !transport.isConnected()) {
        close();
      }
      if (transport == null) {
        SMTPTransport t = (SMTPTransport) session.getTransport("smtp");
        t.connect(settings.host(), settings.effectivePort(),
            settings.user().isEmpty() ? null : settings.user(),
            settings.password().isEmpty() ? null : settings.password());
        transport = t;
        lastUsed = System.currentTimeMillis();
      }
    }

    private String reply() {
      String r = transport.getLastServerResponse();
      return r == null ? "accepted" : r.strip();
    }

    private SendOutcome classify(SendFailedException e) {
      for (Exception x = e; x != null;
          x = x instanceof MessagingException m ? m.getNextException() : null) {
        int code = switch (x) {
          case SMTPAddressFailedException a -> a.getReturnCode();
          case SMTPSendFailedException s -> s.getReturnCode();
          default -> -1;
        };
        if (code >= 500) {
          return new SendOutcome.Rejected(text(x));
        }
        if (code >= 400) {
          if (code == 421) {
            close(); // the server is closing the connection
          }
          return new SendOutcome.Deferred(text(x), code == 421);
        }
      }
      close();
      return new SendOutcome.Deferred(text(e), true);
    }

    void close() {
      if (transport != null) {
        try {
          transport.close();
        } catch (MessagingException e) {
          log.debug("Closing an SMTP connection failed", e);
        }
        transport = null;
      }
    }
  }

  /** An exception's message with its causes, on one line. */
  private static String text(Exception e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null && b.length() < 500; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank() && b.indexOf(m.strip()) < 0) {
        b.append(b.isEmpty() ? "" : ": ").append(m.strip());
      }
    }
    return b.isEmpty() ? e.getClass().getSimpleName() : b.toString().replaceAll("\\s+", " ");
  }

  @Override
  public void close() {
    // Called once nothing is sending any more (the dispatcher closes it after its senders stop).
    for (PooledConnection c : all) {
      c.close();
    }
  }
}
