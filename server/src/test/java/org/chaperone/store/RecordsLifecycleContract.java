package org.chaperone.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.directory.RosterImport;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.Caller;
import org.chaperone.domain.DeliveryKind;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageState;
import org.chaperone.domain.MessageVersion;
import org.chaperone.policy.DistrictPolicy;
import java.time.Period;
import org.chaperone.archive.Tombstone;
import org.chaperone.policy.RecordKind;
import org.chaperone.policy.RetentionSchedule;
import org.chaperone.records.AppliedRetention;
import org.chaperone.records.LegalHold;
import org.chaperone.records.RecordQuery;
import org.chaperone.testing.Sending;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.Test;

/**
 * What every store engine must do for a record's life after it is written: message versions,
 * retractions and the inbox rows that announce them; legal holds, retention schedules, and the
 * disposition of content past retention. Run by the same engine test classes as
 * {@link StoreContract}.
 */
public interface RecordsLifecycleContract {

  /** A fresh, empty, migrated store, closed by the implementing class. */
  Store store();

  private static Caller caller(Store store, String personId) {
    return new Caller(store.reader().person(personId).orElseThrow(), "");
  }

  private static Store district(Store store) throws Exception {
    new RosterImport(store, Clock.systemUTC(), () -> DistrictPolicy.DEFAULT).apply("system:test",
        OneRosterReader.readZip(TestDistrict.zip()), false);
    return store;
  }

  private static long appendEdit(StoreTransaction tx, Message m, int version, String text, Instant at) {
    return tx.append(new ArchiveEvent("message.edited", m.senderId(),
        "channels/" + m.channelId() + "/messages/" + m.id(), at, Map.of("text", text,
            "version", version, "previous_version", version - 1, "editor", m.senderId())));
  }

  @Test
  default void versionsAreKeptTheCurrentOneIsReadAndTheFirstStaysAsArchived() throws Exception {
    Store store = district(store());
    Message sent = new Sending(store).submit(caller(store, TestDistrict.TEACHER), TestDistrict.MATH,
        "Quiz on Friday", "");
    Instant at = Instant.parse("2026-03-02T10:00:00.123456Z");
    long index = store.write(tx -> {
      long i = appendEdit(tx, sent, 2, "Quiz on Thursday", at);
      tx.addVersion(new MessageVersion(sent.id(), 2, "Quiz on Thursday", sent.senderId(), at, i));
      return i;
    });

    Message current = store.reader().message(sent.id()).orElseThrow();
    assertThat(current.text()).isEqualTo("Quiz on Thursday");
    assertThat(current.version()).isEqualTo(2);
    assertThat(current.editTime()).isEqualTo(at);
    assertThat(current.createTime()).isEqualTo(sent.createTime());
    assertThat(store.reader().messages(TestDistrict.MATH, Long.MAX_VALUE, 10, TestDistrict.S1))
        .extracting(Message::text).containsExactly("Quiz on Thursday");
    assertThat(store.reader().inbox(TestDistrict.S1, 0, "", 10))
        .extracting(d -> d.message().text()).containsExactly("Quiz on Thursday");
    assertThat(store.archive().messagesByArchiveIndex(-1, 0, 10)).singleElement()
        .satisfies(m -> assertThat(m.text()).as("as its creating entry recorded it").isEqualTo("Quiz on Friday"));
    assertThat(store.archive().messageVersionsByArchiveIndex(-1, 10)).containsExactly(
        new MessageVersion(sent.id(), 2, "Quiz on Thursday", sent.senderId(), at, index));
    assertThat(store.archive().search(new RecordQuery(List.of(), "", "", null, null,
        List.of("thursday")), Long.MAX_VALUE, 10)).extracting(ArchiveEntry::index).containsExactly(index);
    assertThat(store.archive().search(new RecordQuery(List.of(), TestDistrict.G1, "", null, null,
        List.of()), Long.MAX_VALUE, 10)).as("an edit of a message a guardian received names them")
        .extracting(ArchiveEntry::index).contains(index, sent.archiveIndex());

    // A version must follow the current one; a failed write leaves nothing behind.
    long size = store.reader().archiveSize();
    assertThatThrownBy(() -> store.write(tx -> {
      long i = appendEdit(tx, sent, 4, "skipped a version", at);
      tx.addVersion(new MessageVersion(sent.id(), 4, "skipped a version", sent.senderId(), at, i));
      return null;
    })).isInstanceOf(IllegalStateException.class);
    assertThat(store.reader().archiveSize()).isEqualTo(size);
    assertThat(store.reader().message(sent.id()).orElseThrow().version()).isEqualTo(2);
    assertThat(store.archive().messageVersionsByArchiveIndex(-1, 10)).hasSize(1);
  }

