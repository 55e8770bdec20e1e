package org.chaperone.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import org.chaperone.outbox.OutgoingEmail;

/**
 * Turns an {@link OutgoingEmail} into a MIME message: plain UTF-8 text, the outbox's stable
 * {@code Message-ID} and {@code Date}, and headers that mark it as automatic (RFC 3834) so that
 * auto-responders leave it alone.
 */
final class MimeRendering {
  private MimeRendering() {}

  /** A MIME message whose Message-ID is the one given, not a fresh one. */
  private static final class StableIdMessage extends MimeMessage {
    private final String messageId;

    StableIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }

  /** The recipient's address, strictly parsed. */
  static InternetAddress recipient(OutgoingEmail email) throws AddressException {
    InternetAddress to = new InternetAddress(email.toAddress(), true);
    try {
      if (!email.toName().isEmpty()) {
        to.setPersonal(email.toName(), StandardCharsets.UTF_8.name());
      }
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
    return to;
  }

  static MimeMessage render(Session session, OutgoingEmail email, InternetAddress from,
      InternetAddress to) throws MessagingException {
    MimeMessage m = new StableIdMessage(session, email.mimeMessageId());
    m.setFrom(from);
    m.setRecipient(Message.RecipientType.TO, to);
    m.setSubject(email.subject(), StandardCharsets.UTF_8.name());
    m.setSentDate(Date.from(email.date()));
    m.setText(email.body(), StandardCharsets.UTF_8.name());
    m.setHeader("Auto-Submitted", "auto-generated");
    m.setHeader("X-Auto-Response-Suppress", "All");
    m.setHeader("X-Chaperone-Kind", email.kind().name().toLowerCase(Locale.ROOT));
    if (!email.subjectRef().isEmpty()) {
      try {
        m.setHeader("X-Chaperone-Resource", MimeUtility.fold(22,
            MimeUtility.encodeText(email.subjectRef(), StandardCharsets.UTF_8.name(), null)));
      } catch (UnsupportedEncodingException e) {
        throw new IllegalStateException(e);
      }
    }
    m.saveChanges();
    return m;
  }
}
