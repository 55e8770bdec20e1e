package org.chaperone.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.archive.LogHashes;
import org.chaperone.directory.DirectoryChanges;
import org.chaperone.directory.DirectoryState;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Enrollment;
import org.chaperone.domain.EnrollmentRole;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Message;
import org.chaperone.domain.Org;
import org.chaperone.domain.Person;
import org.chaperone.domain.SchoolClass;
import org.chaperone.store.StoreTransaction;

/**
 * One unit of work inside a (possibly shared, group-committed) database transaction. The writer
 * wraps each unit in a savepoint, so a failing unit leaves no trace while its neighbours commit.
 */
final class JdbcTransaction implements StoreTransaction {
  /** Message ids: milliseconds since the epoch shifted left by this, plus a counter. */
  static final int ID_COUNTER_BITS = 12;

  private final Connection c;
  private final Dialect dialect;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private long treeSize = -1;
  private long lastMessageId;

  JdbcTransaction(Connection connection, Dialect dialect) {
    this.c = connection;
    this.dialect = dialect;
  }

  List<Runnable> afterCommitCallbacks() {
    return afterCommit;
  }

  @Override
  public org.chaperone.store.ArchiveWriter archive() {
    return new JdbcArchiveWriter(c);
  }

  @Override
  public void afterCommit(Runnable callback) {
    afterCommit.add(callback);
  }

  private void lockHead() throws SQLException {
    if (treeSize >= 0) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(dialect.lockHeadSql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      treeSize = rs.getLong(1);
      lastMessageId = rs.getLong(2);
    }
  }

