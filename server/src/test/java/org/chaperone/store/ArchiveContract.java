package org.chaperone.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.ArchiveCheckpoints;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.archive.ArchiveSigner;
import org.chaperone.archive.ArchiveTree;
import org.chaperone.archive.ArchiveVerifier;
import org.chaperone.archive.Checkpoint;
import org.chaperone.archive.CheckpointNote;
import org.chaperone.archive.MerkleProofs;
import org.chaperone.archive.MerkleTree;
import org.chaperone.archive.VerificationReport;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.directory.RosterImport;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Message;
import org.chaperone.messaging.MessageSubmission;
import org.chaperone.records.RecordQuery;
import org.chaperone.records.RecordsRequest;
import org.chaperone.records.RecordsRequestKind;
import org.chaperone.testing.ReferenceMerkle;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every store engine must do for the archive: the Merkle tree over the stored log, stored
 * subtrees, checkpoints, records search, and a clean verification. Run by the same engine test
 * classes as {@link StoreContract}.
 */
public interface ArchiveContract {

  /** A fresh, empty, migrated store, closed by the implementing class. */
  Store store();

  private static void appendEvents(Store store, int count) {
    store.write(tx -> {
      long base = store.reader().archiveSize();
      for (int i = 0; i < count; i++) {
        tx.append(new ArchiveEvent("test.event", "someone", "things/" + (base + i),
            Instant.parse("2026-01-01T00:00:00Z").plusSeconds(base + i), Map.of("n", base + i)));
      }
      return null;
    });
  }

  private static List<byte[]> payloadLeafHashes(Store store) {
    List<byte[]> out = new ArrayList<>();
    for (ArchiveEntry e : store.archive().entries(0, Long.MAX_VALUE, Integer.MAX_VALUE)) {
      assertThat(e.index()).isEqualTo(out.size());
      assertThat(e.leafHash()).isEqualTo(ReferenceMerkle.leaf(e.payload()));
      out.add(e.leafHash());
    }
    return out;
  }

