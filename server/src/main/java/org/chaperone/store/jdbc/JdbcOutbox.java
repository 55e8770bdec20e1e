package org.chaperone.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Person;
import org.chaperone.domain.Role;
import org.chaperone.outbox.Addressee;
import org.chaperone.outbox.CopyContext;
import org.chaperone.outbox.CopyDelivery;
import org.chaperone.outbox.EmailJob;
import org.chaperone.outbox.EmailState;
import org.chaperone.outbox.NewEmail;
import org.chaperone.store.OutboxTransaction;

/** {@link OutboxTransaction} on the connection of one {@link JdbcTransaction}. */
final class JdbcOutbox implements OutboxTransaction {
  /** Ids per IN list: far below both engines' bound-parameter limits. */
  private static final int CHUNK = 500;

  private final Connection c;
  private final Dialect dialect;

  JdbcOutbox(Connection connection, Dialect dialect) {
    this.c = connection;
    this.dialect = dialect;
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    } catch (SQLException e) {
      throw new JdbcTransaction.SqlFailure(e);
    }
  }

  private int update(String sql, Binder binder) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new JdbcTransaction.SqlFailure(e);
    }
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  @Override
  public CopyContext copyContext(String channelId, String senderId, Collection<String> recipientIds) {
    List<String[]> channel = query("SELECT c.display_name, COALESCE(o.name, '') FROM channels c"
            + " LEFT JOIN orgs o ON o.id = c.school_id WHERE c.id = ?",
        ps -> ps.setString(1, channelId), rs -> new String[] {rs.getString(1), rs.getString(2)});
    Person sender = person(senderId).orElseGet(() ->
        new Person(senderId, Role.STAFF, "", "", "", "", List.of(), List.of()));
    Map<String, Addressee> recipients = new HashMap<>();
    List<String> ids = List.copyOf(recipientIds);
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      query("SELECT p." + Rows.PERSON_COLUMNS.replace(", ", ", p.")
              + ", m.role, m.can_post, m.observing_for, e.delivery FROM people p"
              + " LEFT JOIN channel_members m ON m.channel_id = ? AND m.person_id = p.id"
              + " LEFT JOIN email_preferences e ON e.person_id = p.id"
              + " WHERE p.active = 1 AND p.id IN (" + placeholders(chunk.size()) + ")",
          ps -> {
            ps.setString(1, channelId);
            for (int i = 0; i < chunk.size(); i++) {
              ps.setString(i + 2, chunk.get(i));
            }
          },
          rs -> {
            Person p = Rows.person(rs);
            String role = rs.getString(9);
            Optional<ChannelMember> member = role == null ? Optional.empty() : Optional.of(
                new ChannelMember(channelId, p.id(), org.chaperone.domain.MemberRole.valueOf(role),
                    rs.getInt(10) != 0, Rows.split(rs.getString(11))));
            String delivery = rs.getString(12);
            recipients.put(p.id(), new Addressee(p, member,
                Optional.ofNullable(delivery).map(CopyDelivery::valueOf)));
            return p;
          });
    }
    return channel.isEmpty()
        ? new CopyContext(channelId, "", sender, recipients)
        : new CopyContext(channel.getFirst()[0], channel.getFirst()[1], sender, recipients);
  }

  @Override
  public Optional<Person> person(String personId) {
    List<Person> found = query("SELECT " + Rows.PERSON_COLUMNS + " FROM people WHERE id = ? AND active = 1",
        ps -> ps.setString(1, personId), Rows::person);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  @Override
  public void insert(List<NewEmail> emails) {
    if (emails.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(OutboxRows.INSERT)) {
      for (NewEmail e : emails) {
        OutboxRows.bindInsert(ps, e);
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new JdbcTransaction.SqlFailure(e);
    }
  }

  @Override
  public long insertReturningId(NewEmail email) {
    return query(OutboxRows.INSERT + " RETURNING id", ps -> OutboxRows.bindInsert(ps, email),
        rs -> rs.getLong(1)).getFirst();
  }

  @Override
  public Optional<EmailJob> job(long id) {
    List<EmailJob> found = query("SELECT " + OutboxRows.COLUMNS + " FROM email_outbox WHERE id = ?",
        ps -> ps.setLong(1, id), OutboxRows::job);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  @Override
  public List<EmailJob> claimDue(Instant now, Instant leaseUntil, int limit, Collection<Long> exclude) {
    List<Long> excluded = List.copyOf(exclude);
    long nowMicros = Rows.micros(now);
    // SKIP LOCKED: gateway nodes sharing one PostgreSQL database claim disjoint rows without
    // waiting for each other. SQLite has a single writer, so nothing to skip.
    String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    String notHeld = excluded.isEmpty() ? "" : " AND id NOT IN (" + placeholders(excluded.size()) + ")";
    List<Long> ids = query("SELECT id FROM email_outbox WHERE state = 'PENDING'"
            + " AND next_attempt_time <= ? AND lease_until <= ?" + notHeld
            + " ORDER BY next_attempt_time, id LIMIT ?" + lock,
        ps -> {
          int i = 1;
          ps.setLong(i++, nowMicros);
          ps.setLong(i++, nowMicros);
          for (Long id : excluded) {
            ps.setLong(i++, id);
          }
          ps.setInt(i, limit);
        }, rs -> rs.getLong(1));
    if (ids.isEmpty()) {
      return List.of();
    }
    List<EmailJob> claimed = new ArrayList<>(ids.size());
    for (int from = 0; from < ids.size(); from += CHUNK) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
      // Microseconds, as stored: release() compares the claim it was given with this value.
      update("UPDATE email_outbox SET lease_until = ? WHERE id IN (" + placeholders(chunk.size()) + ")",
          ps -> {
            ps.setLong(1, Rows.micros(leaseUntil));
            for (int i = 0; i < chunk.size(); i++) {
              ps.setLong(i + 2, chunk.get(i));
            }
          });
      claimed.addAll(query("SELECT " + OutboxRows.COLUMNS + " FROM email_outbox WHERE id IN ("
              + placeholders(chunk.size()) + ") ORDER BY next_attempt_time, id",
          ps -> {
            for (int i = 0; i < chunk.size(); i++) {
              ps.setLong(i + 1, chunk.get(i));
            }
          }, OutboxRows::job));
    }
    return claimed;
  }

  @Override
  public boolean recordAttempt(long id, EmailState state, int attempts, Instant nextAttempt,
      String lastReply, Instant finishTime) {
    return update("UPDATE email_outbox SET state = ?, attempts = ?, next_attempt_time = ?,"
            + " lease_until = 0, last_reply = ?, finish_time = ? WHERE id = ? AND state = 'PENDING'",
        ps -> {
          ps.setString(1, state.name());
          ps.setInt(2, attempts);
          ps.setLong(3, Rows.micros(nextAttempt));
          ps.setString(4, lastReply);
          ps.setLong(5, finishTime == null ? 0 : Rows.micros(finishTime));
          ps.setLong(6, id);
        }) == 1;
  }

  @Override
  public void release(long id, Instant leaseUntil, Instant nextAttempt) {
    update("UPDATE email_outbox SET lease_until = 0, next_attempt_time = ? WHERE id = ?"
            + " AND state = 'PENDING' AND lease_until = ?",
        ps -> {
          ps.setLong(1, Rows.micros(nextAttempt));
          ps.setLong(2, id);
          ps.setLong(3, Rows.micros(leaseUntil));
        });
  }

  @Override
  public List<EmailJob> dueDigestEntries(Instant now, int limit) {
    String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    return query("SELECT " + OutboxRows.COLUMNS + " FROM email_outbox WHERE state = 'DIGEST_WAIT'"
            + " AND next_attempt_time <= ? ORDER BY person_id, next_attempt_time, id LIMIT ?" + lock,
        ps -> {
          ps.setLong(1, Rows.micros(now));
          ps.setInt(2, limit);
        }, OutboxRows::job);
  }

  @Override
  public void markDigested(Collection<Long> entryIds, long digestId, Instant now) {
    List<Long> all = List.copyOf(entryIds);
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<Long> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      update("UPDATE email_outbox SET state = 'DIGESTED', digest_id = ?, finish_time = ?"
              + " WHERE state = 'DIGEST_WAIT' AND id IN (" + placeholders(chunk.size()) + ")",
          ps -> {
            ps.setLong(1, digestId);
            ps.setLong(2, Rows.micros(now));
            for (int i = 0; i < chunk.size(); i++) {
              ps.setLong(i + 3, chunk.get(i));
            }
          });
    }
  }

  @Override
  public boolean requeue(long id, String address, Instant now) {
    return update("UPDATE email_outbox SET state = 'PENDING', attempts = 0, next_attempt_time = ?,"
            + " lease_until = 0, finish_time = 0, address = ? WHERE id = ? AND state = 'FAILED'",
        ps -> {
          ps.setLong(1, Rows.micros(now));
          ps.setString(2, address);
          ps.setLong(3, id);
        }) == 1;
  }

  @Override
  public Optional<CopyDelivery> preference(String personId) {
    List<CopyDelivery> found = query("SELECT delivery FROM email_preferences WHERE person_id = ?",
        ps -> ps.setString(1, personId), rs -> CopyDelivery.valueOf(rs.getString(1)));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  @Override
  public void setPreference(String personId, CopyDelivery delivery, String setBy, Instant now) {
    update("INSERT INTO email_preferences (person_id, delivery, set_by, update_time)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET delivery = excluded.delivery,"
            + " set_by = excluded.set_by, update_time = excluded.update_time",
        ps -> {
          ps.setString(1, personId);
          ps.setString(2, delivery.name());
          ps.setString(3, setBy);
          ps.setLong(4, Rows.micros(now));
        });
  }
}
