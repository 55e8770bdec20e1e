package org.chaperone.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.Errors.assertRejected;
import static org.chaperone.testing.Errors.violatedFields;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.chaperone.api.v1.ArchiveServiceGrpc.ArchiveServiceBlockingStub;
import org.chaperone.api.v1.Checkpoint;
import org.chaperone.api.v1.ConsistencyProof;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.GetCheckpointRequest;
import org.chaperone.api.v1.GetConsistencyProofRequest;
import org.chaperone.api.v1.GetInclusionProofRequest;
import org.chaperone.api.v1.GetRecordRequest;
import org.chaperone.api.v1.InclusionProof;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.Record;
import org.chaperone.api.v1.SearchRecordsRequest;
import org.chaperone.api.v1.SearchRecordsResponse;
import org.chaperone.app.GatewaySettings;
import org.chaperone.archive.ArchivePublicKey;
import org.chaperone.archive.CheckpointNote;
import org.chaperone.archive.MerkleProofs;
import org.chaperone.store.Store;
import org.chaperone.store.jdbc.JdbcStore;
import org.chaperone.testing.ReferenceMerkle;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ArchiveService} through the production wiring: checkpoints and proofs a client verifies
 * on its own, records search and views that are themselves archived, and who may do what.
 * The principal ({@code admin-1}) is the records officer; {@code teacher-1} is listed too, but
 * a teacher cannot be one.
 */
class ArchiveServiceTest {
  private static final String OFFICER = TestDistrict.ADMIN;

  @TempDir Path dataDir;
  private TestGateway gateway;

  private static GatewaySettings settings(Path dataDir, Set<String> officers, Duration interval) {
    return GatewaySettings.development(dataDir, 0).withDemoDistrict(false).withArchive(
        GatewaySettings.Archive.defaults().withRecordsOfficers(officers).withCheckpointInterval(interval));
  }