  /** The reference tree over in-memory leaf hashes, every subtree recomputed from them. */
  private static MerkleTree inMemory(List<byte[]> leafHashes) {
    return new MerkleTree((level, index) -> {
      int from = (int) (index << level);
      List<byte[]> nodes = new ArrayList<>(leafHashes.subList(from, from + (1 << level)));
      while (nodes.size() > 1) {
        List<byte[]> up = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i += 2) {
          up.add(ReferenceMerkle.node(nodes.get(i), nodes.get(i + 1)));
        }
        nodes = up;
      }
      return nodes.getFirst();
    });
  }

  private static void assertSameTree(ArchiveTree tree, List<byte[]> leaves) {
    MerkleTree reference = inMemory(leaves);
    int n = leaves.size();
    for (long size : new long[] {1, 2, 7, 8, 9, 63, 64, 65, n / 2, n - 1, n}) {
      assertThat(tree.root(size)).as("root %d", size).isEqualTo(reference.root(size));
    }
    for (long[] c : new long[][] {{0, n}, {1, n}, {n - 1, n}, {n / 3, n}, {7, 64}, {64, n}, {n, n}}) {
      List<byte[]> proof = tree.consistencyProof(c[0], c[1]);
      assertThat(proof).as("consistency %d→%d", c[0], c[1])
          .containsExactlyElementsOf(reference.consistencyProof(c[0], c[1]));
      assertThat(MerkleProofs.verifyConsistency(c[0], c[1], tree.root(c[0]), tree.root(c[1]), proof)).isTrue();
    }
    for (long index : new long[] {0, 1, 63, 64, n / 2, n - 2, n - 1}) {
      List<byte[]> proof = tree.inclusionProof(index, n);
      assertThat(proof).as("inclusion %d", index)
          .containsExactlyElementsOf(reference.inclusionProof(index, n));
      assertThat(MerkleProofs.verifyInclusion(leaves.get((int) index), index, n, proof, tree.root(n))).isTrue();
    }
  }

  @Test
  default void theTreeOverTheStoredLogMatchesTheReferenceBeforeAndAfterCatchingUp() {
    Store store = store();
    appendEvents(store, 300);
    List<byte[]> leaves = payloadLeafHashes(store);
    assertThat(new ArchiveTree(store).root(300)).isEqualTo(inMemory(leaves).root(300));
    assertThat(new ArchiveTree(store).root(300)).isEqualTo(ReferenceMerkle.mth(
        store.archive().entries(0, 300, 300).stream().map(ArchiveEntry::payload).toList()));

    // Subtrees of 8 leaves and up are stored: 37 blocks, then 18 + 9 + 4 + 2 + 1 ancestors.
    ArchiveTree tree = new ArchiveTree(store, 3);
    assertSameTree(tree, leaves);
    assertThat(tree.catchUp()).isEqualTo(37 + 18 + 9 + 4 + 2 + 1);
    assertThat(store.archive().treeNodeCount(3)).isEqualTo(37);
    assertThat(store.archive().treeNodeCount(8)).isEqualTo(1);
    assertThat(store.archive().treeNode(8, 0)).hasValueSatisfying(
        h -> assertThat(h).isEqualTo(inMemory(leaves).hash(0, 256)));
    assertSameTree(tree, leaves);
    assertThat(tree.catchUp()).isZero();

    // Growing: only the newly completed subtrees are added, and a second gateway's tree (no
    // memory of what is stored) agrees.
    appendEvents(store, 229);
    List<byte[]> more = payloadLeafHashes(store);
    assertThat(new ArchiveTree(store, 3).catchUp()).isEqualTo((66 - 37) + (33 - 18) + (16 - 9)
        + (8 - 4) + (4 - 2) + (2 - 1) + 1);
    assertThat(tree.catchUp()).isZero();
    assertSameTree(tree, more);
    assertSameTree(new ArchiveTree(store), more);
  }

  @Test
  default void checkpointsAreSignedOncePerSizeAndChainConsistently(@TempDir Path keys) throws IOException {
    Store store = store();
    ArchiveSigner signer = ArchiveSigner.openOrCreate(keys.resolve("archive.pem"), "test.example/log");
    ArchiveTree tree = new ArchiveTree(store, 2);
    ArchiveCheckpoints checkpoints = new ArchiveCheckpoints(store, tree, signer, Clock.systemUTC());
    Checkpoint empty = checkpoints.current();
    assertThat(empty.treeSize()).isZero();
    assertThat(empty.rootHash()).isEqualTo(MerkleTree.emptyRoot());

    appendEvents(store, 10);
    Checkpoint ten = checkpoints.current();
    assertThat(ten.treeSize()).isEqualTo(10);
    assertThat(ten.rootHash()).isEqualTo(ReferenceMerkle.mth(
        store.archive().entries(0, 10, 10).stream().map(ArchiveEntry::payload).toList()));
    assertThat(checkpoints.current().note()).as("unchanged log, same checkpoint").isEqualTo(ten.note());
    assertThat(signer.publicKey().signed(CheckpointNote.parse(ten.note()).orElseThrow())).isTrue();
    assertThat(ten.time()).isAfterOrEqualTo(empty.time());

    appendEvents(store, 7);
    Checkpoint seventeen = checkpoints.current();
    assertThat(store.archive().checkpoints(-1, 10)).extracting(Checkpoint::treeSize).containsExactly(0L, 10L, 17L);
    assertThat(store.archive().latestCheckpoint()).hasValueSatisfying(c -> {
      assertThat(c.treeSize()).isEqualTo(17);
      assertThat(c.note()).isEqualTo(seventeen.note());
      assertThat(c.rootHash()).isEqualTo(seventeen.rootHash());
      assertThat(c.time()).isEqualTo(seventeen.time());
      assertThat(c.keyId()).isEqualTo(signer.publicKey().keyIdHex());
    });
    assertThat(MerkleProofs.verifyConsistency(10, 17, ten.rootHash(), seventeen.rootHash(),
        tree.consistencyProof(10, 17))).isTrue();
    // A second signature for a size already signed is not stored; the first stands.
    Checkpoint again = signer.sign(17, seventeen.rootHash(), Instant.now());
    boolean stored = store.write(tx -> tx.archive().insertCheckpoint(again));
    assertThat(stored).isFalse();
    assertThat(store.archive().checkpoint(17)).hasValueSatisfying(c -> assertThat(c.note()).isEqualTo(seventeen.note()));
  }

  private static Caller caller(Store store, String personId) {
    return new Caller(store.reader().person(personId).orElseThrow(), "");
  }

  private static void importDistrict(Store store) throws Exception {
    new RosterImport(store, Clock.systemUTC(), () -> org.chaperone.policy.DistrictPolicy.DEFAULT).apply("system:test",
        OneRosterReader.readZip(TestDistrict.zip()), false);
  }

  @Test
  default void redactionSeesEveryPersonTheDirectoryHeldAndEveryGuardianLinkInPages() throws Exception {
    Store store = store();
    importDistrict(store);
    // s4 leaves the roster: still a person whose name records may hold.
    java.util.Map<String, String> files = TestDistrict.files();
    files.put("users.csv", files.get("users.csv").lines()
        .filter(l -> !l.startsWith(TestDistrict.S4 + ",")).collect(java.util.stream.Collectors.joining("\n")) + "\n");
    files.put("enrollments.csv", files.get("enrollments.csv").replace(
        "e-s4,active,2026-08-01T00:00:00Z,art-201,school-1,s4,student,false,,\n", ""));
    new RosterImport(store, Clock.systemUTC(), () -> org.chaperone.policy.DistrictPolicy.DEFAULT)
        .apply("system:test", OneRosterReader.readZip(TestDistrict.zip(files)), false);
    assertThat(store.reader().person(TestDistrict.S4)).isEmpty();

    List<String> ids = new ArrayList<>();
    for (String after = ""; ; ) {
      List<org.chaperone.domain.Person> page = store.archive().directoryPeople(after, 4);
      page.forEach(p -> ids.add(p.id()));
      if (page.size() < 4) {
        break;
      }
      after = page.getLast().id();
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates().hasSize(11).contains(TestDistrict.S4);
    List<org.chaperone.domain.GuardianLink> links = new ArrayList<>();
    org.chaperone.domain.GuardianLink after = new org.chaperone.domain.GuardianLink("", "");
    while (true) {
      List<org.chaperone.domain.GuardianLink> page =
          store.archive().guardianLinks(after.guardianId(), after.studentId(), 3);
      links.addAll(page);
      if (page.size() < 3) {
        break;
      }
      after = page.getLast();
    }
    assertThat(links).containsExactly(new org.chaperone.domain.GuardianLink("g1", "s1"),
        new org.chaperone.domain.GuardianLink("g2", "s1"), new org.chaperone.domain.GuardianLink("g3", "s2"),
        new org.chaperone.domain.GuardianLink("g4", "s3"));
  }

  @Test
  default void recordsSearchFindsByWordsParticipantChannelTimeAndTypeNewestFirst() throws Exception {
    Store store = store();
    importDistrict(store);
    org.chaperone.testing.Sending send = new org.chaperone.testing.Sending(store);
    Caller teacher = caller(store, TestDistrict.TEACHER);
    Message quiz = send.submit(teacher, TestDistrict.MATH, "Unit 3 quiz on Friday. Calculators allowed.", "");
    Thread.sleep(5);
    Message forms = send.submit(teacher, TestDistrict.MATH, "Field trip forms due Monday", "");
    Message reply = send.submit(caller(store, TestDistrict.S1), TestDistrict.MATH, "Can I bring my calculator?", "");
    ArchiveReader archive = store.archive();

    assertThat(indexes(archive.search(words("calculator"), Long.MAX_VALUE, 10)))
        .as("stemmed, newest first").containsExactly(reply.archiveIndex(), quiz.archiveIndex());
    assertThat(indexes(archive.search(words("FORMS", "monday"), Long.MAX_VALUE, 10))).containsExactly(forms.archiveIndex());
    assertThat(archive.search(words("forms", "tuesday"), Long.MAX_VALUE, 10)).isEmpty();
    assertThat(archive.search(words("Calculators"), reply.archiveIndex(), 10))
        .as("before an index").extracting(ArchiveEntry::index).containsExactly(quiz.archiveIndex());

    List<String> messagesOnly = List.of("message.created");
    assertThat(indexes(archive.search(new RecordQuery(messagesOnly, TestDistrict.G1, "", null, null, List.of()),
        Long.MAX_VALUE, 10))).as("received by a guardian")
        .containsExactly(reply.archiveIndex(), forms.archiveIndex(), quiz.archiveIndex());
    assertThat(indexes(archive.search(new RecordQuery(messagesOnly, TestDistrict.S1, "", null, null, List.of()),
        Long.MAX_VALUE, 10))).as("sent or received")
        .containsExactly(reply.archiveIndex(), forms.archiveIndex(), quiz.archiveIndex());
    assertThat(archive.search(new RecordQuery(messagesOnly, TestDistrict.S4, "", null, null, List.of()),
        Long.MAX_VALUE, 10)).isEmpty();
    assertThat(archive.search(new RecordQuery(List.of(), TestDistrict.S4, "", null, null, List.of()),
        Long.MAX_VALUE, 10)).extracting(ArchiveEntry::subject)
        .containsExactly("channels/" + TestDistrict.ART + "/members/" + TestDistrict.S4);
    assertThat(archive.search(new RecordQuery(List.of("channel.member_added"), "", TestDistrict.MATH, null, null,
        List.of()), Long.MAX_VALUE, 100)).hasSize(8)
        .allSatisfy(e -> assertThat(e.subject()).startsWith("channels/" + TestDistrict.MATH + "/members/"));
    assertThat(archive.search(new RecordQuery(List.of(), "", TestDistrict.ART, null, null, List.of("calculator")),
        Long.MAX_VALUE, 10)).isEmpty();
    // A channel whose id is a prefix of another's does not match the other.
    assertThat(archive.search(new RecordQuery(List.of(), "", "math", null, null, List.of()),
        Long.MAX_VALUE, 10)).isEmpty();

    RecordQuery afterQuiz = new RecordQuery(messagesOnly, "", "", quiz.createTime().plusNanos(1000), null, List.of());
    assertThat(indexes(archive.search(afterQuiz, Long.MAX_VALUE, 10)))
        .containsExactly(reply.archiveIndex(), forms.archiveIndex());
    RecordQuery untilForms = new RecordQuery(messagesOnly, "", "", quiz.createTime(), forms.createTime(), List.of());
    assertThat(indexes(archive.search(untilForms, Long.MAX_VALUE, 10))).containsExactly(quiz.archiveIndex());

    // Pages walk the index newest first.
    List<ArchiveEntry> page1 = archive.search(RecordQuery.everything(), Long.MAX_VALUE, 5);
    List<ArchiveEntry> page2 = archive.search(RecordQuery.everything(), page1.getLast().index(), 5);
    assertThat(page1).extracting(ArchiveEntry::index).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(page2.getFirst().index()).isEqualTo(page1.getLast().index() - 1);
    assertThat(page1.getFirst().index()).isEqualTo(store.reader().archiveSize() - 1);
  }

  private static RecordQuery words(String... words) {
    return new RecordQuery(List.of(), "", "", null, null, List.of(words));
  }

  private static List<Long> indexes(List<ArchiveEntry> entries) {
    return entries.stream().map(ArchiveEntry::index).toList();
  }

  @Test
  default void anUntamperedArchivePassesVerification(@TempDir Path keys) throws Exception {
    Store store = store();
    importDistrict(store);
    ArchiveSigner signer = ArchiveSigner.openOrCreate(keys.resolve("archive.pem"), "test.example/log");
    ArchiveTree tree = new ArchiveTree(store, 2);
    ArchiveCheckpoints checkpoints = new ArchiveCheckpoints(store, tree, signer, Clock.systemUTC());
    checkpoints.current();
    org.chaperone.testing.Sending send = new org.chaperone.testing.Sending(store);
    for (int i = 0; i < 12; i++) {
      send.submit(caller(store, TestDistrict.TEACHER), TestDistrict.MATH, "Reminder " + i, "r" + i);
      if (i % 5 == 0) {
        checkpoints.current();
      }
    }
    send.submit(caller(store, TestDistrict.S2), TestDistrict.MATH, "Thanks!", "");

    VerificationReport report = new ArchiveVerifier(store, List.of(signer.publicKey()), 2).verify();
    assertThat(report.findings()).isEmpty();
    assertThat(report.ok()).isTrue();
    assertThat(report.entries()).isEqualTo(store.reader().archiveSize());
    assertThat(report.checkpoints()).isEqualTo(4);
    assertThat(report.messages()).isEqualTo(13);
    assertThat(report.uncovered()).isEqualTo(store.reader().archiveSize()
        - store.archive().latestCheckpoint().orElseThrow().treeSize());
    assertThat(store.archive().treeNodeCount(2)).isPositive();

    // Without the signing key, the signatures are not trusted.
    ArchiveSigner stranger = ArchiveSigner.openOrCreate(keys.resolve("stranger.pem"), "test.example/log");
    VerificationReport untrusted = new ArchiveVerifier(store, List.of(stranger.publicKey()), 2).verify();
    assertThat(untrusted.failedChecks()).containsExactly(VerificationReport.Check.CHECKPOINT_SIGNATURE);
  }

  @Test
  default void recordsRequestsAreStoredListedAndClosedOnce() {
    Store store = store();
    Instant created = Instant.parse("2026-03-02T09:00:00.123456Z");
    RecordQuery scope = new RecordQuery(List.of("message.created"), "", TestDistrict.MATH,
        Instant.parse("2026-01-01T00:00:00Z"), null, List.of("quiz", "friday"));
    RecordsRequest draft = new RecordsRequest(0, RecordsRequestKind.FERPA_INSPECTION,
        "Gina One, parent of s1", List.of(TestDistrict.S1, "weird id ü"), "All messages about Sam",
        java.time.LocalDate.of(2026, 3, 2), java.time.LocalDate.of(2026, 4, 16),
        RecordsRequest.State.OPEN, scope, TestDistrict.ADMIN, created, null, "");
    long first = store.write(tx -> tx.archive().insertRecordsRequest(draft));
    long second = store.write(tx -> tx.archive().insertRecordsRequest(draft));
    assertThat(second).isGreaterThan(first);
    RecordsRequest read = store.archive().recordsRequest(first).orElseThrow();
    assertThat(read).isEqualTo(new RecordsRequest(first, draft.kind(), draft.requester(), draft.subjects(),
        draft.description(), draft.receivedDate(), draft.dueDate(), draft.state(), scope,
        draft.creatorId(), created, null, ""));

    Instant closed = Instant.parse("2026-03-05T10:00:00Z");
    boolean closedOnce = store.write(tx -> tx.archive().closeRecordsRequest(first, closed, "fulfilled"));
    boolean closedTwice = store.write(tx -> tx.archive().closeRecordsRequest(first, closed, "again"));
    boolean closedMissing = store.write(tx -> tx.archive().closeRecordsRequest(999_999, closed, "x"));
    assertThat(closedOnce).isTrue();
    assertThat(closedTwice).isFalse();
    assertThat(closedMissing).isFalse();
    assertThat(store.archive().recordsRequest(first)).hasValueSatisfying(r -> {
      assertThat(r.state()).isEqualTo(RecordsRequest.State.CLOSED);
      assertThat(r.closeTime()).isEqualTo(closed);
      assertThat(r.closeReason()).isEqualTo("fulfilled");
    });
    assertThat(store.archive().recordsRequests(null, Long.MAX_VALUE, 10)).extracting(RecordsRequest::id)
        .containsExactly(second, first);
    assertThat(store.archive().recordsRequests(RecordsRequest.State.OPEN, Long.MAX_VALUE, 10))
        .extracting(RecordsRequest::id).containsExactly(second);
    assertThat(store.archive().recordsRequests(null, second, 10)).extracting(RecordsRequest::id)
        .containsExactly(first);
    assertThat(store.archive().recordsRequest(second + 1)).isEmpty();
  }
}
