package org.chaperone.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.directory.RosterDiff;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.Attachment;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageState;
import org.chaperone.domain.PersonFlags;
import org.chaperone.domain.Review;
import org.chaperone.policy.SupervisionPolicy;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.Test;

/**
 * What every store engine must do for the content policy and the review queue: messages with
 * their content decision, attachment declarations and review; the queue by school; decisions that
 * happen once; the students' read model and the directory version.
 */
public interface ContentReviewStoreContract {

  /** A fresh, empty, migrated store, closed by the implementing class. */
  Store store();

  private static void importDistrict(Store store) throws Exception {
    var bundle = OneRosterReader.readZip(TestDistrict.zip());
    store.write(tx -> {
      tx.apply(RosterDiff.between(tx.loadDirectory(), bundle, SupervisionPolicy.DEFAULT, Instant.now()));
      return tx.append(new ArchiveEvent("roster.imported", "test", "roster", Instant.now(), Map.of()));
    });
  }

  private static Message insert(Store store, String channel, MessageState state, List<Attachment> attachments) {
    return store.write(tx -> {
      Instant now = Instant.now();
      long id = tx.nextMessageId(now);
      long index = tx.append(new ArchiveEvent("message.held", "teacher-1", "m/" + id, now, Map.of()));
      Message m = new Message(id, channel, "teacher-1", "text " + id, now, "", 2, index, state,
          Instant.EPOCH, false, "{}", 1, Instant.EPOCH, Instant.EPOCH, "", "{\"outcome\":\"HOLD\"}",
          attachments, Review.NONE);
      tx.insertMessage(m, List.of("s1", "g1"));
      return m;
    });
  }

  @Test
  default void contentDecisionsAttachmentsAndReviewsReadBack() throws Exception {
    Store store = store();
    importDistrict(store);
    List<Attachment> attachments = List.of(
        new Attachment("fair, \"day\" 1.jpg", "image/jpeg", List.of("s1", "s2")),
        new Attachment("notes.pdf", "", List.of()));
    Message held = insert(store, "math-101", MessageState.PENDING_REVIEW, attachments);
    Message blocked = insert(store, "math-101", MessageState.BLOCKED, List.of());

    assertThat(store.reader().message(held.id())).contains(held);
    assertThat(store.reader().message(held.id()).orElseThrow().attachments()).isEqualTo(attachments);
    assertThat(store.reader().message(blocked.id())).contains(blocked);
    // Neither reaches anyone; the sender sees both, others neither.
    assertThat(store.reader().inbox("s1", 0, "", 10)).isEmpty();
    assertThat(store.reader().messages("math-101", Long.MAX_VALUE, 10, "s1")).isEmpty();
    assertThat(store.reader().messages("math-101", Long.MAX_VALUE, 10, "teacher-1"))
        .containsExactly(blocked, held);
    // Held for review is not held for quiet hours.
    List<Message> due = store.write(tx -> tx.dueHeldMessages(Instant.now().plusSeconds(3600), 10));
    assertThat(due).isEmpty();

    Instant decided = Instant.now();
    Review review = new Review(Review.Outcome.REJECTED, "admin-1", "not appropriate", decided);
    boolean first = store.write(tx -> tx.review(held.id(), MessageState.REJECTED, review));
    assertThat(first).isTrue();
    // Decided once: a second decision changes nothing, and neither does one on a blocked message.
    Review other = new Review(Review.Outcome.RELEASED, "admin-2", "fine", decided.plusSeconds(1));
    boolean second = store.write(tx -> tx.review(held.id(), MessageState.HELD, other));
    boolean onBlocked = store.write(tx -> tx.review(blocked.id(), MessageState.HELD, other));
    assertThat(second).isFalse();
    assertThat(onBlocked).isFalse();
    Message read = store.write(tx -> tx.message(held.id())).orElseThrow();
    assertThat(read).isEqualTo(held.reviewed(MessageState.REJECTED, review));
    assertThat(read.review().reason()).isEqualTo("not appropriate");
    assertThat(store.reader().message(blocked.id()).orElseThrow().state()).isEqualTo(MessageState.BLOCKED);
  }

  @Test
  default void aReleasedMessageIsDeliveredThroughTheHeldState() throws Exception {
    Store store = store();
    importDistrict(store);
    Message held = insert(store, "math-101", MessageState.PENDING_REVIEW, List.of());
    Review review = new Review(Review.Outcome.RELEASED, "admin-1", "fine", Instant.now());
    store.write(tx -> {
      assertThat(tx.review(held.id(), MessageState.HELD, review)).isTrue();
      tx.release(held, List.of("s1", "g1"), tx.nextMessageId(Instant.now()));
      return null;
    });
    assertThat(store.reader().inbox("s1", 0, "", 10)).singleElement().satisfies(d -> {
      assertThat(d.message().state()).isEqualTo(MessageState.DELIVERED);
      assertThat(d.message().review()).isEqualTo(review);
    });
  }

  @Test
  default void theReviewQueueListsPendingMessagesOfTheGivenSchoolsOldestFirst() throws Exception {
    Store store = store();
    importDistrict(store);
    Message a = insert(store, "math-101", MessageState.PENDING_REVIEW, List.of());
    insert(store, "math-101", MessageState.BLOCKED, List.of());
    Message b = insert(store, "art-201", MessageState.PENDING_REVIEW, List.of());
    insert(store, "math-101", MessageState.HELD, List.of());

    assertThat(store.reader().messagesAwaitingReview(List.of("school-1"), 0, 10)).containsExactly(a, b);
    assertThat(store.reader().messagesAwaitingReview(List.of("school-2", "school-1"), a.id(), 10))
        .containsExactly(b);
    assertThat(store.reader().messagesAwaitingReview(List.of("school-1"), 0, 1)).containsExactly(a);
    assertThat(store.reader().messagesAwaitingReview(List.of("school-2"), 0, 10)).isEmpty();
    assertThat(store.reader().messagesAwaitingReview(List.of(), 0, 10)).isEmpty();
  }

  @Test
  default void studentsComeWithTheirFlagsAndTheDirectoryVersionFollowsImports() throws Exception {
    Store store = store();
    assertThat(store.reader().directoryVersion()).isEqualTo(-1);
    importDistrict(store);
    long imported = store.reader().directoryVersion();
    assertThat(imported).isGreaterThanOrEqualTo(0);
    store.write(tx -> {
      tx.upsertFlags(Map.of("s2", new PersonFlags(false, false, false, true)));
      return tx.append(new ArchiveEvent("directory.flags_imported", "test", "roster", Instant.now(), Map.of()));
    });
    // Other entries do not change the directory's version; imports do.
    store.write(tx -> tx.append(new ArchiveEvent("message.created", "t", "channels/x", Instant.now(), Map.of())));
    assertThat(store.reader().directoryVersion()).isEqualTo(imported + 1);

    List<StoreReader.FlaggedPerson> students = store.reader().students();
    assertThat(students).extracting(s -> s.person().id()).containsExactly("s1", "s2", "s3", "s4");
    assertThat(students.get(0).person().displayName()).isEqualTo("Sam One");
    assertThat(students).extracting(s -> s.flags().mediaRelease()).containsExactly(false, true, false, false);
  }
}
