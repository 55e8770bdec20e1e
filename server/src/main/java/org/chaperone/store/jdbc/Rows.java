package org.chaperone.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.chaperone.archive.CanonicalJson;
import org.chaperone.domain.Attachment;
import org.chaperone.domain.Review;
import org.chaperone.domain.ApprovalRequest;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelState;
import org.chaperone.domain.Integration;
import org.chaperone.domain.MessageState;
import org.chaperone.domain.Notice;
import org.chaperone.domain.PersonFlags;
import org.chaperone.domain.ChannelKind;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Message;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Person;
import org.chaperone.domain.Role;

/** Maps rows to domain values and back; the one place that knows the column encodings. */
final class Rows {
  private Rows() {}

  static final String PERSON_COLUMNS =
      "id, role, given_name, family_name, email, username, school_ids, grades";
  static final String CHANNEL_COLUMNS =
      "id, kind, display_name, class_id, school_id, create_time, state, member_count, owner_id, purpose";
  static final String MEMBER_COLUMNS = "channel_id, person_id, role, can_post, observing_for";
  /**
   * A message as readers see it now: the text of its current version (version 1 is in
   * {@code messages}, later ones in {@code message_versions}).
   */
  static final String MESSAGE_COLUMNS = messageColumns("CASE WHEN m.version = 1 THEN m.text ELSE"
      + " COALESCE((SELECT v.text FROM message_versions v WHERE v.message_id = m.id"
      + " AND v.version = m.version), m.text) END");
  /** How many columns {@link #MESSAGE_COLUMNS} has. */
  static final int MESSAGE_COLUMN_COUNT = 22;
  /** A message as its creating archive entry recorded it: the text of version 1. */
  static final String ARCHIVED_MESSAGE_COLUMNS = messageColumns("m.text");

  private static String messageColumns(String text) {
    return "m.id, m.channel_id, m.sender_id, " + text + ", m.create_time, m.request_id,"
        + " m.recipient_count, m.archive_index, m.state, m.release_time, m.emergency, m.decision,"
        + " m.version, m.edit_time, m.retract_time, m.retracted_by, m.content_decision,"
        + " m.attachments, m.review_outcome, m.reviewer_id, m.review_reason, m.review_time";
  }
  static final String APPROVAL_COLUMNS = "id, kind, requester_id, school_id, channel_id, purpose,"
      + " objectives, state, explanation, limits, decided_by, create_time, due_time, decide_time";

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** Lists are stored comma-joined: roster ids and grades never contain commas (CSV lists). */
  static String joined(List<String> values) {
    return String.join(",", values);
  }

  static List<String> split(String value) {
    return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
  }

  static Person person(ResultSet rs) throws SQLException {
    return new Person(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getString(3),
        rs.getString(4), rs.getString(5), rs.getString(6), split(rs.getString(7)),
        split(rs.getString(8)));
  }

  static Channel channel(ResultSet rs) throws SQLException {
    return new Channel(rs.getString(1), ChannelKind.valueOf(rs.getString(2)), rs.getString(3),
        rs.getString(4), rs.getString(5), instant(rs.getLong(6)), ChannelState.valueOf(rs.getString(7)),
        rs.getInt(8), rs.getString(9), rs.getString(10));
  }

  static ChannelMember member(ResultSet rs) throws SQLException {
    return new ChannelMember(rs.getString(1), rs.getString(2), MemberRole.valueOf(rs.getString(3)),
        rs.getInt(4) != 0, split(rs.getString(5)));
  }

  static Message message(ResultSet rs) throws SQLException {
    return message(rs, 0);
  }

  /** A message whose {@link #MESSAGE_COLUMNS} start after {@code offset} other columns. */
  static Message message(ResultSet rs, int offset) throws SQLException {
    int c = offset;
    return new Message(rs.getLong(c + 1), rs.getString(c + 2), rs.getString(c + 3), rs.getString(c + 4),
        instant(rs.getLong(c + 5)), rs.getString(c + 6), rs.getInt(c + 7), rs.getLong(c + 8),
        MessageState.valueOf(rs.getString(c + 9)), instant(rs.getLong(c + 10)), rs.getInt(c + 11) != 0,
        rs.getString(c + 12), rs.getInt(c + 13), instant(rs.getLong(c + 14)),
        instant(rs.getLong(c + 15)), rs.getString(c + 16), rs.getString(c + 17),
        attachments(rs.getString(c + 18)), new Review(Review.Outcome.valueOf(rs.getString(c + 19)),
            rs.getString(c + 20), rs.getString(c + 21), instant(rs.getLong(c + 22))));
  }

  /** Attachment declarations as stored: a canonical JSON list of objects. */
  static String attachmentsJson(List<Attachment> attachments) {
    return new String(CanonicalJson.encode(attachments.stream().map(Attachment::asMap).toList()),
        StandardCharsets.UTF_8);
  }

  static List<Attachment> attachments(String json) {
    if (json == null || json.equals("[]")) {
      return List.of();
    }
    List<Attachment> out = new java.util.ArrayList<>();
    for (Object item : (List<?>) CanonicalJson.decode(json.getBytes(StandardCharsets.UTF_8))) {
      Map<?, ?> a = (Map<?, ?>) item;
      out.add(new Attachment((String) a.get("file_name"), (String) a.get("content_type"),
          ((List<?>) a.get("depicted_students")).stream().map(String.class::cast).toList()));
    }
    return out;
  }

  static ApprovalRequest approval(ResultSet rs) throws SQLException {
    return new ApprovalRequest(rs.getString(1), ApprovalRequest.Kind.valueOf(rs.getString(2)),
        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
        ApprovalRequest.State.valueOf(rs.getString(8)), rs.getString(9), rs.getString(10),
        rs.getString(11), instant(rs.getLong(12)), instant(rs.getLong(13)), instant(rs.getLong(14)));
  }

  static final String INTEGRATION_COLUMNS = "id, name, purpose, owner_id, requested_schools,"
      + " requested_operations, state, schools, operations, secret_hash, approval_id, create_time";

  static Integration integration(ResultSet rs) throws SQLException {
    return new Integration(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        new java.util.TreeSet<>(split(rs.getString(5))), operations(rs.getString(6)),
        Integration.State.valueOf(rs.getString(7)), new java.util.TreeSet<>(split(rs.getString(8))),
        operations(rs.getString(9)), rs.getBytes(10), rs.getString(11), instant(rs.getLong(12)));
  }

  static java.util.Set<Integration.Operation> operations(String text) {
    java.util.Set<Integration.Operation> ops = java.util.EnumSet.noneOf(Integration.Operation.class);
    split(text).forEach(o -> ops.add(Integration.Operation.valueOf(o)));
    return ops;
  }

  static String joinedOperations(java.util.Set<Integration.Operation> ops) {
    return joined(ops.stream().map(Enum::name).sorted().toList());
  }

  static Notice notice(ResultSet rs) throws SQLException {
    return new Notice(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getString(5), instant(rs.getLong(6)));
  }

  static PersonFlags flags(ResultSet rs) throws SQLException {
    return new PersonFlags(rs.getInt(1) != 0, rs.getInt(2) != 0, rs.getInt(3) != 0, rs.getInt(4) != 0);
  }
}
