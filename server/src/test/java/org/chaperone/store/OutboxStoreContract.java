package org.chaperone.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.chaperone.directory.RosterDiff;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.MemberRole;
import org.chaperone.outbox.CopyContext;
import org.chaperone.outbox.CopyDelivery;
import org.chaperone.outbox.EmailJob;
import org.chaperone.outbox.EmailKind;
import org.chaperone.outbox.EmailState;
import org.chaperone.outbox.NewEmail;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.Test;

/** What every store engine must do for the email outbox; run by the engines' store tests. */
public interface OutboxStoreContract {

  /** A fresh, empty, migrated store, closed by the implementing class. */
  Store store();

  Instant T0 = Instant.parse("2026-09-01T09:00:00Z");

  private static NewEmail email(String person, String mimeId, EmailState state, Instant due) {
    return new NewEmail(EmailKind.COPY, state, person, person + "@example.com", "Name " + person,
        mimeId, "channels/c/messages/1", 1, "copy", "subject", "body of " + mimeId, T0, due, "");
  }

  private static List<EmailJob> claim(Store store, Instant now, Instant lease) {
    List<EmailJob> claimed = store.write(tx -> tx.outbox().claimDue(now, lease, 10, List.of()));
    return claimed;
  }

  private static boolean record(Store store, long id, EmailState state, int attempts, Instant next,
      String reply, Instant finish) {
    Boolean done = store.write(tx -> tx.outbox().recordAttempt(id, state, attempts, next, reply, finish));
    return done;
  }

  private static boolean requeue(Store store, long id, String address, Instant now) {
    Boolean done = store.write(tx -> tx.outbox().requeue(id, address, now));
    return done;
  }

  private static List<EmailJob> dueEntries(Store store, Instant now) {
    List<EmailJob> entries = store.write(tx -> tx.outbox().dueDigestEntries(now, 100));
    return entries;
  }

  @Test
  default void claimsAreExclusiveUntilReleasedOrExpired() {
    Store store = store();
    store.write(tx -> {
      tx.outbox().insert(List.of(email("g1", "<a@x>", EmailState.PENDING, T0),
          email("g2", "<b@x>", EmailState.PENDING, T0.plusSeconds(60)),
          email("g3", "<c@x>", EmailState.PENDING, T0.minusSeconds(60))));
      return null;
    });
    assertThat(store.reader().outbox().nextDue()).contains(T0.minusSeconds(60));
    Instant lease = T0.plus(Duration.ofMinutes(5));
    List<EmailJob> first = claim(store, T0, lease);
    // Oldest due first; not yet due is left alone.
    assertThat(first).extracting(EmailJob::mimeMessageId).containsExactly("<c@x>", "<a@x>");
    assertThat(claim(store, T0.plusSeconds(1), lease)).isEmpty();
    // Claimed rows are due again when the claim ends.
    assertThat(store.reader().outbox().nextDue()).contains(T0.plusSeconds(60));

    // A release under a claim that is not the current one changes nothing.
    long a = first.get(1).id();
    store.write(tx -> {
      tx.outbox().release(a, lease.minusSeconds(1), T0);
      return null;
    });
    assertThat(claim(store, T0.plusSeconds(1), lease)).isEmpty();
    store.write(tx -> {
      tx.outbox().release(a, lease, T0);
      return null;
    });
    assertThat(claim(store, T0.plusSeconds(1), lease))
        .extracting(EmailJob::id).containsExactly(a);
    // Rows the claimer still holds are left out, even once their claim has expired.
    List<EmailJob> notHeld = store.write(tx -> tx.outbox().claimDue(lease.plusSeconds(1),
        lease.plusSeconds(300), 10, List.of(a)));
    assertThat(notHeld).extracting(EmailJob::mimeMessageId).containsExactly("<c@x>", "<b@x>");
    store.write(tx -> {
      tx.outbox().release(first.getFirst().id(), lease.plusSeconds(300), T0);
      tx.outbox().release(notHeld.get(1).id(), lease.plusSeconds(300), T0);
      return null;
    });
    // After the claim expires, anyone may claim the row again (all are now due at T0: by id).
    assertThat(claim(store, lease.plusSeconds(1), lease.plusSeconds(300)))
        .extracting(EmailJob::mimeMessageId).containsExactly("<a@x>", "<b@x>", "<c@x>");
  }

  @Test
  default void attemptsAreRecordedOnlyOnPendingRows() {
    Store store = store();
    store.write(tx -> {
      tx.outbox().insert(List.of(email("g1", "<a@x>", EmailState.PENDING, T0)));
      return null;
    });
    EmailJob job = claim(store, T0, T0.plusSeconds(300)).getFirst();
    assertThat(record(store, job.id(), EmailState.PENDING, 1,
        T0.plusSeconds(30), "421 try later", null)).isTrue();
    EmailJob retried = store.reader().outbox().job(job.id()).orElseThrow();
    assertThat(retried.attempts()).isEqualTo(1);
    assertThat(retried.nextAttemptTime()).isEqualTo(T0.plusSeconds(30));
    assertThat(retried.lastReply()).isEqualTo("421 try later");
    assertThat(claim(store, T0.plusSeconds(31), T0.plusSeconds(400))).hasSize(1);
    assertThat(record(store, job.id(), EmailState.SENT, 2,
        T0.plusSeconds(31), "250 OK", T0.plusSeconds(31))).isTrue();
    assertThat(record(store, job.id(), EmailState.FAILED, 3,
        T0.plusSeconds(32), "550", T0.plusSeconds(32))).isFalse();
    EmailJob sent = store.reader().outbox().job(job.id()).orElseThrow();
    assertThat(sent.state()).isEqualTo(EmailState.SENT);
    assertThat(sent.finishTime()).isEqualTo(T0.plusSeconds(31));
    assertThat(store.reader().outbox().nextDue()).isEmpty();
    assertThat(store.reader().outbox().counts()).containsEntry(EmailState.SENT, 1L)
        .containsEntry(EmailState.PENDING, 0L);
  }

