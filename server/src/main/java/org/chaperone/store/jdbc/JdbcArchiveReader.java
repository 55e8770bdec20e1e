package org.chaperone.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.CanonicalJson;
import org.chaperone.archive.Checkpoint;
import org.chaperone.archive.TreeNode;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageVersion;
import org.chaperone.domain.Person;
import org.chaperone.policy.RecordKind;
import org.chaperone.policy.RetentionSchedule;
import org.chaperone.records.AppliedRetention;
import org.chaperone.records.LegalHold;
import org.chaperone.records.RecordQuery;
import org.chaperone.records.RecordsRequest;
import org.chaperone.records.RecordsRequestKind;
import org.chaperone.store.ArchiveReader;

/** {@link ArchiveReader} over the pool of read connections. Thread-safe. */
final class JdbcArchiveReader implements ArchiveReader {
  static final String ENTRY_COLUMNS =
      "l.leaf_index, l.event_type, l.actor_id, l.subject, l.recorded_time, l.payload, l.leaf_hash";
  static final String CHECKPOINT_COLUMNS = "tree_size, root_hash, signed_time, key_id, note";

  private final DataSource reads;
  private final Failures failures;
  private final ReadQueries queries;
  private final Dialect dialect;

  JdbcArchiveReader(DataSource reads, Failures failures, Dialect dialect) {
    this.reads = reads;
    this.failures = failures;
    this.queries = new ReadQueries(reads, failures, "archive query");
    this.dialect = dialect;
  }

  private <T> List<T> query(String sql, ReadQueries.Binder binder, ReadQueries.RowMapper<T> mapper) {
    return queries.list(sql, binder, mapper);
  }

  private static <T> Optional<T> first(List<T> rows) {
    return ReadQueries.first(rows);
  }