  @Test
  default void retractionsAndChangeDeliveriesAreStoredOnceAndShowInInboxesInOrder() throws Exception {
    Store store = district(store());
    Message sent = new Sending(store).submit(caller(store, TestDistrict.TEACHER), TestDistrict.MATH,
        "Wrong class", "");
    Instant at = Instant.parse("2026-03-02T11:00:00Z");
    long delivery = store.write(tx -> {
      tx.retract(sent.id(), TestDistrict.ADMIN, at);
      long id = tx.nextMessageId(at);
      tx.deliverChange(sent, List.of(TestDistrict.S1, TestDistrict.G1), id, DeliveryKind.RETRACTED);
      return id;
    });
    Message retracted = store.reader().message(sent.id()).orElseThrow();
    assertThat(retracted.retracted()).isTrue();
    assertThat(retracted.retractedBy()).isEqualTo(TestDistrict.ADMIN);
    assertThat(retracted.retractTime()).isEqualTo(at);
    assertThat(retracted.text()).as("the store keeps the text; readers hide it").isEqualTo("Wrong class");
    assertThat(store.reader().inbox(TestDistrict.S1, 0, "", 10))
        .extracting(StoreReader.Delivery::kind).containsExactly(DeliveryKind.CREATED, DeliveryKind.RETRACTED);
    assertThat(store.reader().inbox(TestDistrict.S2, 0, "", 10))
        .extracting(StoreReader.Delivery::kind).containsExactly(DeliveryKind.CREATED);
    assertThat(store.reader().inbox(TestDistrict.G1, sent.id(), TestDistrict.MATH, 10))
        .extracting(StoreReader.Delivery::deliveryId).containsExactly(delivery);
    assertThat(store.reader().newestInboxId(TestDistrict.S1)).isEqualTo(delivery);
    assertThatThrownBy(() -> store.write(tx -> {
      tx.retract(sent.id(), TestDistrict.TEACHER, at);
      return null;
    })).isInstanceOf(IllegalStateException.class);
    assertThat(store.reader().message(sent.id()).orElseThrow().retractedBy()).isEqualTo(TestDistrict.ADMIN);
  }

  @Test
  default void aRetractedHeldMessageIsNeverDue() throws Exception {
    Store store = district(store());
    Instant now = Instant.parse("2026-03-02T12:00:00Z");
    long[] ids = store.write(tx -> {
      long[] out = new long[2];
      for (int i = 0; i < 2; i++) {
        long id = tx.nextMessageId(now);
        long index = tx.append(new ArchiveEvent("message.held", TestDistrict.TEACHER,
            "channels/" + TestDistrict.MATH + "/messages/" + id, now, Map.of("text", "held " + i)));
        tx.insertMessage(new Message(id, TestDistrict.MATH, TestDistrict.TEACHER, "held " + i, now, "",
            7, index, MessageState.HELD, now.plusSeconds(60), false, "{}"), List.of());
        out[i] = id;
      }
      tx.retract(out[0], TestDistrict.TEACHER, now);
      return out;
    });
    List<Message> due = store.write(tx -> tx.dueHeldMessages(now.plusSeconds(61), 10));
    assertThat(due).extracting(Message::id).containsExactly(ids[1]);
  }

