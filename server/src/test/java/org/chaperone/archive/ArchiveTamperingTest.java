package org.chaperone.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chaperone.testing.SqliteTampering.exec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.VerificationReport.Check;
import org.chaperone.cli.ChaperoneCommand;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.directory.RosterImport;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Message;
import org.chaperone.domain.RequestRejected;
import org.chaperone.messaging.MessageSubmission;
import org.chaperone.store.Store;
import org.chaperone.store.jdbc.JdbcStore;
import org.chaperone.testing.CommandRun;
import org.chaperone.testing.SqliteTampering;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker with write access to the SQLite file changes, removes, reorders and inserts rows
 * (dropping the append-only triggers first, as they could); {@code archive verify} must detect
 * each and name the check that failed and the row concerned.
 */
class ArchiveTamperingTest {
  private static final int LEVEL = 2;
  private static final String ORIGIN = "lincoln.example.org/chaperone";

  @TempDir Path dataDir;
  private Path keyFile;
  private ArchiveSigner signer;
  private Store store;
  private List<Message> sent;

  @BeforeEach
  void buildAnArchive() throws Exception {
    keyFile = dataDir.resolve("archive-signing-key.pem");
    signer = ArchiveSigner.openOrCreate(keyFile, ORIGIN);
    store = JdbcStore.openSqlite(dataDir);
    new RosterImport(store, Clock.systemUTC(), () -> org.chaperone.policy.DistrictPolicy.DEFAULT).apply("system:test",
        OneRosterReader.readZip(TestDistrict.zip()), false);
    ArchiveCheckpoints checkpoints = checkpoints();
    checkpoints.current();
    org.chaperone.testing.Sending send = new org.chaperone.testing.Sending(store);
    Caller teacher = new Caller(store.reader().person(TestDistrict.TEACHER).orElseThrow(), "");
    List<Message> messages = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      messages.add(send.submit(teacher, TestDistrict.MATH, "Reminder number " + i, "req-" + i));
      if (i % 4 == 3) {
        checkpoints.current();
      }
    }
    checkpoints.current();
    sent = List.copyOf(messages);
    assertThat(verify().findings()).isEmpty();
    store.close();
    store = null;
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private ArchiveCheckpoints checkpoints() {
    return new ArchiveCheckpoints(store, new ArchiveTree(store, LEVEL), signer, Clock.systemUTC());
  }

  private VerificationReport verify() {
    return new ArchiveVerifier(store, List.of(signer.publicKey()), LEVEL).verify();
  }

  /** Tampers with the database file directly, then reopens the store and verifies it. */
  private VerificationReport tamperAndVerify(SqliteTampering.Attack attack) throws Exception {
    SqliteTampering.attack(dataDir, attack);
    store = JdbcStore.openSqlite(dataDir);
    return verify();
  }

  private static byte[] payload(Connection c, long index) throws SQLException {
    return SqliteTampering.entryColumn(c, "payload", index);
  }