  static ArchiveEntry entry(ResultSet rs) throws SQLException {
    return new ArchiveEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
        Rows.instant(rs.getLong(5)), rs.getBytes(6), rs.getBytes(7));
  }

  static Checkpoint checkpoint(ResultSet rs) throws SQLException {
    return new Checkpoint(rs.getLong(1), rs.getBytes(2), Rows.instant(rs.getLong(3)),
        rs.getString(4), rs.getString(5));
  }

  @Override
  public LogCounts logCounts() {
    // One statement: one snapshot on both engines.
    return query("SELECT (SELECT tree_size FROM log_head WHERE id = 1),"
            + " (SELECT COUNT(*) FROM archive_log),"
            + " (SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM archive_log)",
        ps -> {}, rs -> new LogCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3))).getFirst();
  }

  @Override
  public List<ArchiveEntry> entries(long fromIndex, long toIndex, int limit) {
    return query("SELECT " + ENTRY_COLUMNS + " FROM archive_log l"
            + " WHERE l.leaf_index >= ? AND l.leaf_index < ? ORDER BY l.leaf_index LIMIT ?",
        ps -> {
          ps.setLong(1, fromIndex);
          ps.setLong(2, toIndex);
          ps.setInt(3, limit);
        }, JdbcArchiveReader::entry);
  }

  @Override
  public Optional<ArchiveEntry> entry(long index) {
    return first(query("SELECT " + ENTRY_COLUMNS + " FROM archive_log l WHERE l.leaf_index = ?",
        ps -> ps.setLong(1, index), JdbcArchiveReader::entry));
  }

  @Override
  public List<byte[]> leafHashes(long fromIndex, long toIndex) {
    return query("SELECT leaf_hash FROM archive_log WHERE leaf_index >= ? AND leaf_index < ?"
            + " ORDER BY leaf_index",
        ps -> {
          ps.setLong(1, fromIndex);
          ps.setLong(2, toIndex);
        }, rs -> rs.getBytes(1));
  }

  @Override
  public Optional<byte[]> treeNode(int level, long index) {
    return first(query("SELECT hash FROM archive_tree_nodes WHERE level = ? AND node_index = ?",
        ps -> {
          ps.setInt(1, level);
          ps.setLong(2, index);
        }, rs -> rs.getBytes(1)));
  }

  @Override
  public long treeNodeCount(int level) {
    return query("SELECT COALESCE(MAX(node_index) + 1, 0) FROM archive_tree_nodes WHERE level = ?",
        ps -> ps.setInt(1, level), rs -> rs.getLong(1)).getFirst();
  }

  @Override
  public List<TreeNode> treeNodesAfter(int level, long index, int limit) {
    return query("SELECT level, node_index, hash FROM archive_tree_nodes"
            + " WHERE level > ? OR (level = ? AND node_index > ?)"
            + " ORDER BY level, node_index LIMIT ?",
        ps -> {
          ps.setInt(1, level);
          ps.setInt(2, level);
          ps.setLong(3, index);
          ps.setInt(4, limit);
        }, rs -> new TreeNode(rs.getInt(1), rs.getLong(2), rs.getBytes(3)));
  }

  @Override
  public Optional<Checkpoint> latestCheckpoint() {
    return first(query("SELECT " + CHECKPOINT_COLUMNS
        + " FROM archive_checkpoints ORDER BY tree_size DESC LIMIT 1", ps -> {},
        JdbcArchiveReader::checkpoint));
  }

  @Override
  public Optional<Checkpoint> checkpoint(long treeSize) {
    return first(query("SELECT " + CHECKPOINT_COLUMNS
        + " FROM archive_checkpoints WHERE tree_size = ?", ps -> ps.setLong(1, treeSize),
        JdbcArchiveReader::checkpoint));
  }

  @Override
  public List<Checkpoint> checkpoints(long afterTreeSize, int limit) {
    return query("SELECT " + CHECKPOINT_COLUMNS
            + " FROM archive_checkpoints WHERE tree_size > ? ORDER BY tree_size LIMIT ?",
        ps -> {
          ps.setLong(1, afterTreeSize);
          ps.setInt(2, limit);
        }, JdbcArchiveReader::checkpoint);
  }

  @Override
  public List<Message> messagesByArchiveIndex(long afterArchiveIndex, long afterId, int limit) {
    return query("SELECT " + Rows.ARCHIVED_MESSAGE_COLUMNS + " FROM messages m"
            + " WHERE m.archive_index > ? OR (m.archive_index = ? AND m.id > ?)"
            + " ORDER BY m.archive_index, m.id LIMIT ?",
        ps -> {
          ps.setLong(1, afterArchiveIndex);
          ps.setLong(2, afterArchiveIndex);
          ps.setLong(3, afterId);
          ps.setInt(4, limit);
        }, Rows::message);
  }

  @Override
  public List<MessageVersion> messageVersionsByArchiveIndex(long afterArchiveIndex, int limit) {
    return query("SELECT message_id, version, text, editor_id, edit_time, archive_index"
            + " FROM message_versions WHERE archive_index > ? ORDER BY archive_index LIMIT ?",
        ps -> {
          ps.setLong(1, afterArchiveIndex);
          ps.setInt(2, limit);
        }, rs -> new MessageVersion(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4),
            Rows.instant(rs.getLong(5)), rs.getLong(6)));
  }

  @Override
  public List<ArchiveEntry> search(RecordQuery q, long beforeIndex, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + ENTRY_COLUMNS
        + " FROM archive_log l WHERE l.leaf_index < ?");
    List<Object> params = new ArrayList<>();
    params.add(beforeIndex);
    criteria(q, sql, params);
    sql.append(" ORDER BY l.leaf_index DESC LIMIT ?");
    params.add(limit);
    return query(sql.toString(), bind(params), JdbcArchiveReader::entry);
  }

  private static ReadQueries.Binder bind(List<Object> params) {
    return ps -> {
      for (int i = 0; i < params.size(); i++) {
        switch (params.get(i)) {
          case String s -> ps.setString(i + 1, s);
          case Long l -> ps.setLong(i + 1, l);
          case Integer n -> ps.setInt(i + 1, n);
          default -> throw new IllegalStateException("unexpected parameter " + params.get(i));
        }
      }
    };
  }

  /** Appends {@code q}'s criteria on {@code archive_log l} to a WHERE clause. */
  private void criteria(RecordQuery q, StringBuilder sql, List<Object> params) {
    if (!q.eventTypes().isEmpty()) {
      sql.append(" AND l.event_type IN (")
          .append(String.join(", ", q.eventTypes().stream().map(t -> "?").toList())).append(")");
      params.addAll(q.eventTypes());
    }
    if (q.startTime() != null) {
      sql.append(" AND l.recorded_time >= ?");
      params.add(Rows.micros(q.startTime()));
    }
    if (q.endTime() != null) {
      sql.append(" AND l.recorded_time < ?");
      params.add(Rows.micros(q.endTime()));
    }
    if (!q.channelId().isEmpty()) {
      // The channel itself, or anything under it (its messages, its members). substr with a
      // positive start behaves the same on both engines, and is immune to LIKE wildcards in ids.
      String channel = "channels/" + q.channelId();
      String under = channel + "/";
      sql.append(" AND (l.subject = ? OR substr(l.subject, 1, ?) = ?)");
      params.add(channel);
      params.add(under.length());
      params.add(under);
    }
    if (!q.participantId().isEmpty()) {
      String p = q.participantId();
      String member = "/members/" + p;
      // Who did it, whom it names (people/p, channels/c/members/p), or a message they received:
      // its creation and every later record of it (release, edits, retraction).
      // The suffix test is false for subjects shorter than the suffix on both engines.
      sql.append(" AND (l.actor_id = ? OR l.subject = ?"
          + " OR substr(l.subject, length(l.subject) - ? + 1) = ?"
          + " OR l.leaf_index IN (SELECT m.archive_index FROM message_recipients r"
          + " JOIN messages m ON m.id = r.message_id WHERE r.person_id = ?)"
          + " OR l.subject IN (SELECT 'channels/' || r.channel_id || '/messages/' || r.message_id"
          + " FROM message_recipients r WHERE r.person_id = ?))");
      params.add(p);
      params.add("people/" + p);
      params.add(member.length());
      params.add(member);
      params.add(p);
      params.add(p);
    }
    if (!q.words().isEmpty()) {
      // Version 1 of a message is found through its creating entry, each later version through
      // its message.edited entry.
      if (dialect == Dialect.SQLITE) {
        sql.append(" AND (l.leaf_index IN (SELECT m.archive_index FROM messages m"
            + " WHERE m.id IN (SELECT rowid FROM message_text WHERE message_text MATCH ?))"
            + " OR l.leaf_index IN (SELECT rowid FROM message_version_text"
            + " WHERE message_version_text MATCH ?))");
        params.add(fts5Query(q.words()));
        params.add(fts5Query(q.words()));
      } else {
        sql.append(" AND (l.leaf_index IN (SELECT m.archive_index FROM messages m"
            + " WHERE m.text_search @@ plainto_tsquery('english', ?))"
            + " OR l.leaf_index IN (SELECT v.archive_index FROM message_versions v"
            + " WHERE v.text_search @@ plainto_tsquery('english', ?)))");
        params.add(String.join(" ", q.words()));
        params.add(String.join(" ", q.words()));
      }
    }
  }

  private static final String REQUEST_COLUMNS = "id, kind, requester, subjects, description,"
      + " received_date, due_date, state, scope, creator_id, create_time, close_time, close_reason";

  @Override
  public List<Person> directoryPeople(String afterId, int limit) {
    return query("SELECT " + Rows.PERSON_COLUMNS + " FROM people WHERE id > ? ORDER BY id LIMIT ?",
        ps -> {
          ps.setString(1, afterId);
          ps.setInt(2, limit);
        }, Rows::person);
  }

  @Override
  public List<GuardianLink> guardianLinks(String afterGuardianId, String afterStudentId, int limit) {
    return query("SELECT guardian_id, student_id FROM guardian_links"
            + " WHERE guardian_id > ? OR (guardian_id = ? AND student_id > ?)"
            + " ORDER BY guardian_id, student_id LIMIT ?",
        ps -> {
          ps.setString(1, afterGuardianId);
          ps.setString(2, afterGuardianId);
          ps.setString(3, afterStudentId);
          ps.setInt(4, limit);
        }, rs -> new GuardianLink(rs.getString(1), rs.getString(2)));
  }

  static RecordsRequest recordsRequest(ResultSet rs) throws SQLException {
    long closed = rs.getLong(12);
    boolean open = rs.wasNull();
    Object scope = CanonicalJson.decode(rs.getString(9).getBytes(StandardCharsets.UTF_8));
    return new RecordsRequest(rs.getLong(1), RecordsRequestKind.valueOf(rs.getString(2)),
        rs.getString(3), Rows.split(rs.getString(4)), rs.getString(5),
        LocalDate.parse(rs.getString(6)), LocalDate.parse(rs.getString(7)),
        RecordsRequest.State.valueOf(rs.getString(8)), RecordQuery.fromDescription((Map<?, ?>) scope),
        rs.getString(10), Rows.instant(rs.getLong(11)), open ? null : Rows.instant(closed),
        rs.getString(13));
  }

  @Override
  public Optional<RecordsRequest> recordsRequest(long id) {
    return first(query("SELECT " + REQUEST_COLUMNS + " FROM records_requests WHERE id = ?",
        ps -> ps.setLong(1, id), JdbcArchiveReader::recordsRequest));
  }

  @Override
  public List<RecordsRequest> recordsRequests(RecordsRequest.State state, long beforeId, int limit) {
    return query("SELECT " + REQUEST_COLUMNS + " FROM records_requests WHERE id < ?"
            + (state == null ? "" : " AND state = ?") + " ORDER BY id DESC LIMIT ?",
        ps -> {
          int i = 1;
          ps.setLong(i++, beforeId);
          if (state != null) {
            ps.setString(i++, state.name());
          }
          ps.setInt(i, limit);
        }, JdbcArchiveReader::recordsRequest);
  }

  private static final String HOLD_COLUMNS = "id, reason, scope, creator_id, create_time,"
      + " release_time, released_by, release_reason";

  static LegalHold legalHold(ResultSet rs) throws SQLException {
    long released = rs.getLong(6);
    boolean active = rs.wasNull();
    Object scope = CanonicalJson.decode(rs.getString(3).getBytes(StandardCharsets.UTF_8));
    return new LegalHold(rs.getLong(1), rs.getString(2), RecordQuery.fromDescription((Map<?, ?>) scope),
        rs.getString(4), Rows.instant(rs.getLong(5)), active ? null : Rows.instant(released),
        rs.getString(7), rs.getString(8));
  }

  @Override
  public Optional<LegalHold> legalHold(long id) {
    return first(query("SELECT " + HOLD_COLUMNS + " FROM legal_holds WHERE id = ?",
        ps -> ps.setLong(1, id), JdbcArchiveReader::legalHold));
  }

  @Override
  public List<LegalHold> legalHolds(Boolean active, long beforeId, int limit) {
    String state = active == null ? "" : active ? " AND release_time IS NULL" : " AND release_time IS NOT NULL";
    return query("SELECT " + HOLD_COLUMNS + " FROM legal_holds WHERE id < ?" + state
            + " ORDER BY id DESC LIMIT ?",
        ps -> {
          ps.setLong(1, beforeId);
          ps.setInt(2, limit);
        }, JdbcArchiveReader::legalHold);
  }

  @Override
  public Map<RecordKind, AppliedRetention> retentionSchedules() {
    Map<RecordKind, AppliedRetention> out = new java.util.EnumMap<>(RecordKind.class);
    query("SELECT kind, period, locked, policy_version, apply_time FROM retention_schedules",
        ps -> {}, rs -> {
          String period = rs.getString(2);
          return new AppliedRetention(RecordKind.ofKey(rs.getString(1)).orElse(RecordKind.OTHER),
              new RetentionSchedule(period.isEmpty() ? null : java.time.Period.parse(period),
                  rs.getInt(3) != 0), rs.getString(4), Rows.instant(rs.getLong(5)));
        }).forEach(a -> out.put(a.kind(), a));
    return out;
  }

  @Override
  public List<String> eventTypes() {
    return query("SELECT DISTINCT event_type FROM archive_log ORDER BY event_type", ps -> {},
        rs -> rs.getString(1));
  }

  @Override
  public List<ArchiveEntry> retentionCandidates(Map<String, Instant> cutoffs, long afterIndex, int limit) {
    if (cutoffs.isEmpty()) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder("SELECT " + ENTRY_COLUMNS + " FROM archive_log l"
        + " WHERE l.disposed_by IS NULL AND l.leaf_index > ? AND l.recorded_time < ? AND (");
    List<Object> params = new ArrayList<>();
    params.add(afterIndex);
    params.add(Rows.micros(java.util.Collections.max(cutoffs.values())));
    String or = "";
    for (Map.Entry<String, Instant> c : cutoffs.entrySet()) {
      sql.append(or).append("(l.event_type = ? AND l.recorded_time < ?)");
      params.add(c.getKey());
      params.add(Rows.micros(c.getValue()));
      or = " OR ";
    }
    sql.append(") ORDER BY l.leaf_index LIMIT ?");
    params.add(limit);
    return query(sql.toString(), bind(params), JdbcArchiveReader::entry);
  }

  @Override
  public Set<Long> matching(RecordQuery q, Collection<Long> indexes) {
    Set<Long> out = new java.util.HashSet<>();
    for (List<Long> chunk : JdbcTransaction.chunks(indexes)) {
      StringBuilder sql = new StringBuilder("SELECT l.leaf_index FROM archive_log l WHERE l.leaf_index IN ("
          + JdbcTransaction.placeholders(chunk.size()) + ")");
      List<Object> params = new ArrayList<>(chunk);
      criteria(q, sql, params);
      out.addAll(query(sql.toString(), bind(params), rs -> rs.getLong(1)));
    }
    return out;
  }

  @Override
  public List<Long> indexesWithSubject(String subject) {
    return query("SELECT leaf_index FROM archive_log WHERE subject = ? ORDER BY leaf_index",
        ps -> ps.setString(1, subject), rs -> rs.getLong(1));
  }

  @Override
  public List<ArchiveEntry> entriesAt(Collection<Long> indexes) {
    List<ArchiveEntry> out = new ArrayList<>();
    for (List<Long> chunk : JdbcTransaction.chunks(new java.util.TreeSet<>(indexes))) {
      out.addAll(query("SELECT " + ENTRY_COLUMNS + " FROM archive_log l WHERE l.leaf_index IN ("
          + JdbcTransaction.placeholders(chunk.size()) + ") ORDER BY l.leaf_index",
          bind(new ArrayList<>(chunk)), JdbcArchiveReader::entry));
    }
    return out;
  }

  @Override
  public boolean channelHasRetainedMessages(String channelId, long beforeIndex) {
    return !query("SELECT 1 FROM messages m JOIN archive_log l ON l.leaf_index = m.archive_index"
            + " WHERE m.channel_id = ? AND m.archive_index < ? AND l.disposed_by IS NULL LIMIT 1",
        ps -> {
          ps.setString(1, channelId);
          ps.setLong(2, beforeIndex);
        }, rs -> 1).isEmpty();
  }

  /**
   * FTS5 query text: every word as a quoted string, all required. Words are letters and digits
   * only (see {@code RecordsSearch}), so quoting cannot be escaped from; double quotes are
   * doubled all the same.
   */
  static String fts5Query(List<String> words) {
    return String.join(" AND ",
        words.stream().map(w -> "\"" + w.replace("\"", "\"\"") + "\"").toList());
  }
}
