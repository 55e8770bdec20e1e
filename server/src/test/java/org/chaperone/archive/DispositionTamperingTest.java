package org.chaperone.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chaperone.testing.SqliteTampering.exec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.VerificationReport.Check;
import org.chaperone.directory.RosterImport;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Message;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.policy.DistrictPolicyFile;
import org.chaperone.records.LegalHold;
import org.chaperone.records.RecordQuery;
import org.chaperone.records.RetentionDisposition;
import org.chaperone.store.Store;
import org.chaperone.store.jdbc.JdbcStore;
import org.chaperone.testing.Sending;
import org.chaperone.testing.SettableClock;
import org.chaperone.testing.SqliteTampering;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a retention disposition, {@code archive verify} still passes — the disposed entries keep
 * their leaf hashes, vouched for by the {@code record.disposed} entry — and it still detects
 * tampering: with a tombstone, with its leaf hash, with the disposition's list, with the texts the
 * disposition emptied, and content removed by a forged tombstone that no disposition lists.
 */
class DispositionTamperingTest {
  private static final int LEVEL = 2;

  @TempDir Path dataDir;
  private ArchiveSigner signer;
  private Store store;
  private final List<Message> old = new ArrayList<>();
  private Message recent;
  private Message held;
  private long disposition;

  @BeforeEach
  void disposeOfAYearOfMessages() throws Exception {
    signer = ArchiveSigner.openOrCreate(dataDir.resolve("archive-signing-key.pem"), "lincoln.example.org/chaperone");
    store = JdbcStore.openSqlite(dataDir);
    SettableClock clock = new SettableClock(Instant.parse("2026-01-05T16:00:00Z"));
    new RosterImport(store, clock, () -> DistrictPolicy.DEFAULT).apply("system:test",
        OneRosterReader.readZip(TestDistrict.zip()), false);
    Sending send = new Sending(store);
    Caller teacher = new Caller(store.reader().person(TestDistrict.TEACHER).orElseThrow(), "");
    ArchiveCheckpoints checkpoints = new ArchiveCheckpoints(store, new ArchiveTree(store, LEVEL), signer, clock);
    for (int i = 0; i < 6; i++) {
      old.add(send.submit(teacher, TestDistrict.MATH, "Old reminder number " + i, "old-" + i));
    }
    held = send.submit(teacher, TestDistrict.MATH, "Kept under a hold", "held");
    store.write(tx -> tx.archive().insertLegalHold(new LegalHold(0, "Doe v. District",
        new RecordQuery(List.of(), "", "", null, null, List.of("hold")), TestDistrict.ADMIN,
        clock.instant(), null, "", "")));
    checkpoints.current();
    // Messages are stamped with the system clock: dispose of everything a day old.
    DistrictPolicy policy = DistrictPolicyFile.parse("""
        policy.version = retention-test
        retention.message = P1D
        """.getBytes(StandardCharsets.UTF_8));
    SettableClock later = new SettableClock(Instant.now().plusSeconds(2 * 24 * 3600));
    RetentionDisposition.Report report = new RetentionDisposition(store, () -> policy, later).run(false);
    assertThat(report.total()).isEqualTo(6);
    disposition = report.dispositions().getFirst();
    recent = send.submit(teacher, TestDistrict.MATH, "A recent reminder", "recent");
    new ArchiveCheckpoints(store, new ArchiveTree(store, LEVEL), signer, later).current();
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

  private VerificationReport verify() {
    return new ArchiveVerifier(store, List.of(signer.publicKey()), LEVEL).verify();
  }

  private VerificationReport tamperAndVerify(SqliteTampering.Attack attack) throws Exception {
    SqliteTampering.attack(dataDir, attack);
    store = JdbcStore.openSqlite(dataDir);
    return verify();
  }

  private static byte[] payload(Connection c, long index) throws SQLException {
    return SqliteTampering.entryColumn(c, "payload", index);
  }

  private static List<String> where(VerificationReport report, Check check) {
    return report.findings().stream().filter(f -> f.check() == check).map(VerificationReport.Finding::where).toList();
  }

  @Test
  void theDisposedEntriesAreTombstonesNamingTheDispositionWhichListsTheirLeafHashes() {
    store = JdbcStore.openSqlite(dataDir);
    ArchiveEvent listing = store.archive().entry(disposition).orElseThrow().event().orElseThrow();
    List<Object> records = List.copyOf(ArchiveEntry.listDetail(listing, "records").orElseThrow());
    assertThat(records).hasSize(6);
    for (Message m : old) {
      ArchiveEntry e = store.archive().entry(m.archiveIndex()).orElseThrow();
      assertThat(e.tombstone()).hasValueSatisfying(t -> assertThat(t.disposedBy()).isEqualTo(disposition));
      assertThat(new String(e.payload(), StandardCharsets.UTF_8)).doesNotContain("reminder");
      assertThat(records).contains((Object) Map.of("record", m.archiveIndex(), "leaf_hash",
          java.util.HexFormat.of().formatHex(e.leafHash()), "event_type", "message.created",
          "record_time", e.time().toString()));
      assertThat(store.reader().message(m.id()).orElseThrow().text()).isEmpty();
    }
    assertThat(store.reader().message(recent.id()).orElseThrow().text()).isEqualTo("A recent reminder");
    assertThat(store.archive().entry(held.archiveIndex()).orElseThrow().tombstone()).isEmpty();
  }

  @Test
  void theLogRefusesAnyOtherChangeOfAnEntryAndASecondDisposition() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("chaperone.db"))) {
      long k = old.getFirst().archiveIndex();
      long live = recent.archiveIndex();
      assertThatThrownBy(() -> exec(c, "UPDATE archive_log SET payload = X'00', disposed_by = ?"
          + " WHERE leaf_index = ?", disposition + 1, k)).hasMessageContaining("append-only");
      assertThatThrownBy(() -> exec(c, "UPDATE archive_log SET payload = X'00' WHERE leaf_index = ?", live))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> exec(c, "UPDATE archive_log SET leaf_hash = X'00', disposed_by = ?"
          + " WHERE leaf_index = ?", live + 1, live)).hasMessageContaining("append-only");
      assertThatThrownBy(() -> exec(c, "DELETE FROM archive_log WHERE leaf_index = ?", k))
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void removingContentWithAForgedTombstoneIsDetectedThoughTheLeafHashStays() throws Exception {
    // The held message was recorded before the disposition, which did not list it.
    long k = held.archiveIndex();
    VerificationReport report = tamperAndVerify(c -> {
      exec(c, "UPDATE archive_log SET payload = ?, disposed_by = ? WHERE leaf_index = ?",
          Tombstone.parse(payload(c, old.getFirst().archiveIndex())).map(t -> new Tombstone(
              "message.created", TestDistrict.TEACHER, "channels/" + TestDistrict.MATH
                  + "/messages/" + held.id(), held.createTime(), disposition).bytes()).orElseThrow(),
          disposition, k);
      exec(c, "UPDATE messages SET text = '' WHERE id = ?", held.id());
    });
    assertThat(report.failedChecks()).containsExactly(Check.DISPOSITIONS);
    assertThat(report.findings()).singleElement().satisfies(f -> {
      assertThat(f.where()).isEqualTo("entry " + k);
      assertThat(f.description()).contains("does not list it");
    });
  }

  @Test
  void aTombstoneNamingAnEntryBeforeItIsDetected() throws Exception {
    long k = recent.archiveIndex();
    VerificationReport report = tamperAndVerify(c -> {
      exec(c, "UPDATE archive_log SET payload = ? WHERE leaf_index = ?", new Tombstone(
          "message.created", TestDistrict.TEACHER, "channels/" + TestDistrict.MATH + "/messages/"
              + recent.id(), recent.createTime(), disposition).bytes(), k);
      exec(c, "UPDATE messages SET text = '' WHERE id = ?", recent.id());
    });
    assertThat(report.failedChecks()).containsExactly(Check.DISPOSITIONS);
    assertThat(where(report, Check.DISPOSITIONS)).containsExactly("entry " + k);
  }

  @Test
  void pointingATombstoneAtAnotherEntryIsDetected() throws Exception {
    long k = old.get(2).archiveIndex();
    VerificationReport report = tamperAndVerify(c -> {
      Tombstone t = Tombstone.parse(payload(c, k)).orElseThrow();
      exec(c, "UPDATE archive_log SET payload = ? WHERE leaf_index = ?",
          new Tombstone(t.type(), t.actorId(), t.subject(), t.time(), recent.archiveIndex()).bytes(), k);
    });
    assertThat(report.failedChecks()).containsExactly(Check.DISPOSITIONS);
    assertThat(where(report, Check.DISPOSITIONS)).containsExactly("entry " + k, "entry " + k);
  }

  @Test
  void alteringADisposedEntrysLeafHashIsDetected() throws Exception {
    long k = old.get(1).archiveIndex();
    VerificationReport report = tamperAndVerify(c ->
        exec(c, "UPDATE archive_log SET leaf_hash = ? WHERE leaf_index = ?", new byte[32], k));
    assertThat(report.failedChecks()).contains(Check.DISPOSITIONS, Check.CHECKPOINT_ROOT);
    assertThat(where(report, Check.DISPOSITIONS)).contains("entry " + k);
  }

  @Test
  void puttingContentBackInPlaceOfATombstoneIsDetected() throws Exception {
    Message m = old.get(4);
    long k = m.archiveIndex();
    VerificationReport report = tamperAndVerify(c -> {
      byte[] fabricated = new ArchiveEvent("message.created", TestDistrict.TEACHER,
          "channels/" + TestDistrict.MATH + "/messages/" + m.id(), m.createTime(),
          Map.of("text", "Something else entirely", "sender", TestDistrict.TEACHER)).entryBytes();
      exec(c, "UPDATE archive_log SET payload = ?, disposed_by = NULL WHERE leaf_index = ?", fabricated, k);
      exec(c, "UPDATE messages SET text = 'Something else entirely' WHERE id = ?", m.id());
    });
    assertThat(report.failedChecks()).contains(Check.LEAF_HASH, Check.DISPOSITIONS);
    assertThat(where(report, Check.LEAF_HASH)).containsExactly("entry " + k);
  }

  @Test
  void restoringADisposedTextInTheMessageRowIsDetected() throws Exception {
    Message m = old.get(0);
    VerificationReport report = tamperAndVerify(c ->
        exec(c, "UPDATE messages SET text = 'Old reminder number 0' WHERE id = ?", m.id()));
    assertThat(report.failedChecks()).containsExactly(Check.MESSAGE_ROWS);
  }

  @Test
  void alteringTheDispositionsListIsDetected() throws Exception {
    VerificationReport report = tamperAndVerify(c -> {
      String json = new String(payload(c, disposition), StandardCharsets.UTF_8);
      String hash = java.util.HexFormat.of().formatHex(leafHash(c, old.get(3).archiveIndex()));
      exec(c, "UPDATE archive_log SET payload = ? WHERE leaf_index = ?",
          json.replace(hash, "00".repeat(32)).getBytes(StandardCharsets.UTF_8), disposition);
    });
    assertThat(report.failedChecks()).contains(Check.LEAF_HASH, Check.DISPOSITIONS);
    assertThat(where(report, Check.LEAF_HASH)).containsExactly("entry " + disposition);
  }

  private static byte[] leafHash(Connection c, long index) throws SQLException {
    return SqliteTampering.entryColumn(c, "leaf_hash", index);
  }
}
