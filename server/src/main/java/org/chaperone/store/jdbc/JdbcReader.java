package org.chaperone.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Instant;
import javax.sql.DataSource;
import org.chaperone.domain.ApprovalRequest;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.DeliveryKind;
import org.chaperone.domain.Message;
import org.chaperone.domain.Integration;
import org.chaperone.domain.Notice;
import org.chaperone.domain.Person;
import org.chaperone.domain.PersonFlags;
import org.chaperone.domain.SchoolClass;
import org.chaperone.store.StoreReader;

/** {@link StoreReader} over a pool of read connections. Thread-safe. */
final class JdbcReader implements StoreReader {
  private final DataSource reads;
  private final Failures failures;
  private final ReadQueries queries;
  /** {@link Rows#CHANNEL_COLUMNS} qualified with the alias {@code c}, for joins. */
  private static final String CHANNEL_COLUMNS_OF_C = Rows.CHANNEL_COLUMNS.replaceAll("(\\w+)", "c.$1");
  /** {@link Rows#PERSON_COLUMNS} qualified with the alias {@code p}, for joins. */
  private static final String PERSON_COLUMNS_OF_P = Rows.PERSON_COLUMNS.replaceAll("(\\w+)", "p.$1");
  private final JdbcOutboxReader outbox;

  JdbcReader(DataSource reads, Failures failures) {
    this.reads = reads;
    this.failures = failures;
    this.queries = new ReadQueries(reads, failures, "query");
    this.outbox = new JdbcOutboxReader(reads, failures);
  }

  @Override
  public org.chaperone.store.OutboxReader outbox() {
    return outbox;
  }

  private <T> List<T> query(String sql, ReadQueries.Binder binder, ReadQueries.RowMapper<T> mapper) {
    return queries.list(sql, binder, mapper);
  }

  private static <T> Optional<T> first(List<T> rows) {
    return ReadQueries.first(rows);
  }

  @Override
  public Optional<Person> person(String id) {
    return first(query("SELECT " + Rows.PERSON_COLUMNS + " FROM people WHERE id = ? AND active = 1",
        ps -> ps.setString(1, id), Rows::person));
  }

  @Override
  public Optional<Person> personByEmail(String email) {
    // An address shared by two people identifies neither of them.
    List<Person> found = query("SELECT " + Rows.PERSON_COLUMNS
            + " FROM people WHERE lower(email) = lower(?) AND email <> '' AND active = 1 LIMIT 2",
        ps -> ps.setString(1, email), Rows::person);
    return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
  }

  @Override
  public List<GuardianLink> guardianLinks(String personId) {
    return query("SELECT guardian_id, student_id FROM guardian_links WHERE guardian_id = ?"
            + " UNION SELECT guardian_id, student_id FROM guardian_links WHERE student_id = ?"
            + " ORDER BY 1, 2",
        ps -> {
          ps.setString(1, personId);
          ps.setString(2, personId);
        },
        rs -> new GuardianLink(rs.getString(1), rs.getString(2)));
  }

  @Override
  public boolean shareChannel(String personId, String otherPersonId) {
    return !query("SELECT 1 FROM channel_members a JOIN channel_members b"
            + " ON b.channel_id = a.channel_id AND b.person_id = ? WHERE a.person_id = ? LIMIT 1",
        ps -> {
          ps.setString(1, otherPersonId);
          ps.setString(2, personId);
        }, rs -> 1).isEmpty();
  }

  @Override
  public Optional<SchoolClass> schoolClass(String id) {
    return first(query("SELECT id, title, school_id FROM classes WHERE id = ? AND active = 1",
        ps -> ps.setString(1, id), rs -> new SchoolClass(rs.getString(1), rs.getString(2),
            rs.getString(3))));
  }

  @Override
  public Optional<Channel> channel(String id) {
    return first(query("SELECT " + Rows.CHANNEL_COLUMNS + " FROM channels WHERE id = ?",
        ps -> ps.setString(1, id), Rows::channel));
  }

