package org.chaperone.app;

import java.util.Objects;
import org.chaperone.mail.SmtpSettings;
import org.chaperone.outbox.CopyPolicy;
import org.chaperone.outbox.RetryPolicy;

/**
 * How the gateway sends email (guardian copies, digests, notices).
 *
 * @param smtp the district's mail relay; null to write each email as an {@code .eml} file under
 *     {@code <data-dir>/outbox-mail/} instead (the embedded default)
 * @param mailFrom the sender address, e.g. {@code Chaperone <chaperone@district.example.org>}
 * @param copies who receives copies and when digests go out
 * @param retry how failed attempts are retried
 */
public record EmailSettings(SmtpSettings smtp, String mailFrom, CopyPolicy copies, RetryPolicy retry) {
  /** The sender of the embedded default, which sends nothing. */
  public static final String EMBEDDED_FROM = "Chaperone <no-reply@chaperone.invalid>";

  public EmailSettings {
    mailFrom = Objects.requireNonNullElse(mailFrom, "");
    if (mailFrom.isBlank()) {
      if (smtp != null) {
        throw new IllegalArgumentException("sending through an SMTP relay needs --mail-from,"
            + " e.g. \"Chaperone <chaperone@district.example.org>\"");
      }
      mailFrom = EMBEDDED_FROM;
    }
    copies = Objects.requireNonNullElse(copies, CopyPolicy.defaults());
    retry = Objects.requireNonNullElse(retry, RetryPolicy.defaults());
  }

  /** No relay: emails are written as files; default policies. */
  public static EmailSettings embedded() {
    return new EmailSettings(null, "", null, null);
  }

  /** The domain of the sender address: the right-hand side of every {@code Message-ID}. */
  public String mailDomain() {
    String address = mailFrom;
    int lt = address.lastIndexOf('<');
    if (lt >= 0) {
      address = address.substring(lt + 1, address.indexOf('>', lt) < 0 ? address.length()
          : address.indexOf('>', lt));
    }
    int at = address.lastIndexOf('@');
    String domain = at < 0 ? "" : address.substring(at + 1).strip();
    return domain.isEmpty() ? "chaperone.invalid" : domain;
  }

  public EmailSettings withSmtp(SmtpSettings relay, String from) {
    return new EmailSettings(relay, from, copies, retry);
  }

  public EmailSettings withCopies(CopyPolicy policy) {
    return new EmailSettings(smtp, mailFrom, policy, retry);
  }

  public EmailSettings withRetry(RetryPolicy policy) {
    return new EmailSettings(smtp, mailFrom, copies, policy);
  }
}
