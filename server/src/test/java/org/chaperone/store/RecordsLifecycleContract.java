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
import org.chaperone.records.RecordQuery;
import org.chaperone.testing.Sending;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.Test;

/**
 * What every store engine must do for a record's life after it is written: message versions,
 * retractions and the inbox rows that announce them. Run by the same engine test classes as
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
}