  @BeforeEach
  void start() {
    gateway = TestGateway.start(settings(dataDir, Set.of(OFFICER, TestDistrict.TEACHER), Duration.ZERO));
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private Message send(String text) {
    Message sent = gateway.messages(TestDistrict.TEACHER).createMessage(CreateMessageRequest.newBuilder()
        .setParent("channels/" + TestDistrict.MATH).setMessage(Message.newBuilder().setText(text)).build());
    // The guardians' email copies append their outcomes to the archive once sent; let them land so
    // that the log's size is stable for the assertions.
    gateway.awaitEmailsSettled();
    return sent;
  }

  private ArchiveServiceBlockingStub officer() {
    return gateway.archive(OFFICER);
  }

  private long archiveSize() {
    return gateway.gateway().store().reader().archiveSize();
  }

  private static List<byte[]> bytes(List<ByteString> hashes) {
    return hashes.stream().map(ByteString::toByteArray).toList();
  }

  private Record onlyMessageWith(String words) {
    SearchRecordsResponse found = officer().searchRecords(SearchRecordsRequest.newBuilder()
        .addEventTypes("message.created").setWords(words).build());
    assertThat(found.getRecordsList()).hasSize(1);
    return found.getRecords(0);
  }

  @Test
  void checkpointsAndProofsVerifyOnTheClientSide() {
    send("Unit 3 quiz on Friday. Calculators allowed.");
    Checkpoint first = officer().getCheckpoint(GetCheckpointRequest.getDefaultInstance());
    assertThat(first.getTreeSize()).isEqualTo(archiveSize());
    ArchivePublicKey key = ArchivePublicKey.parse(first.getVerifierKey());
    assertThat(key).isEqualTo(gateway.gateway().checkpoints().publicKey());
    assertThat(first.getOrigin()).isEqualTo(GatewaySettings.Archive.DEFAULT_ORIGIN).isEqualTo(key.name());
    CheckpointNote.Parsed note = CheckpointNote.parse(first.getNote()).orElseThrow();
    assertThat(key.signed(note)).isTrue();
    assertThat(note.body().treeSize()).isEqualTo(first.getTreeSize());
    assertThat(note.body().rootHash()).isEqualTo(first.getRootHash().toByteArray());
    assertThat(first.getKeyId()).isEqualTo(key.keyIdHex());

    Record quiz = onlyMessageWith("calculators");
    assertThat(quiz.getLeafHash().toByteArray()).isEqualTo(ReferenceMerkle.leaf(quiz.getEntry().toByteArray()));
    assertThat(quiz.getEntry().toStringUtf8()).contains("\"text\":\"Unit 3 quiz on Friday. Calculators allowed.\"");
    InclusionProof inclusion = officer().getInclusionProof(GetInclusionProofRequest.newBuilder()
        .setLeafIndex(quiz.getLeafIndex()).setTreeSize(first.getTreeSize()).build());
    assertThat(inclusion.getLeafHash()).isEqualTo(quiz.getLeafHash());
    assertThat(MerkleProofs.verifyInclusion(quiz.getLeafHash().toByteArray(), quiz.getLeafIndex(),
        first.getTreeSize(), bytes(inclusion.getHashesList()), first.getRootHash().toByteArray())).isTrue();

    send("Field trip forms due Monday");
    Checkpoint second = officer().getCheckpoint(GetCheckpointRequest.getDefaultInstance());
    assertThat(second.getTreeSize()).isGreaterThan(first.getTreeSize()).isEqualTo(archiveSize());
    assertThat(officer().getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getNote())
        .as("nothing new since: the same checkpoint").isEqualTo(second.getNote());
    ConsistencyProof consistency = officer().getConsistencyProof(GetConsistencyProofRequest.newBuilder()
        .setFirstTreeSize(first.getTreeSize()).setSecondTreeSize(second.getTreeSize()).build());
    assertThat(MerkleProofs.verifyConsistency(first.getTreeSize(), second.getTreeSize(),
        first.getRootHash().toByteArray(), second.getRootHash().toByteArray(),
        bytes(consistency.getHashesList()))).isTrue();
    // The earlier record is still provably in the larger tree.
    InclusionProof later = officer().getInclusionProof(GetInclusionProofRequest.newBuilder()
        .setLeafIndex(quiz.getLeafIndex()).setTreeSize(second.getTreeSize()).build());
    assertThat(MerkleProofs.verifyInclusion(quiz.getLeafHash().toByteArray(), quiz.getLeafIndex(),
        second.getTreeSize(), bytes(later.getHashesList()), second.getRootHash().toByteArray())).isTrue();
    assertThat(officer().getCheckpoint(GetCheckpointRequest.newBuilder()
        .setTreeSize(first.getTreeSize()).build()).getNote()).isEqualTo(first.getNote());
  }

  @Test
  void everySearchAndEveryViewIsArchivedBeforeTheAnswer() {
    Message sent = send("Permission slips for the museum visit");
    long before = archiveSize();
    SearchRecordsResponse found = officer().searchRecords(SearchRecordsRequest.newBuilder()
        .setWords("museum").setParticipant("people/" + TestDistrict.S2).build());
    assertThat(found.getRecordsList()).singleElement().satisfies(r -> {
      assertThat(r.getEventType()).isEqualTo("message.created");
      assertThat(r.getSubject()).isEqualTo(sent.getName());
      assertThat(r.getActorId()).isEqualTo(TestDistrict.TEACHER);
      assertThat(r.getName()).isEqualTo("records/" + r.getLeafIndex());
    });
    assertThat(archiveSize()).isEqualTo(before + 1);
    assertThat(found.getAuditRecord()).isEqualTo("records/" + before);

    Record view = officer().getRecord(GetRecordRequest.newBuilder().setName(found.getAuditRecord()).build());
    assertThat(view.getEventType()).isEqualTo("records.searched");
    assertThat(view.getActorId()).isEqualTo(OFFICER);
    assertThat(view.getEntry().toStringUtf8()).contains(
        "\"results\":[" + found.getRecords(0).getLeafIndex() + "]", "\"words\":[\"museum\"]",
        "\"participant\":\"" + TestDistrict.S2 + "\"");
    assertThat(archiveSize()).isEqualTo(before + 2);
    Record viewed = officer().getRecord(GetRecordRequest.newBuilder().setName("records/" + (before + 1)).build());
    assertThat(viewed.getEventType()).isEqualTo("records.viewed");
    assertThat(viewed.getSubject()).isEqualTo("records/" + before);
    assertThat(archiveSize()).isEqualTo(before + 3);
  }

  @Test
  void searchesPageNewestFirstWithTokensBoundToTheQuery() {
    for (int i = 0; i < 4; i++) {
      send("Homework reminder " + i);
    }
    SearchRecordsRequest query = SearchRecordsRequest.newBuilder().setPageSize(3).build();
    List<Long> seen = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      SearchRecordsResponse page = officer().searchRecords(query.toBuilder().setPageToken(token).build());
      page.getRecordsList().forEach(r -> seen.add(r.getLeafIndex()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty() && pages < 100);
    long firstSearch = seen.getFirst() + 1;
    assertThat(seen).as("every record up to the first search, newest first, once")
        .isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates()
        .hasSize((int) firstSearch).endsWith(0L);

    SearchRecordsResponse words = officer().searchRecords(SearchRecordsRequest.newBuilder()
        .setWords("homework").setPageSize(2).build());
    assertThat(words.getRecordsList()).extracting(Record::getSubject).hasSize(2);
    assertRejected(() -> officer().searchRecords(SearchRecordsRequest.newBuilder().setWords("reminder")
        .setPageSize(2).setPageToken(words.getNextPageToken()).build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN");
    SearchRecordsResponse rest = officer().searchRecords(SearchRecordsRequest.newBuilder()
        .setWords("homework").setPageSize(2).setPageToken(words.getNextPageToken()).build());
    assertThat(rest.getRecordsList()).hasSize(2);
    assertThat(rest.getNextPageToken()).isEmpty();
    assertThat(rest.getRecords(0).getLeafIndex()).isLessThan(words.getRecords(1).getLeafIndex());
  }

  @Test
  void onlyRecordsOfficersSearchAndOnlyTheyAndAdministratorsGetProofs() {
    send("Hello class");
    for (String person : List.of(TestDistrict.TEACHER, TestDistrict.S1, TestDistrict.G1)) {
      assertRejected(() -> gateway.archive(person).searchRecords(SearchRecordsRequest.getDefaultInstance()),
          Status.Code.PERMISSION_DENIED, "RECORDS_OFFICER_REQUIRED");
      assertRejected(() -> gateway.archive(person).getRecord(GetRecordRequest.newBuilder().setName("records/0").build()),
          Status.Code.PERMISSION_DENIED, "RECORDS_OFFICER_REQUIRED");
      assertRejected(() -> gateway.archive(person).getCheckpoint(GetCheckpointRequest.getDefaultInstance()),
          Status.Code.PERMISSION_DENIED, "RECORDS_OFFICER_REQUIRED");
      assertRejected(() -> gateway.archive(person).getConsistencyProof(GetConsistencyProofRequest.newBuilder()
          .setSecondTreeSize(1).build()), Status.Code.PERMISSION_DENIED, "RECORDS_OFFICER_REQUIRED");
    }
    gateway.close();
    // The same principal on a gateway that names no records officer: proofs yes, records no.
    gateway = TestGateway.start(settings(dataDir, Set.of(), Duration.ZERO));
    ArchiveServiceBlockingStub principal = gateway.archive(TestDistrict.ADMIN);
    assertThat(principal.getCheckpoint(GetCheckpointRequest.getDefaultInstance()).getTreeSize()).isPositive();
    assertThat(principal.getInclusionProof(GetInclusionProofRequest.newBuilder().setLeafIndex(0)
        .setTreeSize(2).build()).getHashesCount()).isEqualTo(1);
    assertRejected(() -> principal.searchRecords(SearchRecordsRequest.getDefaultInstance()),
        Status.Code.PERMISSION_DENIED, "RECORDS_OFFICER_REQUIRED");
  }

  @Test
  void malformedAndImpossibleRequestsAreRefusedWithTheirField() {
    send("Hello class");
    long size = archiveSize();
    assertThat(violatedFields(assertRejected(() -> officer().getInclusionProof(GetInclusionProofRequest.newBuilder()
        .setLeafIndex(size).setTreeSize(size).build()), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD")))
        .containsExactly("leaf_index");
    assertThat(violatedFields(assertRejected(() -> officer().getInclusionProof(GetInclusionProofRequest.newBuilder()
        .setLeafIndex(0).setTreeSize(size + 1).build()), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD")))
        .containsExactly("tree_size");
    assertThat(violatedFields(assertRejected(() -> officer().getInclusionProof(GetInclusionProofRequest.newBuilder()
        .setLeafIndex(0).build()), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("tree_size");
    assertThat(violatedFields(assertRejected(() -> officer().getInclusionProof(GetInclusionProofRequest.newBuilder()
        .setLeafIndex(-1).setTreeSize(1).build()), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD")))
        .containsExactly("leaf_index");
    assertThat(violatedFields(assertRejected(() -> officer().getConsistencyProof(GetConsistencyProofRequest.newBuilder()
        .setFirstTreeSize(3).setSecondTreeSize(2).build()), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD")))
        .containsExactly("first_tree_size");
    assertThat(officer().getConsistencyProof(GetConsistencyProofRequest.newBuilder()
        .setFirstTreeSize(0).setSecondTreeSize(size).build()).getHashesCount()).isZero();
    assertRejected(() -> officer().getCheckpoint(GetCheckpointRequest.newBuilder().setTreeSize(size + 5).build()),
        Status.Code.NOT_FOUND, "CHECKPOINT_NOT_FOUND");
    assertThat(violatedFields(assertRejected(() -> officer().getRecord(GetRecordRequest.newBuilder()
        .setName("records/first").build()), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("name");
    assertRejected(() -> officer().getRecord(GetRecordRequest.newBuilder().setName("records/" + (size + 100)).build()),
        Status.Code.NOT_FOUND, "RECORD_NOT_FOUND");
    assertThat(violatedFields(assertRejected(() -> officer().searchRecords(SearchRecordsRequest.newBuilder()
        .addEventTypes("Message Created").build()), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD")))
        .containsExactly("event_types");
    assertThat(violatedFields(assertRejected(() -> officer().searchRecords(SearchRecordsRequest.newBuilder()
        .setWords("?!").build()), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("words");
    assertThat(violatedFields(assertRejected(() -> officer().searchRecords(SearchRecordsRequest.newBuilder()
        .setParticipant("s1").build()), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("participant");
    assertThat(violatedFields(assertRejected(() -> officer().searchRecords(SearchRecordsRequest.newBuilder()
        .setStartTime(Timestamp.newBuilder().setSeconds(2_000_000_000L))
        .setEndTime(Timestamp.newBuilder().setSeconds(1_000_000_000L)).build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("end_time");
    assertThat(violatedFields(assertRejected(() -> officer().searchRecords(SearchRecordsRequest.newBuilder()
        .setStartTime(Timestamp.newBuilder().setNanos(-1)).build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("start_time");
    // Words that would be query syntax to the full-text engine are just words.
    assertThat(officer().searchRecords(SearchRecordsRequest.newBuilder()
        .setWords("\"hello\" OR class* NEAR(x) -- ' ;").build()).getRecordsList()).isEmpty();
    assertThat(officer().searchRecords(SearchRecordsRequest.newBuilder()
        .setWords("\"hello\" class").build()).getRecordsList()).hasSize(1);
  }

  @Test
  void theGatewaySignsCheckpointsOnItsOwnAndWhenItStops() throws Exception {
    gateway.close();
    gateway = TestGateway.start(settings(dataDir, Set.of(OFFICER), Duration.ofMillis(100)));
    send("Good morning");
    Store store = gateway.gateway().store();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (store.archive().latestCheckpoint().map(c -> c.treeSize()).orElse(-1L) != store.reader().archiveSize()
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(store.archive().latestCheckpoint()).hasValueSatisfying(
        c -> assertThat(c.treeSize()).isEqualTo(store.reader().archiveSize()));

    gateway.close();
    gateway = TestGateway.start(settings(dataDir, Set.of(OFFICER), Duration.ZERO));
    send("One more before closing");
    long size = archiveSize();
    gateway.close();
    gateway = null;
    try (Store reopened = JdbcStore.openSqlite(dataDir)) {
      assertThat(reopened.archive().latestCheckpoint()).hasValueSatisfying(
          c -> assertThat(c.treeSize()).isEqualTo(size));
      assertThat(reopened.archive().latestCheckpoint().orElseThrow().note())
          .startsWith(GatewaySettings.Archive.DEFAULT_ORIGIN + "\n" + size + "\n");
    }
    assertThat(new String(java.nio.file.Files.readAllBytes(dataDir.resolve("archive-signing-key.pem")),
        StandardCharsets.US_ASCII)).contains("PRIVATE KEY");
  }
}