  @Test
  default void messageIdsAreUniqueAndFailedRowsCanBeRequeued() {
    Store store = store();
    long id = store.write(tx -> tx.outbox().insertReturningId(
        email("g1", "<a@x>", EmailState.FAILED, T0)));
    assertThatThrownBy(() -> store.write(tx -> tx.outbox().insertReturningId(
        email("g2", "<a@x>", EmailState.PENDING, T0)))).isInstanceOf(StoreException.class);
    assertThat(store.reader().outbox().jobs(EmailState.FAILED, 0, 10)).extracting(EmailJob::id)
        .containsExactly(id);
    assertThat(store.reader().outbox().job(id).orElseThrow().finishTime()).isEqualTo(T0);
    assertThat(requeue(store, id, "new@example.com", T0.plusSeconds(5))).isTrue();
    assertThat(requeue(store, id, "again@example.com", T0)).isFalse();
    EmailJob again = store.reader().outbox().job(id).orElseThrow();
    assertThat(again.state()).isEqualTo(EmailState.PENDING);
    assertThat(again.address()).isEqualTo("new@example.com");
    assertThat(again.attempts()).isZero();
    assertThat(again.finishTime()).isNull();
  }

  @Test
  default void digestEntriesWaitForTheirDueTimeAndAreMarkedDigested() {
    Store store = store();
    Instant due = T0.plus(Duration.ofHours(9));
    store.write(tx -> {
      tx.outbox().insert(List.of(email("g2", "<a@x>", EmailState.DIGEST_WAIT, due),
          email("g1", "<b@x>", EmailState.DIGEST_WAIT, due),
          email("g1", "<c@x>", EmailState.DIGEST_WAIT, due.plus(Duration.ofDays(1)))));
      return null;
    });
    assertThat(store.reader().outbox().nextDigestDue()).contains(due);
    assertThat(store.reader().outbox().nextDue()).isEmpty();
    assertThat(claim(store, due, due.plusSeconds(300))).isEmpty();
    List<EmailJob> entries = dueEntries(store, due);
    assertThat(entries).extracting(EmailJob::mimeMessageId).containsExactly("<b@x>", "<a@x>");
    long digest = store.write(tx -> {
      long id = tx.outbox().insertReturningId(new NewEmail(EmailKind.DIGEST, EmailState.PENDING,
          "g1", "g1@example.com", "Name g1", "<digest@x>", "people/g1/digests/1", 0, "digest",
          "Daily", "...", due, due, ""));
      tx.outbox().markDigested(List.of(entries.getFirst().id()), id, due);
      return id;
    });
    EmailJob marked = store.reader().outbox().job(entries.getFirst().id()).orElseThrow();
    assertThat(marked.state()).isEqualTo(EmailState.DIGESTED);
    assertThat(marked.digestId()).isEqualTo(digest);
    assertThat(dueEntries(store, due)).extracting(EmailJob::mimeMessageId)
        .containsExactly("<a@x>");
  }

  @Test
  default void preferencesAndCopyContextComeFromTheDirectory() throws Exception {
    Store store = store();
    var bundle = OneRosterReader.readZip(TestDistrict.zip());
    store.write(tx -> {
      tx.apply(RosterDiff.between(tx.loadDirectory(), bundle,
          org.chaperone.policy.SupervisionPolicy.DEFAULT, Instant.now()));
      return null;
    });
    assertThat(store.reader().outbox().preference("g1")).isEmpty();
    store.write(tx -> {
      tx.outbox().setPreference("g1", CopyDelivery.DAILY_DIGEST, "admin-1", T0);
      tx.outbox().setPreference("g1", CopyDelivery.NONE, "admin-1", T0);
      tx.outbox().setPreference("g2", CopyDelivery.DAILY_DIGEST, "admin-1", T0);
      return null;
    });
    assertThat(store.reader().outbox().preference("g1")).contains(CopyDelivery.NONE);

    CopyContext ctx = store.write(tx -> tx.outbox().copyContext("math-101", "teacher-1",
        List.of("s1", "g1", "g2", "g3", "nobody")));
    assertThat(ctx.channelName()).isEqualTo("Math 101");
    assertThat(ctx.schoolName()).isEqualTo("Lincoln High");
    assertThat(ctx.sender().displayName()).isEqualTo("Tom Miller");
    assertThat(ctx.recipients()).containsOnlyKeys("s1", "g1", "g2", "g3");
    assertThat(ctx.recipients().get("g1").preference()).contains(CopyDelivery.NONE);
    assertThat(ctx.recipients().get("g2").preference()).contains(CopyDelivery.DAILY_DIGEST);
    assertThat(ctx.recipients().get("g3").preference()).isEmpty();
    assertThat(ctx.recipients().get("g1").membership()).hasValueSatisfying(m -> {
      assertThat(m.role()).isEqualTo(MemberRole.GUARDIAN_OBSERVER);
      assertThat(m.observingFor()).containsExactly("s1");
    });
    assertThat(ctx.recipients().get("s1").person().email()).isEqualTo("s1@lincoln.example.org");
    assertThat(ctx.names(List.of("s1", "zz"))).containsExactly("Sam One", "zz");
    assertThat(Map.copyOf(ctx.recipients())).hasSize(4);
  }
}
