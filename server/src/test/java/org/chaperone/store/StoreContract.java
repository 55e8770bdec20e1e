package org.chaperone.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.archive.LogHashes;
import org.chaperone.directory.DirectoryChanges;
import org.chaperone.directory.RosterDiff;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageState;
import org.chaperone.policy.SupervisionPolicy;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.Test;

/**
 * What every store engine must do. Each engine's test class implements {@link #store()} with a
 * fresh, empty store; the same tests then run unchanged against SQLite and PostgreSQL.
 */
public interface StoreContract {

  /** A fresh, empty, migrated store, closed by the implementing class. */
  Store store();

  private static void importDistrict(Store store) throws Exception {
    var bundle = OneRosterReader.readZip(TestDistrict.zip());
    store.write(tx -> {
      tx.apply(RosterDiff.between(tx.loadDirectory(), bundle, SupervisionPolicy.DEFAULT, Instant.now()));
      return null;
    });
  }

  private static Message send(Store store, String channel, String sender, String text, String requestId,
      List<String> recipients) {
    return store.write(tx -> {
      Instant now = Instant.now();
      long id = tx.nextMessageId(now);
      long index = tx.append(new ArchiveEvent("message.created", sender, "m/" + id, now, Map.of("text", text)));
      Message m = Message.delivered(id, channel, sender, text, now, requestId, recipients.size(), index);
      tx.insertMessage(m, recipients);
      return m;
    });
  }

  @Test
  default void appliedRosterReadsBack() throws Exception {
    Store store = store();
    importDistrict(store);
    assertThat(store.reader().peopleCount()).isEqualTo(11);
    assertThat(store.reader().person("s1")).hasValueSatisfying(p -> {
      assertThat(p.displayName()).isEqualTo("Sam One");
      assertThat(p.grades()).containsExactly("09");
      assertThat(p.schoolIds()).containsExactly("school-1");
    });
    assertThat(store.reader().personByEmail("GINA@example.com")).hasValueSatisfying(
        p -> assertThat(p.id()).isEqualTo("g1"));
    assertThat(store.reader().guardianLinks("s1")).hasSize(2);
    assertThat(store.reader().channel("math-101")).hasValueSatisfying(c -> {
      assertThat(c.memberCount()).isEqualTo(8);
      assertThat(c.open()).isTrue();
    });
    ChannelMember g1 = store.reader().member("math-101", "g1").orElseThrow();
    assertThat(g1.role()).isEqualTo(MemberRole.GUARDIAN_OBSERVER);
    assertThat(g1.observingFor()).containsExactly("s1");
    assertThat(store.reader().channelsOf("g1", "", 10)).hasSize(1);
    assertThat(store.reader().members("math-101", "", 3)).extracting(ChannelMember::personId)
        .containsExactly("g1", "g2", "g3");
    assertThat(store.reader().shareChannel("g1", "teacher-1")).isTrue();
    assertThat(store.reader().shareChannel("g1", "s4")).isFalse();
    // Loading the directory back and diffing against the same bundle changes nothing.
    var bundle = OneRosterReader.readZip(TestDistrict.zip());
    DirectoryChanges again = store.write(tx -> RosterDiff.between(tx.loadDirectory(), bundle,
        SupervisionPolicy.DEFAULT, Instant.now()));
    assertThat(again.isEmpty()).isTrue();
  }

  @Test
  default void messagesAreTimeOrderedAndReadableByRecipient() throws Exception {
    Store store = store();
    importDistrict(store);
    Message a = send(store, "math-101", "teacher-1", "first", "r1", List.of("s1", "g1"));
    Message b = send(store, "math-101", "teacher-1", "second", "", List.of("s1"));
    assertThat(b.id()).isGreaterThan(a.id());
    assertThat(a.id() >> 12).isLessThanOrEqualTo(Instant.now().toEpochMilli());
    assertThat(store.reader().message(a.id())).contains(a);
    assertThat(store.reader().messages("math-101", Long.MAX_VALUE, 10, "")).containsExactly(b, a);
    assertThat(store.reader().messages("math-101", b.id(), 10, "")).containsExactly(a);
    assertThat(messages(store.reader().inbox("s1", 0, "", 10))).containsExactly(a, b);
    assertThat(messages(store.reader().inbox("g1", 0, "", 10))).containsExactly(a);
    assertThat(messages(store.reader().inbox("s1", a.id(), "math-101", 10))).containsExactly(b);
    assertThat(store.reader().inbox("s1", 0, "art-201", 10)).isEmpty();
    assertThat(store.reader().newestInboxId("s1")).isEqualTo(b.id());
    java.util.Optional<Message> byRequest = store.write(tx -> tx.messageByRequestId("teacher-1", "r1"));
    assertThat(byRequest).contains(a);
    java.util.Optional<Message> none = store.write(tx -> tx.messageByRequestId("teacher-1", "nope"));
    assertThat(none).isEmpty();
  }

