package org.chaperone.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One document of a production's transcript and load file: a message, with every later event of
 * it the production holds (edits with each version's text and time, retractions, releases of held
 * messages). Each document starts on a new page, so its pages form one Bates range.
 *
 * @param recordIndex the leaf index of the record that created the message (or, when that record
 *     is not in the production, of its first event that is)
 * @param type that record's event type, e.g. {@code message.created}
 * @param messageName {@code channels/{channel}/messages/{message}}
 * @param channelId the channel's id
 * @param channelTitle the channel's display name
 * @param sender who wrote it (or did the first event)
 * @param to its recipients
 * @param cc the recipients copied as supervisors (guardians)
 * @param time when that record was committed
 * @param text the message's text as first archived; empty when the record holds none
 * @param leafHash the record's RFC 6962 leaf hash, hex
 * @param emlPath the message's {@code .eml} file in the production, or empty
 * @param events later events of the message, oldest first
 */
record TranscriptDocument(long recordIndex, String type, String messageName, String channelId,
    String channelTitle, MailFormat.Party sender, List<MailFormat.Party> to,
    List<MailFormat.Party> cc, Instant time, String text, String leafHash, String emlPath,
    List<Event> events) {

  TranscriptDocument {
    Objects.requireNonNull(type, "type");
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    events = List.copyOf(events);
  }

  /**
   * A later event of the message.
   *
   * @param recordIndex its record
   * @param type {@code message.edited}, {@code message.retracted}, {@code message.released}, ...
   * @param time when it was committed
   * @param actor who did it
   * @param version for an edit, the new version's number (0 when the record gives none)
   * @param text for an edit, the new version's text; otherwise empty
   * @param reason for a retraction, its reason; otherwise empty
   */
  record Event(long recordIndex, String type, Instant time, MailFormat.Party actor, long version,
      String text, String reason) {}

  /** A document with {@code event} added. */
  TranscriptDocument with(Event event) {
    List<Event> more = new ArrayList<>(events);
    more.add(event);
    return new TranscriptDocument(recordIndex, type, messageName, channelId, channelTitle, sender,
        to, cc, time, text, leafHash, emlPath, more);
  }

  /** Whether a retraction of the message is in the production. */
  boolean retracted() {
    return events.stream().anyMatch(e -> e.type().equals("message.retracted"));
  }

  /** The document as the transcript prints it. */
  List<TranscriptPdf.Line> lines() {
    List<TranscriptPdf.Line> lines = new ArrayList<>();
    lines.add(TranscriptPdf.Line.heading(channelTitle + "  (channels/" + channelId + ")"));
    lines.add(TranscriptPdf.Line.field("Message: " + messageName + "   Record: records/" + recordIndex
        + (retracted() ? "   RETRACTED" : "")));
    lines.add(TranscriptPdf.Line.field("From: " + describe(sender)));
    lines.add(TranscriptPdf.Line.field("To: " + describe(to)));
    if (!cc.isEmpty()) {
      lines.add(TranscriptPdf.Line.field("Cc: " + describe(cc)));
    }
    lines.add(TranscriptPdf.Line.field("Sent: " + time + "   Event: " + type));
    lines.add(TranscriptPdf.Line.field("Leaf hash (SHA-256): " + leafHash));
    if (!emlPath.isEmpty()) {
      lines.add(TranscriptPdf.Line.field("Native file: " + emlPath));
    }
    boolean edited = events.stream().anyMatch(e -> e.type().equals("message.edited"));
    if (!text.isEmpty()) {
      lines.add(TranscriptPdf.Line.rule());
      if (edited) {
        lines.add(TranscriptPdf.Line.label("Version 1 (original), " + time));
      }
      lines.add(TranscriptPdf.Line.body(text));
    }
    for (Event e : events) {
      lines.add(TranscriptPdf.Line.rule());
      switch (e.type()) {
        case "message.edited" -> {
          lines.add(TranscriptPdf.Line.label("Version " + (e.version() > 0 ? e.version() : "?")
              + ", edited " + e.time() + " by " + describe(e.actor()) + "  (records/"
              + e.recordIndex() + ")"));
          lines.add(TranscriptPdf.Line.body(e.text()));
        }
        case "message.retracted" -> {
          lines.add(TranscriptPdf.Line.label("RETRACTED " + e.time() + " by " + describe(e.actor())
              + "  (records/" + e.recordIndex() + "): hidden from recipients, kept in the archive"));
          if (!e.reason().isEmpty()) {
            lines.add(TranscriptPdf.Line.body("Reason: " + e.reason()));
          }
        }
        default -> lines.add(TranscriptPdf.Line.label(e.type() + " " + e.time() + " by "
            + describe(e.actor()) + "  (records/" + e.recordIndex() + ")"));
      }
    }
    return lines;
  }

  static String describe(MailFormat.Party p) {
    if (p == null) {
      return "";
    }
    String name = p.displayName().isEmpty() ? p.personId() : p.displayName();
    String id = name.equals(p.personId()) ? "" : " (people/" + p.personId() + ")";
    return name + (p.email().isEmpty() ? "" : " <" + p.email() + ">") + id;
  }

  static String describe(List<MailFormat.Party> parties) {
    List<String> names = new ArrayList<>();
    parties.forEach(p -> names.add(describe(p)));
    return String.join("; ", names);
  }
}