  @Override
  public Optional<ChannelMember> member(String channelId, String personId) {
    return first(query("SELECT " + Rows.MEMBER_COLUMNS
            + " FROM channel_members WHERE channel_id = ? AND person_id = ?",
        ps -> {
          ps.setString(1, channelId);
          ps.setString(2, personId);
        }, Rows::member));
  }

  @Override
  public List<Channel> channelsOf(String personId, String afterId, int limit) {
    return query("SELECT " + CHANNEL_COLUMNS_OF_C
            + " FROM channel_members m JOIN channels c ON c.id = m.channel_id"
            + " WHERE m.person_id = ? AND m.channel_id > ? AND c.state = 'OPEN'"
            + " ORDER BY m.channel_id LIMIT ?",
        ps -> {
          ps.setString(1, personId);
          ps.setString(2, afterId);
          ps.setInt(3, limit);
        }, Rows::channel);
  }

  @Override
  public List<ChannelMember> members(String channelId, String afterPersonId, int limit) {
    return query("SELECT " + Rows.MEMBER_COLUMNS + " FROM channel_members"
            + " WHERE channel_id = ? AND person_id > ? ORDER BY person_id LIMIT ?",
        ps -> {
          ps.setString(1, channelId);
          ps.setString(2, afterPersonId);
          ps.setInt(3, limit);
        }, Rows::member);
  }

  @Override
  public Optional<Message> message(long id) {
    return first(query("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages m WHERE m.id = ?",
        ps -> ps.setLong(1, id), Rows::message));
  }

  @Override
  public List<Message> messages(String channelId, long beforeId, int limit, String viewerId) {
    String visible = viewerId.isEmpty() ? "" : " AND (m.state = 'DELIVERED' OR m.sender_id = ?)";
    return query("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages m"
            + " WHERE m.channel_id = ? AND m.id < ?" + visible + " ORDER BY m.id DESC LIMIT ?",
        ps -> {
          int i = 1;
          ps.setString(i++, channelId);
          ps.setLong(i++, beforeId);
          if (!viewerId.isEmpty()) {
            ps.setString(i++, viewerId);
          }
          ps.setInt(i, limit);
        }, Rows::message);
  }

  @Override
  public List<Delivery> inbox(String personId, long afterDeliveryId, String channelId, int limit) {
    String channelFilter = channelId.isEmpty() ? "" : " AND r.channel_id = ?";
    return query("SELECT r.delivery_id, " + Rows.MESSAGE_COLUMNS + ", r.kind FROM message_recipients r"
            + " JOIN messages m ON m.id = r.message_id"
            + " WHERE r.person_id = ? AND r.delivery_id > ?" + channelFilter
            + " ORDER BY r.delivery_id LIMIT ?",
        ps -> {
          int i = 1;
          ps.setString(i++, personId);
          ps.setLong(i++, afterDeliveryId);
          if (!channelId.isEmpty()) {
            ps.setString(i++, channelId);
          }
          ps.setInt(i, limit);
        }, rs -> new Delivery(rs.getLong(1), Rows.message(rs, 1),
            DeliveryKind.valueOf(rs.getString(Rows.MESSAGE_COLUMN_COUNT + 2))));
  }

  @Override
  public long newestInboxId(String personId) {
    return query("SELECT COALESCE(MAX(delivery_id), 0) FROM message_recipients WHERE person_id = ?",
        ps -> ps.setString(1, personId), rs -> rs.getLong(1)).getFirst();
  }

  @Override
  public PersonFlags flags(String personId) {
    return first(query("SELECT no_contact, no_records_access, eligible_student, media_release"
        + " FROM person_flags WHERE person_id = ?", ps -> ps.setString(1, personId), Rows::flags))
        .orElse(PersonFlags.NONE);
  }