  @Test
  default void legalHoldsAreStoredListedAndReleasedOnce() {
    Store store = store();
    RecordQuery scope = new RecordQuery(List.of("message.created"), TestDistrict.S1, TestDistrict.MATH,
        Instant.parse("2026-01-01T00:00:00Z"), null, List.of("quiz"));
    Instant created = Instant.parse("2026-03-02T09:00:00.123456Z");
    LegalHold draft = new LegalHold(0, "Doe v. District", scope, TestDistrict.ADMIN, created, null, "", "");
    long first = store.write(tx -> tx.archive().insertLegalHold(draft));
    long second = store.write(tx -> tx.archive().insertLegalHold(draft));
    assertThat(second).isGreaterThan(first);
    assertThat(store.archive().legalHold(first)).hasValue(new LegalHold(first, "Doe v. District", scope,
        TestDistrict.ADMIN, created, null, "", ""));
    assertThat(store.<java.util.Set<String>>write(tx -> tx.activeRecordHolds()))
        .containsExactly("legalHolds/" + first, "legalHolds/" + second);

    Instant released = Instant.parse("2026-04-01T10:00:00Z");
    boolean once = store.write(tx -> tx.archive().releaseLegalHold(first, released, TestDistrict.ADMIN, "settled"));
    boolean twice = store.write(tx -> tx.archive().releaseLegalHold(first, released, TestDistrict.ADMIN, "again"));
    assertThat(once).isTrue();
    assertThat(twice).isFalse();
    assertThat(store.archive().legalHold(first)).hasValueSatisfying(h -> {
      assertThat(h.active()).isFalse();
      assertThat(h.releaseTime()).isEqualTo(released);
      assertThat(h.releasedBy()).isEqualTo(TestDistrict.ADMIN);
      assertThat(h.releaseReason()).isEqualTo("settled");
    });
    assertThat(store.archive().legalHolds(true, Long.MAX_VALUE, 10)).extracting(LegalHold::id).containsExactly(second);
    assertThat(store.archive().legalHolds(false, Long.MAX_VALUE, 10)).extracting(LegalHold::id).containsExactly(first);
    assertThat(store.archive().legalHolds(null, Long.MAX_VALUE, 10)).extracting(LegalHold::id)
        .containsExactly(second, first);
    assertThat(store.archive().legalHolds(null, second, 10)).extracting(LegalHold::id).containsExactly(first);
    assertThat(store.<java.util.Set<String>>write(tx -> tx.activeRecordHolds())).containsExactly("legalHolds/" + second);
  }

  @Test
  default void retentionSchedulesAreStoredAndReplaced() {
    Store store = store();
    Instant at = Instant.parse("2026-03-02T09:00:00Z");
    store.write(tx -> {
      tx.archive().saveRetentionSchedule(new AppliedRetention(RecordKind.MESSAGE,
          new RetentionSchedule(Period.ofYears(7), true), "v1", at));
      tx.archive().saveRetentionSchedule(new AppliedRetention(RecordKind.ACCESS,
          RetentionSchedule.PERMANENT, "v1", at));
      return null;
    });
    store.write(tx -> {
      tx.archive().saveRetentionSchedule(new AppliedRetention(RecordKind.MESSAGE,
          new RetentionSchedule(Period.ofMonths(90), true), "v2", at.plusSeconds(60)));
      return null;
    });
    assertThat(store.archive().retentionSchedules()).containsOnly(
        Map.entry(RecordKind.MESSAGE, new AppliedRetention(RecordKind.MESSAGE,
            new RetentionSchedule(Period.ofMonths(90), true), "v2", at.plusSeconds(60))),
        Map.entry(RecordKind.ACCESS, new AppliedRetention(RecordKind.ACCESS,
            RetentionSchedule.PERMANENT, "v1", at)));
  }

