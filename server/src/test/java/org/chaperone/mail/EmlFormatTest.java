package org.chaperone.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.chaperone.records.MailFormat.ExportedMessage;
import org.chaperone.records.MailFormat.ParsedMail;
import org.chaperone.records.MailFormat.Party;
import org.junit.jupiter.api.Test;

/** Archived messages rendered as .eml and read back by Jakarta Mail, text byte for byte. */
class EmlFormatTest {
  private final EmlFormat format = new EmlFormat();

  private static ExportedMessage message(String text) {
    return new ExportedMessage(41, "channels/math-101/messages/7354121173950464", "Math 101 – Algèbre",
        new Party("teacher-1", "Tom Miller", "tmiller@lincoln.example.org"),
        List.of(new Party("s1", "Sam One", "s1@lincoln.example.org"),
            new Party("g 1,ü", "Gina Öne", "")),
        Instant.parse("2026-03-02T08:15:30.123456Z"), text);
  }

  @Test
  void aRenderedMessageIsARealRfc5322MessageThatReadsBackExactly() throws Exception {
    String text = "Quiz Friday.\nFrom now on: calculators allowed.\r\n\n  indented — ünïcödé 📐\n"
        + "x".repeat(2000) + "\n.\nFrom the desk of Mr. Miller";
    byte[] eml = format.eml(message(text));
    assertThat(format.eml(message(text))).as("deterministic").isEqualTo(eml);

    MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(eml));
    assertThat(((InternetAddress) parsed.getFrom()[0]).getAddress()).isEqualTo("tmiller@lincoln.example.org");
    assertThat(((InternetAddress) parsed.getFrom()[0]).getPersonal()).isEqualTo("Tom Miller");
    assertThat(parsed.getRecipients(Message.RecipientType.TO)).hasSize(2);
    assertThat(((InternetAddress) parsed.getRecipients(Message.RecipientType.TO)[1]).getAddress())
        .endsWith("@people.chaperone.invalid");
    assertThat(parsed.getSubject()).isEqualTo("Math 101 – Algèbre");
    assertThat(parsed.getSentDate().toInstant()).isEqualTo(Instant.parse("2026-03-02T08:15:30Z"));
    assertThat(parsed.getMessageID()).isEqualTo("<7354121173950464.41@chaperone.invalid>");
    assertThat(parsed.getContent()).isEqualTo(text);

    ParsedMail back = format.parse(eml);
    assertThat(back.recordName()).isEqualTo("records/41");
    assertThat(back.messageName()).isEqualTo("channels/math-101/messages/7354121173950464");
    assertThat(back.senderId()).isEqualTo("teacher-1");
    assertThat(back.time()).isEqualTo(Instant.parse("2026-03-02T08:15:30.123456Z"));
    assertThat(back.text()).isEqualTo(text);
    assertThat(new String(eml, StandardCharsets.US_ASCII)).doesNotContain("\n\n").contains("\r\n\r\n");
  }

  @Test
  void bytesThatAreNotAProductionMessageAreRefused() {
    assertThatThrownBy(() -> format.parse("Subject: hi\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