  private static byte[] rewriteText(byte[] payload, String from, String to) {
    String json = new String(payload, StandardCharsets.UTF_8);
    assertThat(json).contains(from);
    return json.replace(from, to).getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> where(VerificationReport report, Check check) {
    return report.findings().stream().filter(f -> f.check() == check).map(VerificationReport.Finding::where).toList();
  }

  @Test
  void alteringAnEntryIsDetectedByItsLeafHashAndTheSignedRoot() throws Exception {
    long k = sent.get(3).archiveIndex();
    VerificationReport report = tamperAndVerify(c -> exec(c,
        "UPDATE archive_log SET payload = ? WHERE leaf_index = ?",
        rewriteText(payload(c, k), "Reminder number 3", "Reminder number 4"), k));
    // The stored subtrees above it were computed from the original entry: they no longer match.
    assertThat(report.failedChecks()).containsExactlyInAnyOrder(Check.LEAF_HASH, Check.CHECKPOINT_ROOT,
        Check.MESSAGE_ROWS, Check.TREE_NODES);
    assertThat(where(report, Check.LEAF_HASH)).containsExactly("entry " + k);
    assertThat(where(report, Check.MESSAGE_ROWS)).containsExactly(
        "channels/" + TestDistrict.MATH + "/messages/" + sent.get(3).id());
  }

  @Test
  void alteringAnEntryAndItsLeafHashIsDetectedByTheSignedRoot() throws Exception {
    long k = sent.get(3).archiveIndex();
    VerificationReport report = tamperAndVerify(c -> {
      byte[] forged = rewriteText(payload(c, k), "Reminder number 3", "Reminder number 4");
      exec(c, "UPDATE archive_log SET payload = ?, leaf_hash = ? WHERE leaf_index = ?",
          forged, LogHashes.leafHash(forged), k);
      exec(c, "UPDATE messages SET text = 'Reminder number 4' WHERE id = ?", sent.get(3).id());
    });
    assertThat(report.failedChecks()).contains(Check.CHECKPOINT_ROOT).doesNotContain(Check.LEAF_HASH,
        Check.MESSAGE_ROWS);
    // Every checkpoint from the one after the change on no longer matches.
    assertThat(where(report, Check.CHECKPOINT_ROOT)).isNotEmpty()
        .allSatisfy(w -> assertThat(Long.parseLong(w.substring("checkpoint ".length()))).isGreaterThan(k));
  }

  @Test
  void alteringOnlyTheQueryColumnsIsDetected() throws Exception {
    long k = sent.get(0).archiveIndex();
    VerificationReport report = tamperAndVerify(c ->
        exec(c, "UPDATE archive_log SET actor_id = ?, subject = ? WHERE leaf_index = ?",
            TestDistrict.ART_TEACHER, "channels/art-201/messages/1", k));
    assertThat(report.failedChecks()).containsExactly(Check.ENTRY_COLUMNS);
    assertThat(report.findings()).singleElement().satisfies(f -> {
      assertThat(f.where()).isEqualTo("entry " + k);
      assertThat(f.description()).contains("actor", "subject");
    });
  }

  @Test
  void removingAnEntryIsDetected() throws Exception {
    long k = sent.get(5).archiveIndex();
    VerificationReport report = tamperAndVerify(c -> exec(c, "DELETE FROM archive_log WHERE leaf_index = ?", k));
    assertThat(report.failedChecks()).contains(Check.LOG_HEAD, Check.LEAF_SEQUENCE, Check.CHECKPOINT_ROOT,
        Check.MESSAGE_ROWS);
    assertThat(where(report, Check.LEAF_SEQUENCE)).containsExactly("entry " + k);
  }

  @Test
  void removingTheNewestEntriesAndRewindingTheHeadIsDetectedByTheLastCheckpoint() throws Exception {
    long size;
    try (Store s = JdbcStore.openSqlite(dataDir)) {
      size = s.reader().archiveSize();
    }
    VerificationReport report = tamperAndVerify(c -> {
      exec(c, "DELETE FROM archive_log WHERE leaf_index >= ?", size - 2);
      exec(c, "DELETE FROM messages WHERE archive_index >= ?", size - 2);
      exec(c, "UPDATE log_head SET tree_size = ?", size - 2);
    });
    // The last checkpoint and the stored subtrees over the removed entries give it away.
    assertThat(report.failedChecks()).containsExactlyInAnyOrder(Check.CHECKPOINT_ROOT, Check.TREE_NODES);
    assertThat(report.findings()).filteredOn(f -> f.check() == Check.CHECKPOINT_ROOT).singleElement()
        .satisfies(f -> {
          assertThat(f.where()).isEqualTo("checkpoint " + size);
          assertThat(f.description()).contains("entries removed");
        });
    // The gateway refuses to sign over the gap it would otherwise paper over.
    assertThatThrownBy(() -> checkpoints().current()).isInstanceOfSatisfying(RequestRejected.class,
        r -> assertThat(r.reason()).isEqualTo(ErrorReason.ARCHIVE_INCONSISTENT));
  }

  @Test
  void reorderingTwoEntriesIsDetected() throws Exception {
    long a = sent.get(6).archiveIndex();
    long b = sent.get(7).archiveIndex();
    VerificationReport report = tamperAndVerify(c -> {
      exec(c, "UPDATE archive_log SET leaf_index = -1 WHERE leaf_index = ?", a);
      exec(c, "UPDATE archive_log SET leaf_index = ? WHERE leaf_index = ?", a, b);
      exec(c, "UPDATE archive_log SET leaf_index = ? WHERE leaf_index = -1", b);
      // The attacker also swaps the messages' pointers, so the message rows still agree.
      exec(c, "UPDATE messages SET archive_index = -1 WHERE archive_index = ?", a);
      exec(c, "UPDATE messages SET archive_index = ? WHERE archive_index = ?", a, b);
      exec(c, "UPDATE messages SET archive_index = ? WHERE archive_index = -1", b);
    });
    // Every row is self-consistent; only the tree's shape over them has changed.
    assertThat(report.failedChecks()).contains(Check.CHECKPOINT_ROOT, Check.CHECKPOINT_CONSISTENCY)
        .doesNotContain(Check.LEAF_HASH, Check.LEAF_SEQUENCE, Check.ENTRY_COLUMNS, Check.MESSAGE_ROWS);
  }

  @Test
  void insertingAnEntryIsDetected() throws Exception {
    long k = sent.get(2).archiveIndex();
    VerificationReport report = tamperAndVerify(c -> {
      // Renumber every later entry up by one (through negatives, avoiding key clashes) ...
      exec(c, "UPDATE archive_log SET leaf_index = -leaf_index - 1 WHERE leaf_index >= ?", k);
      exec(c, "UPDATE archive_log SET leaf_index = -leaf_index WHERE leaf_index < 0");
      exec(c, "UPDATE messages SET archive_index = archive_index + 1 WHERE archive_index >= ?", k);
      // ... and slip a well-formed, correctly hashed entry into the gap.
      ArchiveEvent forged = new ArchiveEvent("channel.member_removed", "system:test",
          "channels/math-101/members/g1", Instant.parse("2026-01-01T00:00:00Z"), Map.of("reason", "forged"));
      exec(c, "INSERT INTO archive_log (leaf_index, event_type, actor_id, subject, recorded_time,"
              + " payload, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?)", k, forged.type(), forged.actorId(),
          forged.subject(), 1_767_225_600_000_000L, forged.entryBytes(), LogHashes.leafHash(forged.entryBytes()));
      exec(c, "UPDATE log_head SET tree_size = tree_size + 1");
    });
    assertThat(report.failedChecks()).contains(Check.CHECKPOINT_ROOT)
        .doesNotContain(Check.LEAF_HASH, Check.LEAF_SEQUENCE, Check.LOG_HEAD, Check.ENTRY_COLUMNS);
  }

  @Test
  void changingOrRemovingAMessageRowIsDetected() throws Exception {
    Message changed = sent.get(1);
    Message removed = sent.get(8);
    VerificationReport report = tamperAndVerify(c -> {
      exec(c, "UPDATE messages SET text = 'Nothing to see here' WHERE id = ?", changed.id());
      exec(c, "DELETE FROM messages WHERE id = ?", removed.id());
    });
    assertThat(report.failedChecks()).containsExactly(Check.MESSAGE_ROWS);
    assertThat(report.findings()).extracting(VerificationReport.Finding::where).containsExactly(
        "channels/" + TestDistrict.MATH + "/messages/" + changed.id(), "entry " + removed.archiveIndex());
    assertThat(report.findings().getFirst().description()).contains("text");
  }

  @Test
  void alteredAndForgedCheckpointsAreDetected() throws Exception {
    ArchiveSigner stranger = ArchiveSigner.openOrCreate(dataDir.resolve("stranger.pem"), ORIGIN);
    VerificationReport report = tamperAndVerify(c -> {
      exec(c, "UPDATE archive_checkpoints SET signed_time = signed_time - 1000000"
          + " WHERE tree_size = (SELECT MIN(tree_size) FROM archive_checkpoints WHERE tree_size > 0)");
      // A checkpoint with the right root, but signed by someone else's key.
      long size;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT MAX(tree_size) FROM archive_checkpoints")) {
        rs.next();
        size = rs.getLong(1);
      }
      Checkpoint real;
      try (PreparedStatement ps = c.prepareStatement("SELECT root_hash FROM archive_checkpoints WHERE tree_size = ?")) {
        ps.setLong(1, size);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          real = stranger.sign(size, rs.getBytes(1), Instant.now());
        }
      }
      exec(c, "UPDATE archive_checkpoints SET note = ?, key_id = ?, signed_time = ? WHERE tree_size = ?",
          real.note(), real.keyId(), real.time().getEpochSecond() * 1_000_000 + real.time().getNano() / 1000, size);
    });
    assertThat(report.failedChecks()).containsExactly(Check.CHECKPOINT_SIGNATURE);
    assertThat(where(report, Check.CHECKPOINT_SIGNATURE)).hasSize(2);
    assertThat(report.findings()).anySatisfy(f -> assertThat(f.description()).contains("not signed by a trusted key"));
  }

  @Test
  void alteredStoredSubtreesAreDetected() throws Exception {
    VerificationReport report = tamperAndVerify(c ->
        exec(c, "UPDATE archive_tree_nodes SET hash = ? WHERE level = ? AND node_index = 1",
            new byte[32], LEVEL));
    assertThat(report.failedChecks()).contains(Check.TREE_NODES);
    assertThat(where(report, Check.TREE_NODES)).containsExactly("subtree (level 2, index 1)");
  }

  @Test
  void theCommandLineNamesTheFailedCheckAndExitsNonZero() throws Exception {
    // The CLI uses the production tree layout; drop the test's small subtrees first.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("chaperone.db"));
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM archive_tree_nodes");
    }
    String[] args = {"archive", "verify", "--data-dir", dataDir.toString(), "--archive-origin", ORIGIN};
    CommandRun clean = cli(args);
    assertThat(clean.exit()).as(clean.out()).isZero();
    assertThat(clean.out()).contains("OK: every check passed");

    long k = sent.get(4).archiveIndex();
    tamperAndVerify(c -> exec(c, "UPDATE archive_log SET payload = ? WHERE leaf_index = ?",
        rewriteText(payload(c, k), "Reminder number 4", "Reminder number 5"), k));
    store.close();
    store = null;
    CommandRun tampered = cli(args);
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.out()).contains("FAILED: leaf-hash, checkpoint-root, message-rows",
        "leaf-hash: entry " + k + ": ");

    CommandRun untrusted = cli("archive", "verify", "--data-dir", dataDir.toString(), "--trusted-key",
        ArchiveSigner.openOrCreate(dataDir.resolve("other.pem"), ORIGIN).publicKey().encoded());
    assertThat(untrusted.out()).contains("checkpoint-signature");
  }

  private static CommandRun cli(String... args) {
    return CommandRun.of(args);
  }
}
