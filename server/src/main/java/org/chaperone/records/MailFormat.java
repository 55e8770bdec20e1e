package org.chaperone.records;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Renders archived messages as RFC 5322 messages ({@code .eml}) and reads them back, for
 * productions and their verification. Implemented with Jakarta Mail in {@code org.chaperone.mail};
 * records code sees only this interface.
 */
public interface MailFormat {

  /** A person as a message names them. */
  record Party(String personId, String displayName, String email) {
    public Party {
      Objects.requireNonNull(personId, "personId");
      displayName = Objects.requireNonNullElse(displayName, "");
      email = Objects.requireNonNullElse(email, "");
    }
  }

  /**
   * An archived message to render.
   *
   * @param recordIndex the leaf index of its archive entry
   * @param messageName {@code channels/{channel}/messages/{message}}
   * @param channelTitle the channel's display name (the subject line)
   * @param sender who wrote it
   * @param recipients who received it ({@code To})
   * @param copied who received it as a supervising copy, e.g. guardians ({@code Cc})
   * @param time when it was committed
   * @param text its text
   */
  record ExportedMessage(long recordIndex, String messageName, String channelTitle, Party sender,
      List<Party> recipients, List<Party> copied, Instant time, String text) {
    public ExportedMessage {
      recipients = List.copyOf(recipients);
      copied = List.copyOf(copied);
    }

    /** A message without copied recipients. */
    public ExportedMessage(long recordIndex, String messageName, String channelTitle, Party sender,
        List<Party> recipients, Instant time, String text) {
      this(recordIndex, messageName, channelTitle, sender, recipients, List.of(), time, text);
    }
  }

  /** What a rendered message says about the record it came from. */
  record ParsedMail(String recordName, String messageName, String senderId, Instant time,
      Instant dateHeader, String text) {}

  /** The message as RFC 5322 bytes (CRLF line ends). */
  byte[] eml(ExportedMessage message);

  /**
   * Reads a message rendered by {@link #eml}.
   *
   * @throws IllegalArgumentException when the bytes are not such a message
   */
  ParsedMail parse(byte[] eml);
}