  @Test
  default void aDispositionTombstonesEntriesEmptiesTheirTextsAndSearchNoLongerFindsThem() throws Exception {
    Store store = district(store());
    Sending send = new Sending(store);
    Caller teacher = caller(store, TestDistrict.TEACHER);
    Message quiz = send.submit(teacher, TestDistrict.MATH, "Unit 3 quiz on Friday", "");
    Message forms = send.submit(teacher, TestDistrict.MATH, "Field trip forms due", "");
    Instant at = Instant.parse("2026-03-02T10:00:00Z");
    long edit = store.write(tx -> {
      long i = appendEdit(tx, quiz, 2, "Unit 3 quiz on Thursday", at);
      tx.addVersion(new MessageVersion(quiz.id(), 2, "Unit 3 quiz on Thursday", quiz.senderId(), at, i));
      return i;
    });
    ArchiveReader archive = store.archive();
    assertThat(archive.eventTypes()).contains("message.created", "message.edited", "roster.imported");
    assertThat(archive.indexesWithSubject("channels/" + TestDistrict.MATH + "/messages/" + quiz.id()))
        .containsExactly(quiz.archiveIndex(), edit);
    assertThat(archive.matching(new RecordQuery(List.of(), "", "", null, null, List.of("quiz")),
        List.of(quiz.archiveIndex(), forms.archiveIndex(), edit, 999_999L)))
        .containsExactlyInAnyOrder(quiz.archiveIndex(), edit);
    assertThat(archive.channelHasRetainedMessages(TestDistrict.MATH, forms.archiveIndex())).isTrue();
    Instant future = Instant.now().plusSeconds(3600);
    List<ArchiveEntry> candidates = archive.retentionCandidates(Map.of("message.created", future,
        "message.edited", at.plusSeconds(1)), -1, 10);
    assertThat(candidates).extracting(ArchiveEntry::index)
        .containsExactly(quiz.archiveIndex(), forms.archiveIndex(), edit);
    assertThat(archive.retentionCandidates(Map.of("message.edited", at), -1, 10)).isEmpty();
    List<ArchiveEntry> disposed = List.of(candidates.get(0), candidates.get(2));

    ArchiveEvent event = new ArchiveEvent("record.disposed", "system:retention", "records", future,
        Map.of("records", List.of(quiz.archiveIndex(), edit)));
    long index = store.write(tx -> {
      assertThat(tx.undisposed(List.of(quiz.archiveIndex(), forms.archiveIndex(), edit)))
          .containsExactlyInAnyOrder(quiz.archiveIndex(), forms.archiveIndex(), edit);
      return tx.dispose(event, disposed);
    });

    assertThat(archive.entry(index).orElseThrow().event()).hasValue(event);
    for (ArchiveEntry e : disposed) {
      ArchiveEntry after = archive.entry(e.index()).orElseThrow();
      assertThat(after.tombstone()).hasValue(Tombstone.of(e, index));
      assertThat(after.leafHash()).isEqualTo(e.leafHash());
      assertThat(after.type()).isEqualTo(e.type());
    }
    assertThat(store.reader().message(quiz.id()).orElseThrow().text()).isEmpty();
    assertThat(archive.messagesByArchiveIndex(-1, 0, 10)).extracting(Message::text)
        .containsExactly("", "Field trip forms due");
    assertThat(archive.messageVersionsByArchiveIndex(-1, 10)).singleElement()
        .satisfies(v -> assertThat(v.text()).isEmpty());
    assertThat(archive.search(new RecordQuery(List.of(), "", "", null, null, List.of("quiz")),
        Long.MAX_VALUE, 10)).isEmpty();
    assertThat(archive.search(new RecordQuery(List.of(), "", "", null, null, List.of("thursday")),
        Long.MAX_VALUE, 10)).isEmpty();
    assertThat(archive.search(new RecordQuery(List.of(), "", "", null, null, List.of("forms")),
        Long.MAX_VALUE, 10)).extracting(ArchiveEntry::index).containsExactly(forms.archiveIndex());
    assertThat(archive.retentionCandidates(Map.of("message.created", future, "message.edited", future),
        -1, 10)).extracting(ArchiveEntry::index).containsExactly(forms.archiveIndex());
    assertThat(archive.entriesAt(List.of(edit, quiz.archiveIndex()))).extracting(ArchiveEntry::index)
        .containsExactly(quiz.archiveIndex(), edit);
    assertThat(archive.channelHasRetainedMessages(TestDistrict.MATH, forms.archiveIndex())).isFalse();
    assertThat(store.<java.util.Set<Long>>write(tx -> tx.undisposed(List.of(quiz.archiveIndex(), forms.archiveIndex(), edit))))
        .containsExactly(forms.archiveIndex());

    // An entry is disposed of once; a failed disposition leaves nothing behind.
    long size = store.reader().archiveSize();
    assertThatThrownBy(() -> store.write(tx -> tx.dispose(event, List.of(candidates.get(1), candidates.get(0)))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.reader().archiveSize()).isEqualTo(size);
    assertThat(archive.entry(forms.archiveIndex()).orElseThrow().tombstone()).isEmpty();
  }
}
