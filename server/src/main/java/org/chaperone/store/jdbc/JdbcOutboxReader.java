package org.chaperone.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.chaperone.outbox.CopyDelivery;
import org.chaperone.outbox.EmailJob;
import org.chaperone.outbox.EmailState;
import org.chaperone.store.OutboxReader;

/** {@link OutboxReader} over the store's pool of read connections. Thread-safe. */
final class JdbcOutboxReader implements OutboxReader {
  private final DataSource reads;
  private final Failures failures;
  private final ReadQueries queries;

  JdbcOutboxReader(DataSource reads, Failures failures) {
    this.reads = reads;
    this.failures = failures;
    this.queries = new ReadQueries(reads, failures, "outbox query");
  }

  private <T> List<T> query(String sql, ReadQueries.Binder binder, ReadQueries.RowMapper<T> mapper) {
    return queries.list(sql, binder, mapper);
  }

  @Override
  public List<EmailJob> jobs(EmailState state, long afterId, int limit) {
    String filter = state == null ? "" : " AND state = ?";
    return query("SELECT " + OutboxRows.COLUMNS + " FROM email_outbox WHERE id > ?" + filter
            + " ORDER BY id LIMIT ?",
        ps -> {
          int i = 1;
          ps.setLong(i++, afterId);
          if (state != null) {
            ps.setString(i++, state.name());
          }
          ps.setInt(i, limit);
        }, OutboxRows::job);
  }

  @Override
  public List<EmailJob> jobsOfMessage(long messageId) {
    return query("SELECT " + OutboxRows.COLUMNS + " FROM email_outbox WHERE message_id = ?"
        + " AND message_id <> 0 ORDER BY id", ps -> ps.setLong(1, messageId), OutboxRows::job);
  }

  @Override
  public Optional<EmailJob> job(long id) {
    List<EmailJob> found = query("SELECT " + OutboxRows.COLUMNS + " FROM email_outbox WHERE id = ?",
        ps -> ps.setLong(1, id), OutboxRows::job);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  @Override
  public Optional<Instant> nextDue() {
    return minTime("SELECT MIN(CASE WHEN lease_until > next_attempt_time THEN lease_until"
        + " ELSE next_attempt_time END) FROM email_outbox WHERE state = 'PENDING'");
  }

  @Override
  public Optional<Instant> nextDigestDue() {
    return minTime("SELECT MIN(next_attempt_time) FROM email_outbox WHERE state = 'DIGEST_WAIT'");
  }

  private Optional<Instant> minTime(String sql) {
    List<Long> due = query(sql, ps -> {}, rs -> {
      long v = rs.getLong(1);
      return rs.wasNull() ? null : v;
    });
    return due.isEmpty() || due.getFirst() == null ? Optional.empty()
        : Optional.of(Rows.instant(due.getFirst()));
  }

  @Override
  public Map<EmailState, Long> counts() {
    Map<EmailState, Long> counts = new EnumMap<>(EmailState.class);
    for (EmailState s : EmailState.values()) {
      counts.put(s, 0L);
    }
    query("SELECT state, COUNT(*) FROM email_outbox GROUP BY state", ps -> {},
        rs -> counts.put(EmailState.valueOf(rs.getString(1)), rs.getLong(2)));
    return counts;
  }

  @Override
  public Optional<CopyDelivery> preference(String personId) {
    List<CopyDelivery> found = query("SELECT delivery FROM email_preferences WHERE person_id = ?",
        ps -> ps.setString(1, personId), rs -> CopyDelivery.valueOf(rs.getString(1)));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }
}
