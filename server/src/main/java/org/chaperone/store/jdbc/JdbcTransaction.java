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
import org.chaperone.domain.ApprovalRequest;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelState;
import org.chaperone.domain.Integration;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.DeliveryKind;
import org.chaperone.domain.MessageState;
import org.chaperone.domain.MessageVersion;
import org.chaperone.domain.Notice;
import org.chaperone.domain.PersonFlags;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Enrollment;
import org.chaperone.domain.EnrollmentRole;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Message;
import org.chaperone.domain.Org;
import org.chaperone.domain.Person;
import org.chaperone.domain.Review;
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
  private final StatementCache statements;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private long treeSize = -1;
  private long lastMessageId;
  private boolean headChanged;
  private JdbcOutbox outbox;

  JdbcTransaction(Connection connection, Dialect dialect, StatementCache statements) {
    this.c = connection;
    this.dialect = dialect;
    this.statements = statements;
  }

  /** A prepared statement of the writer's connection, compiled once and reused (never closed here). */
  private PreparedStatement prepare(String sql) throws SQLException {
    return statements.prepare(sql);
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

  @Override
  public org.chaperone.store.OutboxTransaction outbox() {
    if (outbox == null) {
      outbox = new JdbcOutbox(c, dialect);
    }
    return outbox;
  }

  private void lockHead() throws SQLException {
    if (treeSize >= 0) {
      return;
    }
    try (ResultSet rs = prepare(dialect.lockHeadSql).executeQuery()) {
      rs.next();
      treeSize = rs.getLong(1);
      lastMessageId = rs.getLong(2);
    }
  }

  /** Writes what the unit changed of the log head; called once when the unit's work is done. */
  void finish() throws SQLException {
    if (headChanged) {
      saveHead();
      headChanged = false;
    }
  }

  private void saveHead() throws SQLException {
    {
      PreparedStatement ps = prepare(
        "UPDATE log_head SET tree_size = ?, last_message_id = ? WHERE id = 1");
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
      headChanged = true;
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
      {
      PreparedStatement ps = prepare("INSERT INTO archive_log"
          + " (leaf_index, event_type, actor_id, subject, recorded_time, payload, leaf_hash)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)");
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
      headChanged = true;
      return index;
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public Set<String> activeRecordHolds() {
    try {
      lockHead();
      Set<String> holds = new java.util.TreeSet<>();
      each("SELECT id FROM legal_holds WHERE release_time IS NULL",
          rs -> holds.add("legalHolds/" + rs.getLong(1)));
      each("SELECT id FROM records_requests WHERE state = 'OPEN'",
          rs -> holds.add("recordsRequests/" + rs.getLong(1)));
      return holds;
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public Set<Long> undisposed(java.util.Collection<Long> indexes) {
    try {
      lockHead();
      Set<Long> out = new HashSet<>();
      for (List<Long> chunk : chunks(indexes)) {
        try (PreparedStatement ps = c.prepareStatement("SELECT leaf_index FROM archive_log"
            + " WHERE disposed_by IS NULL AND leaf_index IN (" + placeholders(chunk.size()) + ")")) {
          bindLongs(ps, chunk);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(rs.getLong(1));
            }
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public long dispose(ArchiveEvent disposition, List<org.chaperone.archive.ArchiveEntry> entries) {
    long index = append(disposition);
    try {
      PreparedStatement ps = prepare("UPDATE archive_log SET payload = ?, disposed_by = ?"
          + " WHERE leaf_index = ? AND disposed_by IS NULL");
      for (org.chaperone.archive.ArchiveEntry e : entries) {
        ps.setBytes(1, org.chaperone.archive.Tombstone.of(e, index).bytes());
        ps.setLong(2, index);
        ps.setLong(3, e.index());
        if (ps.executeUpdate() != 1) {
          throw new IllegalStateException("archive entry " + e.index() + " was already disposed of");
        }
      }
      List<Long> indexes = entries.stream().map(org.chaperone.archive.ArchiveEntry::index).toList();
      for (List<Long> chunk : chunks(indexes)) {
        String in = " IN (" + placeholders(chunk.size()) + ")";
        // Email copies first: they are found through the message rows' archive indexes.
        for (String sql : List.of(
            "UPDATE email_outbox SET body = '' WHERE message_id IN (SELECT id FROM messages"
                + " WHERE archive_index" + in + ")",
            "UPDATE messages SET text = '' WHERE archive_index" + in,
            "UPDATE message_versions SET text = '' WHERE archive_index" + in)) {
          try (PreparedStatement update = c.prepareStatement(sql)) {
            bindLongs(update, chunk);
            update.executeUpdate();
          }
        }
      }
      return index;
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  /** {@code values} in lists of at most 500, for IN lists. */
  static List<List<Long>> chunks(java.util.Collection<Long> values) {
    List<Long> all = List.copyOf(values);
    List<List<Long>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 500) {
      out.add(all.subList(i, Math.min(all.size(), i + 500)));
    }
    return out;
  }

  static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private static void bindLongs(PreparedStatement ps, List<Long> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      ps.setLong(i + 1, values.get(i));
    }
  }

  @Override
  public void insertMessage(Message m, List<String> recipientIds) {
    try {
      {
      PreparedStatement ps = prepare("INSERT INTO messages (id, channel_id,"
          + " sender_id, text, create_time, request_id, recipient_count, archive_index, state,"
          + " release_time, emergency, decision, content_decision, attachments, review_outcome,"
          + " reviewer_id, review_reason, review_time)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setLong(1, m.id());
        ps.setString(2, m.channelId());
        ps.setString(3, m.senderId());
        ps.setString(4, m.text());
        ps.setLong(5, Rows.micros(m.createTime()));
        ps.setString(6, m.requestId().isEmpty() ? null : m.requestId());
        ps.setInt(7, m.recipientCount());
        ps.setLong(8, m.archiveIndex());
        ps.setString(9, m.state().name());
        ps.setLong(10, Rows.micros(m.releaseTime()));
        ps.setInt(11, m.emergency() ? 1 : 0);
        ps.setString(12, m.decision());
        ps.setString(13, m.contentDecision());
        ps.setString(14, Rows.attachmentsJson(m.attachments()));
        ps.setString(15, m.review().outcome().name());
        ps.setString(16, m.review().reviewerId());
        ps.setString(17, m.review().reason());
        ps.setLong(18, Rows.micros(m.review().time()));
        ps.executeUpdate();
      }
      if (m.state() == MessageState.DELIVERED) {
        insertRecipients(m, recipientIds, m.id());
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  private void insertRecipients(Message m, List<String> recipientIds, long deliveryId) throws SQLException {
    insertRecipients(m, recipientIds, deliveryId, DeliveryKind.CREATED);
  }

  private void insertRecipients(Message m, List<String> recipientIds, long deliveryId,
      DeliveryKind kind) throws SQLException {
    PreparedStatement ps = prepare("INSERT INTO message_recipients"
        + " (person_id, delivery_id, message_id, channel_id, kind) VALUES (?, ?, ?, ?, ?)");
    for (String recipient : recipientIds) {
      ps.setString(1, recipient);
      ps.setLong(2, deliveryId);
      ps.setLong(3, m.id());
      ps.setString(4, m.channelId());
      ps.setString(5, kind.name());
      ps.addBatch();
    }
    ps.executeBatch();
  }

  @Override
  public Optional<Message> message(long id) {
    try {
      PreparedStatement ps = prepare("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages m WHERE m.id = ?");
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.message(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public void addVersion(MessageVersion v) {
    try {
      PreparedStatement ps = prepare("UPDATE messages SET version = ?, edit_time = ?"
          + " WHERE id = ? AND version = ?");
      ps.setInt(1, v.version());
      ps.setLong(2, Rows.micros(v.editTime()));
      ps.setLong(3, v.messageId());
      ps.setInt(4, v.version() - 1);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("message " + v.messageId() + " is not at version "
            + (v.version() - 1));
      }
      PreparedStatement ins = prepare("INSERT INTO message_versions (archive_index, message_id,"
          + " version, text, editor_id, edit_time) VALUES (?, ?, ?, ?, ?, ?)");
      ins.setLong(1, v.archiveIndex());
      ins.setLong(2, v.messageId());
      ins.setInt(3, v.version());
      ins.setString(4, v.text());
      ins.setString(5, v.editorId());
      ins.setLong(6, Rows.micros(v.editTime()));
      ins.executeUpdate();
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public void retract(long messageId, String retractedBy, Instant time) {
    try {
      PreparedStatement ps = prepare("UPDATE messages SET retract_time = ?, retracted_by = ?"
          + " WHERE id = ? AND retracted_by = ''");
      ps.setLong(1, Rows.micros(time));
      ps.setString(2, retractedBy);
      ps.setLong(3, messageId);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("message " + messageId + " is missing or already retracted");
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public void deliverChange(Message m, List<String> recipientIds, long deliveryId, DeliveryKind kind) {
    try {
      insertRecipients(m, recipientIds, deliveryId, kind);
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public void release(Message m, List<String> recipientIds, long deliveryId) {
    try {
      {
      // The row keeps what was recorded when the message was accepted (its archive entry says the
      // same); who received it at release is in the release's own archive entry.
      PreparedStatement ps = prepare("UPDATE messages SET state = 'DELIVERED' WHERE id = ? AND state = 'HELD'");
        ps.setLong(1, m.id());
        if (ps.executeUpdate() != 1) {
          throw new IllegalStateException("message " + m.id() + " is not held");
        }
      }
      insertRecipients(m, recipientIds, deliveryId);
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public boolean review(long messageId, MessageState newState, Review review) {
    try {
      PreparedStatement ps = prepare("UPDATE messages SET state = ?, review_outcome = ?,"
          + " reviewer_id = ?, review_reason = ?, review_time = ?"
          + " WHERE id = ? AND state = 'PENDING_REVIEW'");
      ps.setString(1, newState.name());
      ps.setString(2, review.outcome().name());
      ps.setString(3, review.reviewerId());
      ps.setString(4, review.reason());
      ps.setLong(5, Rows.micros(review.time()));
      ps.setLong(6, messageId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public List<Message> dueHeldMessages(Instant now, int limit) {
    try {
      PreparedStatement ps = prepare("SELECT " + Rows.MESSAGE_COLUMNS
        + " FROM messages m WHERE m.state = 'HELD' AND m.release_time <= ? AND m.retracted_by = ''"
        + " ORDER BY m.release_time, m.id LIMIT ?");
      ps.setLong(1, Rows.micros(now));
      ps.setInt(2, limit);
      List<Message> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(Rows.message(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public void createChannel(Channel ch, Map<String, MemberRole> participants) {
    try {
      batch(CHANNEL_UPSERT, List.of(ch), JdbcTransaction::bindChannel);
      batch("INSERT INTO channel_participants (channel_id, person_id, role) VALUES (?, ?, ?)",
          participants.entrySet(), (ps, e) -> {
            ps.setString(1, ch.id());
            ps.setString(2, e.getKey());
            ps.setString(3, e.getValue().name());
          });
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public void setChannelState(String channelId, ChannelState state) {
    update("UPDATE channels SET state = ? WHERE id = ?", state.name(), channelId);
  }

  @Override
  public void removeParticipant(String channelId, String personId) {
    update("DELETE FROM channel_participants WHERE channel_id = ? AND person_id = ?", channelId, personId);
  }

  @Override
  public void upsertFlags(Map<String, PersonFlags> flags) {
    try {
      batch("INSERT INTO person_flags (person_id, no_contact, no_records_access, eligible_student,"
              + " media_release) VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
              + " no_contact = excluded.no_contact, no_records_access = excluded.no_records_access,"
              + " eligible_student = excluded.eligible_student, media_release = excluded.media_release",
          flags.entrySet(), (ps, e) -> {
            ps.setString(1, e.getKey());
            ps.setInt(2, e.getValue().noContact() ? 1 : 0);
            ps.setInt(3, e.getValue().noRecordsAccess() ? 1 : 0);
            ps.setInt(4, e.getValue().eligibleStudent() ? 1 : 0);
            ps.setInt(5, e.getValue().mediaRelease() ? 1 : 0);
          });
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public void saveApproval(ApprovalRequest a) {
    try {
      batch("INSERT INTO approval_requests (" + Rows.APPROVAL_COLUMNS + ") VALUES"
              + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
              + " state = excluded.state, explanation = excluded.explanation,"
              + " limits = excluded.limits, decided_by = excluded.decided_by,"
              + " decide_time = excluded.decide_time",
          List.of(a), (ps, r) -> {
            ps.setString(1, r.id());
            ps.setString(2, r.kind().name());
            ps.setString(3, r.requesterId());
            ps.setString(4, r.schoolId());
            ps.setString(5, r.channelId());
            ps.setString(6, r.purpose());
            ps.setString(7, r.objectives());
            ps.setString(8, r.state().name());
            ps.setString(9, r.explanation());
            ps.setString(10, r.limits());
            ps.setString(11, r.decidedBy());
            ps.setLong(12, Rows.micros(r.createTime()));
            ps.setLong(13, Rows.micros(r.dueTime()));
            ps.setLong(14, Rows.micros(r.decideTime()));
          });
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public Optional<ApprovalRequest> approval(String id) {
    try {
      PreparedStatement ps = prepare(
        "SELECT " + Rows.APPROVAL_COLUMNS + " FROM approval_requests WHERE id = ?");
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.approval(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public void saveIntegration(Integration i) {
    try {
      batch("INSERT INTO integrations (" + Rows.INTEGRATION_COLUMNS + ") VALUES"
              + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
              + " state = excluded.state, schools = excluded.schools, operations = excluded.operations",
          List.of(i), (ps, r) -> {
            ps.setString(1, r.id());
            ps.setString(2, r.name());
            ps.setString(3, r.purpose());
            ps.setString(4, r.ownerId());
            ps.setString(5, Rows.joined(r.requestedSchools().stream().sorted().toList()));
            ps.setString(6, Rows.joinedOperations(r.requestedOperations()));
            ps.setString(7, r.state().name());
            ps.setString(8, Rows.joined(r.schools().stream().sorted().toList()));
            ps.setString(9, Rows.joinedOperations(r.operations()));
            ps.setBytes(10, r.secretHash());
            ps.setString(11, r.approvalId());
            ps.setLong(12, Rows.micros(r.createTime()));
          });
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public Optional<Integration> integrationByApproval(String approvalId) {
    try {
      PreparedStatement ps = prepare("SELECT " + Rows.INTEGRATION_COLUMNS
          + " FROM integrations WHERE approval_id = ?");
      ps.setString(1, approvalId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.integration(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public long addNotice(Notice n) {
    long id = nextMessageId(n.createTime());
    try {
      PreparedStatement ps = prepare("INSERT INTO notices (id, kind, person_id,"
        + " channel_id, body, create_time) VALUES (?, ?, ?, ?, ?, ?)");
      ps.setLong(1, id);
      ps.setString(2, n.kind());
      ps.setString(3, n.personId());
      ps.setString(4, n.channelId());
      ps.setString(5, n.body());
      ps.setLong(6, Rows.micros(n.createTime()));
      ps.executeUpdate();
      return id;
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  private void update(String sql, String... values) {
    try {
      PreparedStatement ps = prepare(sql);
      for (int i = 0; i < values.length; i++) {
        ps.setString(i + 1, values[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public Optional<Message> messageByRequestId(String senderId, String requestId) {
    try {
      PreparedStatement ps = prepare("SELECT " + Rows.MESSAGE_COLUMNS
        + " FROM messages m WHERE m.sender_id = ? AND m.request_id = ?");
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
    try {
      PreparedStatement ps = prepare("SELECT " + Rows.MEMBER_COLUMNS
        + " FROM channel_members WHERE channel_id = ? ORDER BY person_id");
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
      Map<String, PersonFlags> flags = new HashMap<>();
      each("SELECT no_contact, no_records_access, eligible_student, media_release, person_id"
          + " FROM person_flags", rs -> flags.put(rs.getString(5), Rows.flags(rs)));
      Map<String, Channel> channels = new HashMap<>();
      each("SELECT " + Rows.CHANNEL_COLUMNS + " FROM channels", rs -> {
        Channel ch = Rows.channel(rs);
        channels.put(ch.id(), ch);
      });
      Map<String, Map<String, MemberRole>> participants = new HashMap<>();
      each("SELECT channel_id, person_id, role FROM channel_participants", rs -> participants
          .computeIfAbsent(rs.getString(1), k -> new HashMap<>())
          .put(rs.getString(2), MemberRole.valueOf(rs.getString(3))));
      Map<String, Map<String, ChannelMember>> members = new HashMap<>();
      each("SELECT " + Rows.MEMBER_COLUMNS + " FROM channel_members", rs -> {
        ChannelMember m = Rows.member(rs);
        members.computeIfAbsent(m.channelId(), k -> new HashMap<>()).put(m.personId(), m);
      });
      return new DirectoryState(orgs, people, classes, enrollments, links, flags, channels,
          participants, members);
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
      batch(CHANNEL_UPSERT, d.channelUpserts(), JdbcTransaction::bindChannel);
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

  private static final String CHANNEL_UPSERT = "INSERT INTO channels (id, kind, display_name,"
      + " class_id, school_id, create_time, state, member_count, owner_id, purpose)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
      + " SET display_name = excluded.display_name, school_id = excluded.school_id,"
      + " state = excluded.state, member_count = excluded.member_count";

  private static void bindChannel(PreparedStatement ps, Channel ch) throws SQLException {
    ps.setString(1, ch.id());
    ps.setString(2, ch.kind().name());
    ps.setString(3, ch.displayName());
    ps.setString(4, ch.classId());
    ps.setString(5, ch.schoolId());
    ps.setLong(6, Rows.micros(ch.createTime()));
    ps.setString(7, ch.state().name());
    ps.setInt(8, ch.memberCount());
    ps.setString(9, ch.ownerId());
    ps.setString(10, ch.purpose());
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
    try (ResultSet rs = prepare(sql).executeQuery()) {
      while (rs.next()) {
        consumer.accept(rs);
      }
    }
  }

  private <T> void batch(String sql, Iterable<T> values, Binder<T> binder) throws SQLException {
    {
      PreparedStatement ps = prepare(sql);
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
