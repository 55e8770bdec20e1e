package org.chaperone.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.chaperone.outbox.EmailJob;
import org.chaperone.outbox.EmailKind;
import org.chaperone.outbox.EmailState;
import org.chaperone.outbox.NewEmail;

/** Maps email outbox rows to {@link EmailJob} and back. */
final class OutboxRows {
  private OutboxRows() {}

  static final String COLUMNS = "id, kind, state, person_id, address, display_name, mime_message_id,"
      + " subject_ref, message_id, topic, subject, body, create_time, attempts, next_attempt_time,"
      + " last_reply, finish_time, digest_id";

  static final String INSERT = "INSERT INTO email_outbox (kind, state, person_id, address,"
      + " display_name, mime_message_id, subject_ref, message_id, topic, subject, body, create_time,"
      + " attempts, next_attempt_time, lease_until, last_reply, finish_time, digest_id)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?, ?, 0)";

  static void bindInsert(PreparedStatement ps, NewEmail e) throws SQLException {
    ps.setString(1, e.kind().name());
    ps.setString(2, e.state().name());
    ps.setString(3, e.personId());
    ps.setString(4, e.address());
    ps.setString(5, e.displayName());
    ps.setString(6, e.mimeMessageId());
    ps.setString(7, e.subjectRef());
    ps.setLong(8, e.messageId());
    ps.setString(9, e.topic());
    ps.setString(10, e.subject());
    ps.setString(11, e.body());
    ps.setLong(12, Rows.micros(e.createTime()));
    ps.setLong(13, Rows.micros(e.nextAttemptTime()));
    ps.setString(14, e.lastReply());
    // A row written as FAILED (no usable address) is finished at once.
    ps.setLong(15, e.state().isFinal() ? Rows.micros(e.createTime()) : 0);
  }

  static EmailJob job(ResultSet rs) throws SQLException {
    long finish = rs.getLong(17);
    return new EmailJob(rs.getLong(1), EmailKind.valueOf(rs.getString(2)),
        EmailState.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6),
        rs.getString(7), rs.getString(8), rs.getLong(9), rs.getString(10), rs.getString(11),
        rs.getString(12), Rows.instant(rs.getLong(13)), rs.getInt(14), Rows.instant(rs.getLong(15)),
        rs.getString(16), finish == 0 ? null : Rows.instant(finish), rs.getLong(18));
  }
}