  private void saveHead() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE log_head SET tree_size = ?, last_message_id = ? WHERE id = 1")) {
      ps.setLong(1, treeSize);
      ps.setLong(2, lastMessageId);
      ps.executeUpdate();
    }
  }

  @Override
  public long nextMessageId(Instant now) {
    try {
      lockHead();
      lastMessageId = Math.max(now.toEpochMilli() << ID_COUNTER_BITS, lastMessageId + 1);
      saveHead();
      return lastMessageId;
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public long append(ArchiveEvent event) {
    try {
      lockHead();
      byte[] entry = event.entryBytes();
      long index = treeSize;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO archive_log"
          + " (leaf_index, event_type, actor_id, subject, recorded_time, payload, leaf_hash)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setLong(1, index);
        ps.setString(2, event.type());
        ps.setString(3, event.actorId());
        ps.setString(4, event.subject());
        ps.setLong(5, Rows.micros(event.time()));
        ps.setBytes(6, entry);
        ps.setBytes(7, LogHashes.leafHash(entry));
        ps.executeUpdate();
      }
      treeSize = index + 1;
      saveHead();
      return index;
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public void insertMessage(Message m, List<String> recipientIds) {
    try {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (id, channel_id,"
          + " sender_id, text, create_time, request_id, recipient_count, archive_index)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setLong(1, m.id());
        ps.setString(2, m.channelId());
        ps.setString(3, m.senderId());
        ps.setString(4, m.text());
        ps.setLong(5, Rows.micros(m.createTime()));
        ps.setString(6, m.requestId().isEmpty() ? null : m.requestId());
        ps.setInt(7, m.recipientCount());
        ps.setLong(8, m.archiveIndex());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO message_recipients (person_id, message_id, channel_id) VALUES (?, ?, ?)")) {
        for (String recipient : recipientIds) {
          ps.setString(1, recipient);
          ps.setLong(2, m.id());
          ps.setString(3, m.channelId());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public Optional<Message> messageByRequestId(String senderId, String requestId) {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.MESSAGE_COLUMNS
        + " FROM messages m WHERE m.sender_id = ? AND m.request_id = ?")) {
      ps.setString(1, senderId);
      ps.setString(2, requestId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.message(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public List<ChannelMember> members(String channelId) {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.MEMBER_COLUMNS
        + " FROM channel_members WHERE channel_id = ? ORDER BY person_id")) {
      ps.setString(1, channelId);
      try (ResultSet rs = ps.executeQuery()) {
        List<ChannelMember> out = new ArrayList<>();
        while (rs.next()) {
          out.add(Rows.member(rs));
        }
        return out;
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public DirectoryState loadDirectory() {
    try {
      Map<String, Org> orgs = new HashMap<>();
      each("SELECT id, name, type, parent_id FROM orgs WHERE active = 1", rs -> orgs.put(
          rs.getString(1), new Org(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))));
      Map<String, Person> people = new HashMap<>();
      each("SELECT " + Rows.PERSON_COLUMNS + " FROM people WHERE active = 1", rs -> {
        Person p = Rows.person(rs);
        people.put(p.id(), p);
      });
      Map<String, SchoolClass> classes = new HashMap<>();
      each("SELECT id, title, school_id FROM classes WHERE active = 1", rs -> classes.put(
          rs.getString(1), new SchoolClass(rs.getString(1), rs.getString(2), rs.getString(3))));
      Map<String, Enrollment> enrollments = new HashMap<>();
      each("SELECT id, class_id, person_id, role FROM enrollments", rs -> enrollments.put(
          rs.getString(1), new Enrollment(rs.getString(1), rs.getString(2), rs.getString(3),
              EnrollmentRole.valueOf(rs.getString(4)))));
      Set<GuardianLink> links = new HashSet<>();
      each("SELECT guardian_id, student_id FROM guardian_links",
          rs -> links.add(new GuardianLink(rs.getString(1), rs.getString(2))));
      Map<String, Channel> channels = new HashMap<>();
      each("SELECT " + Rows.CHANNEL_COLUMNS + " FROM channels WHERE kind = 'CLASS'", rs -> {
        Channel ch = Rows.channel(rs);
        channels.put(ch.classId(), ch);
      });
      Map<String, Map<String, ChannelMember>> members = new HashMap<>();
      each("SELECT " + Rows.MEMBER_COLUMNS + " FROM channel_members", rs -> {
        ChannelMember m = Rows.member(rs);
        members.computeIfAbsent(m.channelId(), k -> new HashMap<>()).put(m.personId(), m);
      });
      return new DirectoryState(orgs, people, classes, enrollments, links, channels, members);
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public void apply(DirectoryChanges d) {
    try {
      batch("INSERT INTO orgs (id, name, type, parent_id, active) VALUES (?, ?, ?, ?, 1)"
              + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,"
              + " parent_id = excluded.parent_id, active = 1",
          d.orgUpserts(), (ps, o) -> {
            ps.setString(1, o.id());
            ps.setString(2, o.name());
            ps.setString(3, o.type());
            ps.setString(4, o.parentId());
          });
      batch("UPDATE orgs SET active = 0 WHERE id = ?", d.orgRemovals(), (ps, id) -> ps.setString(1, id));
      List<Person> people = new ArrayList<>(d.peopleAdded());
      people.addAll(d.peopleUpdated());
      batch("INSERT INTO people (id, role, given_name, family_name, email, username, school_ids,"
              + " grades, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET"
              + " role = excluded.role, given_name = excluded.given_name,"
              + " family_name = excluded.family_name, email = excluded.email,"
              + " username = excluded.username, school_ids = excluded.school_ids,"
              + " grades = excluded.grades, active = 1",
          people, (ps, p) -> {
            ps.setString(1, p.id());
            ps.setString(2, p.role().name());
            ps.setString(3, p.givenName());
            ps.setString(4, p.familyName());
            ps.setString(5, p.email());
            ps.setString(6, p.username());
            ps.setString(7, Rows.joined(p.schoolIds()));
            ps.setString(8, Rows.joined(p.grades()));
          });
      batch("UPDATE people SET active = 0 WHERE id = ?", d.peopleRemoved(), (ps, id) -> ps.setString(1, id));
      List<SchoolClass> classes = new ArrayList<>(d.classesAdded());
      classes.addAll(d.classesUpdated());
      batch("INSERT INTO classes (id, title, school_id, active) VALUES (?, ?, ?, 1)"
              + " ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
              + " school_id = excluded.school_id, active = 1",
          classes, (ps, k) -> {
            ps.setString(1, k.id());
            ps.setString(2, k.title());
            ps.setString(3, k.schoolId());
          });
      batch("UPDATE classes SET active = 0 WHERE id = ?", d.classesRemoved(), (ps, id) -> ps.setString(1, id));
      batch("DELETE FROM enrollments WHERE id = ?", d.enrollmentsRemoved(), (ps, id) -> ps.setString(1, id));
      batch("INSERT INTO enrollments (id, class_id, person_id, role) VALUES (?, ?, ?, ?)",
          d.enrollmentsAdded(), (ps, e) -> {
            ps.setString(1, e.id());
            ps.setString(2, e.classId());
            ps.setString(3, e.personId());
            ps.setString(4, e.role().name());
          });
      batch("DELETE FROM guardian_links WHERE guardian_id = ? AND student_id = ?",
          d.linksRemoved(), (ps, l) -> {
            ps.setString(1, l.guardianId());
            ps.setString(2, l.studentId());
          });
      batch("INSERT INTO guardian_links (guardian_id, student_id) VALUES (?, ?)",
          d.linksAdded(), (ps, l) -> {
            ps.setString(1, l.guardianId());
            ps.setString(2, l.studentId());
          });
      batch("INSERT INTO channels (id, kind, display_name, class_id, school_id, create_time,"
              + " active, member_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
              + " SET display_name = excluded.display_name, school_id = excluded.school_id,"
              + " active = excluded.active, member_count = excluded.member_count",
          d.channelUpserts(), (ps, ch) -> {
            ps.setString(1, ch.id());
            ps.setString(2, ch.kind().name());
            ps.setString(3, ch.displayName());
            ps.setString(4, ch.classId());
            ps.setString(5, ch.schoolId());
            ps.setLong(6, Rows.micros(ch.createTime()));
            ps.setInt(7, ch.active() ? 1 : 0);
            ps.setInt(8, ch.memberCount());
          });
      batch("DELETE FROM channel_members WHERE channel_id = ? AND person_id = ?",
          d.membersRemoved(), (ps, m) -> {
            ps.setString(1, m.channelId());
            ps.setString(2, m.personId());
          });
      List<ChannelMember> members = new ArrayList<>(d.membersAdded());
      members.addAll(d.membersUpdated());
      batch("INSERT INTO channel_members (channel_id, person_id, role, can_post, observing_for)"
              + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel_id, person_id) DO UPDATE SET"
              + " role = excluded.role, can_post = excluded.can_post,"
              + " observing_for = excluded.observing_for",
          members, (ps, m) -> {
            ps.setString(1, m.channelId());
            ps.setString(2, m.personId());
            ps.setString(3, m.role().name());
            ps.setInt(4, m.canPost() ? 1 : 0);
            ps.setString(5, Rows.joined(m.observingFor()));
          });
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @FunctionalInterface
  private interface RowConsumer {
    void accept(java.sql.ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  private interface Binder<T> {
    void bind(PreparedStatement ps, T value) throws SQLException;
  }

  private void each(String sql, RowConsumer consumer) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        consumer.accept(rs);
      }
    }
  }

  private <T> void batch(String sql, Iterable<T> values, Binder<T> binder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int pending = 0;
      for (T value : values) {
        binder.bind(ps, value);
        ps.addBatch();
        if (++pending == 1000) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  /** Carries an SQLException out of the StoreTransaction methods, which declare none. */
  static final class SqlFailure extends RuntimeException {
    SqlFailure(SQLException cause) {
      super(cause.getMessage(), cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
