package org.chaperone.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Properties;
import java.util.regex.Pattern;
import org.chaperone.records.MailFormat;

/**
 * Archived messages as RFC 5322 {@code .eml} files, with Jakarta Mail: {@code From} the sender,
 * {@code To} every recipient ({@code Cc} those copied as supervisors), the channel as
 * {@code Subject}, the commit time as {@code Date}, a
 * plain-text UTF-8 body (base64, so the text's bytes survive exactly), and headers tying the
 * message to its archive record: {@code X-Chaperone-Record}, {@code X-Chaperone-Message},
 * {@code X-Chaperone-Sender} and {@code X-Chaperone-Time} (the exact commit time). People without
 * a directory email address get one under the reserved {@code .invalid} domain. The same message
 * always renders to the same bytes.
 *
 * <p>Thread-safe.
 */
public final class EmlFormat implements MailFormat {
  private static final Session SESSION = Session.getInstance(new Properties());
  private static final Pattern SAFE_LOCAL_PART = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String NO_MAIL_DOMAIN = "people.chaperone.invalid";

  @Override
  public byte[] eml(ExportedMessage m) {
    try {
      String messageId = "<" + m.messageName().substring(m.messageName().lastIndexOf('/') + 1)
          + "." + m.recordIndex() + "@chaperone.invalid>";
      MimeMessage msg = new MimeMessage(SESSION) {
        @Override
        protected void updateMessageID() throws MessagingException {
          setHeader("Message-ID", messageId);
        }
      };
      msg.setFrom(address(m.sender()));
      for (Party p : m.recipients()) {
        msg.addRecipient(Message.RecipientType.TO, address(p));
      }
      for (Party p : m.copied()) {
        msg.addRecipient(Message.RecipientType.CC, address(p));
      }
      msg.setSubject(m.channelTitle(), "UTF-8");
      msg.setSentDate(Date.from(m.time()));
      msg.setHeader("X-Chaperone-Record", "records/" + m.recordIndex());
      msg.setHeader("X-Chaperone-Message", header(m.messageName()));
      msg.setHeader("X-Chaperone-Sender", header("people/" + m.sender().personId()));
      msg.setHeader("X-Chaperone-Time", m.time().toString());
      msg.setText(m.text(), "UTF-8");
      msg.setHeader("Content-Transfer-Encoding", "base64");
      msg.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      msg.writeTo(out);
      return out.toByteArray();
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("cannot render " + m.messageName() + " as a message", e);
    }
  }

  @Override
  public ParsedMail parse(byte[] eml) {
    try {
      MimeMessage msg = new MimeMessage(SESSION, new ByteArrayInputStream(eml));
      if (!msg.isMimeType("text/plain") || !(msg.getContent() instanceof String text)) {
        throw new IllegalArgumentException("not a plain-text message");
      }
      String sender = decoded(msg.getHeader("X-Chaperone-Sender", null));
      Date date = msg.getSentDate();
      return new ParsedMail(decoded(msg.getHeader("X-Chaperone-Record", null)),
          decoded(msg.getHeader("X-Chaperone-Message", null)),
          sender.startsWith("people/") ? sender.substring("people/".length()) : sender,
          Instant.parse(decoded(msg.getHeader("X-Chaperone-Time", null))),
          date == null ? null : date.toInstant(), text);
    } catch (MessagingException | IOException | DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("not a message of a production: " + e.getMessage(), e);
    }
  }

  private static InternetAddress address(Party p) throws UnsupportedEncodingException {
    String email = p.email();
    if (email.isEmpty() || !email.contains("@")) {
      email = (SAFE_LOCAL_PART.matcher(p.personId()).matches() ? p.personId()
          : "person-" + shortHash(p.personId())) + "@" + NO_MAIL_DOMAIN;
    }
    return new InternetAddress(email, p.displayName().isEmpty() ? null : p.displayName(), "UTF-8");
  }

  private static String header(String value) throws UnsupportedEncodingException {
    return MimeUtility.fold(20, MimeUtility.encodeText(value, "UTF-8", null));
  }

  private static String decoded(String value) throws UnsupportedEncodingException {
    if (value == null) {
      throw new NullPointerException("missing X-Chaperone header");
    }
    return MimeUtility.decodeText(MimeUtility.unfold(value));
  }

  private static String shortHash(String s) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