  @Override
  public List<FlaggedPerson> students() {
    return query("SELECT " + PERSON_COLUMNS_OF_P + ", COALESCE(f.no_contact, 0),"
            + " COALESCE(f.no_records_access, 0), COALESCE(f.eligible_student, 0),"
            + " COALESCE(f.media_release, 0)"
            + " FROM people p LEFT JOIN person_flags f ON f.person_id = p.id"
            + " WHERE p.role = 'STUDENT' AND p.active = 1 ORDER BY p.id",
        ps -> {}, rs -> new FlaggedPerson(Rows.person(rs), new PersonFlags(rs.getInt(9) != 0,
            rs.getInt(10) != 0, rs.getInt(11) != 0, rs.getInt(12) != 0)));
  }

  @Override
  public long directoryVersion() {
    return query("SELECT COALESCE(MAX(leaf_index), -1) FROM archive_log WHERE subject = 'roster'",
        ps -> {}, rs -> rs.getLong(1)).getFirst();
  }

  @Override
  public List<Message> messagesAwaitingReview(java.util.Collection<String> schoolIds, long afterId,
      int limit) {
    if (schoolIds.isEmpty()) {
      return List.of();
    }
    List<String> schools = List.copyOf(schoolIds);
    return query("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages m"
            + " JOIN channels c ON c.id = m.channel_id"
            + " WHERE m.state = 'PENDING_REVIEW' AND m.retracted_by = '' AND m.id > ?"
            + " AND c.school_id IN ("
            + String.join(", ", java.util.Collections.nCopies(schools.size(), "?")) + ")"
            + " ORDER BY m.id LIMIT ?",
        ps -> {
          int i = 1;
          ps.setLong(i++, afterId);
          for (String school : schools) {
            ps.setString(i++, school);
          }
          ps.setInt(i, limit);
        }, Rows::message);
  }

  @Override
  public Optional<ApprovalRequest> approval(String id) {
    return first(query("SELECT " + Rows.APPROVAL_COLUMNS + " FROM approval_requests WHERE id = ?",
        ps -> ps.setString(1, id), Rows::approval));
  }

  @Override
  public List<ApprovalRequest> approvals(String schoolId, boolean openOnly, Instant dueBefore, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + Rows.APPROVAL_COLUMNS + " FROM approval_requests WHERE 1 = 1");
    if (!schoolId.isEmpty()) {
      sql.append(" AND school_id = ?");
    }
    if (openOnly) {
      sql.append(" AND state IN ('PENDING', 'MORE_INFORMATION_REQUESTED')");
    }
    if (dueBefore != null) {
      sql.append(" AND due_time < ?");
    }
    sql.append(" ORDER BY due_time, id LIMIT ?");
    return query(sql.toString(), ps -> {
      int i = 1;
      if (!schoolId.isEmpty()) {
        ps.setString(i++, schoolId);
      }
      if (dueBefore != null) {
        ps.setLong(i++, Rows.micros(dueBefore));
      }
      ps.setInt(i, limit);
    }, Rows::approval);
  }

  @Override
  public Optional<Integration> integration(String id) {
    return first(query("SELECT " + Rows.INTEGRATION_COLUMNS + " FROM integrations WHERE id = ?",
        ps -> ps.setString(1, id), Rows::integration));
  }

  @Override
  public List<Integration> integrations() {
    return query("SELECT " + Rows.INTEGRATION_COLUMNS + " FROM integrations ORDER BY id", ps -> {},
        Rows::integration);
  }

  @Override
  public List<Notice> notices(String personId) {
    return query("SELECT id, kind, person_id, channel_id, body, create_time FROM notices"
        + " WHERE person_id = ? ORDER BY id", ps -> ps.setString(1, personId), Rows::notice);
  }

  @Override
  public long peopleCount() {
    return query("SELECT COUNT(*) FROM people WHERE active = 1", ps -> {}, rs -> rs.getLong(1))
        .getFirst();
  }

  @Override
  public long archiveSize() {
    return query("SELECT tree_size FROM log_head WHERE id = 1", ps -> {}, rs -> rs.getLong(1))
        .getFirst();
  }
}