  @Test
  default void archiveAppendsLeavesWithRfc6962HashesAndRefusesChanges() {
    Store store = store();
    long before = store.reader().archiveSize();
    ArchiveEvent event = new ArchiveEvent("test.event", "someone", "thing/1",
        Instant.parse("2026-01-02T03:04:05Z"), Map.of("k", "v"));
    long index = store.write(tx -> tx.append(event));
    assertThat(index).isEqualTo(before);
    assertThat(store.reader().archiveSize()).isEqualTo(before + 1);
    assertThat(LogHashes.leafHash(event.entryBytes())).hasSize(32);
  }

  @Test
  default void aFailingWriteLeavesNoTraceWhileConcurrentWritesCommit() throws Exception {
    Store store = store();
    importDistrict(store);
    long archive = store.reader().archiveSize();
    assertThatThrownBy(() -> store.write(tx -> {
      tx.append(new ArchiveEvent("half", "x", "y", Instant.now(), Map.of()));
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThat(store.reader().archiveSize()).isEqualTo(archive);

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Message>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        futures.add(pool.submit(() -> send(store, "math-101", "teacher-1", "m" + n, "req-" + n, List.of("s1"))));
      }
      List<Long> ids = new ArrayList<>();
      for (Future<Message> f : futures) {
        ids.add(f.get().id());
      }
      assertThat(ids).doesNotHaveDuplicates();
      List<Long> sorted = new ArrayList<>(ids);
      Collections.sort(sorted);
      List<Message> inbox = messages(store.reader().inbox("s1", 0, "", 500));
      assertThat(inbox).extracting(Message::id).containsExactlyElementsOf(sorted);
      // Commit order is id order: archive indexes ascend with ids.
      assertThat(inbox).extracting(Message::archiveIndex).isSorted();
      assertThat(store.reader().archiveSize()).isEqualTo(archive + 200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void duplicateRequestIdIsRefusedByTheSchema() throws Exception {
    Store store = store();
    importDistrict(store);
    send(store, "math-101", "teacher-1", "once", "dup", List.of("s1"));
    long archive = store.reader().archiveSize();
    assertThatThrownBy(() -> send(store, "math-101", "teacher-1", "twice", "dup", List.of("s1")))
        .isInstanceOf(StoreException.class);
    assertThat(store.reader().archiveSize()).isEqualTo(archive);
    assertThat(store.reader().inbox("s1", 0, "", 10)).hasSize(1);
  }

  @Test
  default void heldMessagesReachNobodyUntilReleasedAtAFreshInboxPosition() throws Exception {
    Store store = store();
    importDistrict(store);
    Instant now = Instant.now();
    Message held = store.write(tx -> {
      long id = tx.nextMessageId(now);
      Message m = new Message(id, "math-101", "teacher-1", "tomorrow", now, "", 1, 0,
          MessageState.HELD, now.plusSeconds(60), false, "{}");
      tx.insertMessage(m, List.of("s1"));
      return m;
    });
    Message later = send(store, "math-101", "teacher-1", "sent after", "", List.of("s1"));
    assertThat(messages(store.reader().inbox("s1", 0, "", 10))).containsExactly(later);
    assertThat(store.reader().messages("math-101", Long.MAX_VALUE, 10, "s1")).containsExactly(later);
    assertThat(store.reader().messages("math-101", Long.MAX_VALUE, 10, "teacher-1")).hasSize(2);
    List<Message> notYet = store.write(tx -> tx.dueHeldMessages(now, 10));
    assertThat(notYet).isEmpty();
    long cursor = store.reader().newestInboxId("s1");
    store.write(tx -> {
      List<Message> due = tx.dueHeldMessages(now.plusSeconds(61), 10);
      assertThat(due).extracting(Message::id).containsExactly(held.id());
      tx.release(due.getFirst(), List.of("s1"), tx.nextMessageId(now.plusSeconds(61)));
      return null;
    });
    // A stream that had passed the held message's id still receives it after its cursor.
    List<StoreReader.Delivery> after = store.reader().inbox("s1", cursor, "", 10);
    assertThat(after).extracting(d -> d.message().id()).containsExactly(held.id());
    assertThat(after.getFirst().message().state()).isEqualTo(MessageState.DELIVERED);
  }

  private static List<Message> messages(List<StoreReader.Delivery> deliveries) {
    return deliveries.stream().map(StoreReader.Delivery::message).toList();
  }
}
