package org.chaperone.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import org.chaperone.outbox.MailSender;
import org.chaperone.outbox.OutgoingEmail;
import org.chaperone.outbox.SendOutcome;

/**
 * The embedded default: instead of sending, writes each email as an {@code .eml} file (RFC 5322,
 * openable by any mail program) into a folder, so that a gateway without a mail relay still shows
 * what it would send. The file name comes from the email's time and outbox id, and files are
 * written whole (temporary file, then rename), so writing the same email twice leaves one file.
 *
 * <p>Thread-safe.
 */
public final class EmlFileMailSender implements MailSender {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Path folder;
  private final InternetAddress from;
  private final Session session = Session.getInstance(new Properties());

  public EmlFileMailSender(Path folder, String from) {
    this.folder = Objects.requireNonNull(folder, "folder");
    this.from = SmtpMailSender.parseFrom(from);
  }

  public Path folder() {
    return folder;
  }

  @Override
  public int parallelism() {
    return 1;
  }

  @Override
  public SendOutcome send(OutgoingEmail email) {
    MimeMessage message;
    try {
      InternetAddress to = MimeRendering.recipient(email);
      message = MimeRendering.render(session, email, from, to);
    } catch (AddressException e) {
      return new SendOutcome.Rejected("the address is not valid: " + email.toAddress() + " ("
          + e.getMessage() + ")");
    } catch (MessagingException e) {
      return new SendOutcome.Rejected("the email cannot be built: " + e.getMessage());
    }
    String name = STAMP.format(email.date()) + "-" + email.kind().name().toLowerCase(Locale.ROOT)
        + "-" + email.id() + ".eml";
    Path target = folder.resolve(name);
    try {
      Files.createDirectories(folder);
      Path temp = Files.createTempFile(folder, ".writing-", ".tmp");
      try {
        try (OutputStream out = Files.newOutputStream(temp)) {
          message.writeTo(out);
        }
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      return new SendOutcome.Accepted("written to " + target);
    } catch (IOException | MessagingException e) {
      return new SendOutcome.Deferred("cannot write " + target + ": " + e.getMessage(), true);
    }
  }

  @Override
  public void close() {
    // Nothing held open.
  }
}
