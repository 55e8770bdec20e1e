package org.chaperone.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.Errors.assertRejected;
import static org.chaperone.testing.Errors.violatedFields;
import static org.chaperone.testing.ProductionZips.export;
import static org.chaperone.testing.ProductionZips.manifest;
import static org.chaperone.testing.ProductionZips.relist;
import static org.chaperone.testing.ProductionZips.tamper;
import static org.chaperone.testing.ProductionZips.unzip;

import com.google.type.Date;
import io.grpc.Status;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.chaperone.api.v1.ArchiveServiceGrpc.ArchiveServiceBlockingStub;
import org.chaperone.api.v1.CloseRecordsRequestRequest;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.CreateRecordsRequestRequest;
import org.chaperone.api.v1.ExportProductionRequest;
import org.chaperone.api.v1.GetRecordRequest;
import org.chaperone.api.v1.GetRecordsRequestRequest;
import org.chaperone.api.v1.ListRecordsRequestsRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.Production;
import org.chaperone.api.v1.ProductionChunk;
import org.chaperone.api.v1.Record;
import org.chaperone.api.v1.RecordScope;
import org.chaperone.api.v1.RecordsRequest;
import org.chaperone.api.v1.RecordsRequestKind;
import org.chaperone.app.GatewaySettings;
import org.chaperone.archive.ArchivePublicKey;
import org.chaperone.archive.ArchiveSigner;
import org.chaperone.archive.CanonicalJson;
import org.chaperone.archive.Checkpoint;
import org.chaperone.archive.LogHashes;
import org.chaperone.cli.ChaperoneCommand;
import org.chaperone.mail.EmlFormat;
import org.chaperone.records.ProductionReport;
import org.chaperone.records.ProductionReport.Check;
import org.chaperone.records.ProductionVerifier;
import org.chaperone.testing.ProductionZips.Exported;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records requests and productions through {@code ArchiveService}: a request's due date follows
 * its kind, a production round-trips (its .eml files read back by Jakarta Mail, its hashes and
 * proofs verify offline), and a production altered after the fact fails the check that names
 * the alteration.
 */
class RecordsRequestsAndProductionsTest {
  private static final String OFFICER = TestDistrict.ADMIN;
  private static final String REPLY = "Can I bring my graphing calculator?\nFrom: Sam — merci 📐";

  @TempDir Path dataDir;
  private TestGateway gateway;

  @BeforeEach
  void start() {
    gateway = TestGateway.start(GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withArchive(GatewaySettings.Archive.defaults().withRecordsOfficers(Set.of(OFFICER))
            .withCheckpointInterval(Duration.ZERO)));
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private ArchiveServiceBlockingStub officer() {
    return gateway.archive(OFFICER);
  }

  private static Date date(LocalDate d) {
    return Date.newBuilder().setYear(d.getYear()).setMonth(d.getMonthValue()).setDay(d.getDayOfMonth()).build();
  }

  private Message send(String person, String text) {
    return gateway.messages(person).createMessage(CreateMessageRequest.newBuilder()
        .setParent("channels/" + TestDistrict.MATH).setMessage(Message.newBuilder().setText(text)).build());
  }

  private RecordsRequest open(RecordsRequest.Builder request) {
    return officer().createRecordsRequest(CreateRecordsRequestRequest.newBuilder().setRecordsRequest(request).build());
  }

  private static RecordsRequest.Builder publicRecordsForMath() {
    return RecordsRequest.newBuilder()
        .setKind(RecordsRequestKind.PUBLIC_RECORDS)
        .setRequester("Lincoln Ledger, newsroom@ledger.example")
        .setDescription("All Math 101 class messages this term")
        .setReceivedDate(date(LocalDate.of(2026, 3, 6)))
        .setScope(RecordScope.newBuilder().setChannel("channels/" + TestDistrict.MATH)
            .addEventTypes("message.created"));
  }

  @Test
  void requestsGetDueDatesByKindAndAreArchivedWhenOpenedAndClosed() {
    long before = gateway.gateway().store().reader().archiveSize();
    RecordsRequest opened = open(publicRecordsForMath());
    assertThat(opened.getName()).matches("recordsRequests/\\d+");
    assertThat(opened.getDueDate()).as("5 business days after a Friday").isEqualTo(date(LocalDate.of(2026, 3, 13)));
    assertThat(opened.getState()).isEqualTo(RecordsRequest.State.OPEN);
    assertThat(opened.getCreator()).isEqualTo("people/" + OFFICER);
    assertThat(opened.getScope().getChannel()).isEqualTo("channels/" + TestDistrict.MATH);
    RecordsRequest ferpa = open(RecordsRequest.newBuilder().setKind(RecordsRequestKind.FERPA_INSPECTION)
        .setRequester("Gina One").addSubjects("people/" + TestDistrict.S1)
        .setReceivedDate(date(LocalDate.of(2026, 3, 6))));
    assertThat(ferpa.getDueDate()).isEqualTo(date(LocalDate.of(2026, 4, 20)));
    assertThat(ferpa.getSubjectsList()).containsExactly("people/" + TestDistrict.S1);
    assertThat(gateway.gateway().store().reader().archiveSize()).isEqualTo(before + 2);
    Record openedRecord = officer().getRecord(GetRecordRequest.newBuilder().setName("records/" + before).build());
    assertThat(openedRecord.getEventType()).isEqualTo("records_request.opened");
    assertThat(openedRecord.getSubject()).isEqualTo(opened.getName());
    assertThat(openedRecord.getEntry().toStringUtf8()).contains("\"due_date\":\"2026-03-13\"", "Lincoln Ledger");

    assertThat(officer().getRecordsRequest(GetRecordsRequestRequest.newBuilder().setName(opened.getName()).build()))
        .isEqualTo(opened);
    assertThat(officer().listRecordsRequests(ListRecordsRequestsRequest.newBuilder().setPageSize(1).build())
        .getRecordsRequestsList()).extracting(RecordsRequest::getName).containsExactly(ferpa.getName());

    RecordsRequest closed = officer().closeRecordsRequest(CloseRecordsRequestRequest.newBuilder()
        .setName(opened.getName()).setReason("fulfilled: production sent").build());
    assertThat(closed.getState()).isEqualTo(RecordsRequest.State.CLOSED);
    assertThat(closed.getCloseReason()).isEqualTo("fulfilled: production sent");
    assertThat(closed.hasCloseTime()).isTrue();
    assertRejected(() -> officer().closeRecordsRequest(CloseRecordsRequestRequest.newBuilder()
        .setName(opened.getName()).setReason("again").build()), Status.Code.FAILED_PRECONDITION, "RECORDS_REQUEST_CLOSED");
    assertThat(officer().listRecordsRequests(ListRecordsRequestsRequest.newBuilder()
        .setState(RecordsRequest.State.OPEN).build()).getRecordsRequestsList())
        .extracting(RecordsRequest::getName).containsExactly(ferpa.getName());
    assertRejected(() -> officer().getRecordsRequest(GetRecordsRequestRequest.newBuilder()
        .setName("recordsRequests/999999").build()), Status.Code.NOT_FOUND, "RECORDS_REQUEST_NOT_FOUND");
    assertRejected(() -> gateway.archive(TestDistrict.TEACHER).listRecordsRequests(
        ListRecordsRequestsRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED, "RECORDS_OFFICER_REQUIRED");
  }

  @Test
  void incompleteOrImpossibleRequestsAreRefusedWithTheirField() {
    assertThat(rejectedField(publicRecordsForMath().setKind(RecordsRequestKind.RECORDS_REQUEST_KIND_UNSPECIFIED)))
        .containsExactly("records_request.kind");
    assertThat(rejectedField(publicRecordsForMath().setRequester("  "))).containsExactly("records_request.requester");
    assertThat(rejectedField(publicRecordsForMath().clearReceivedDate())).containsExactly("records_request.received_date");
    assertThat(rejectedField(publicRecordsForMath().setReceivedDate(Date.newBuilder().setYear(2026).setMonth(2).setDay(30))))
        .containsExactly("records_request.received_date");
    assertThat(rejectedField(publicRecordsForMath().setReceivedDate(date(LocalDate.now(ZoneOffset.UTC).plusDays(10)))))
        .containsExactly("records_request.received_date");
    assertThat(rejectedField(publicRecordsForMath().addSubjects("s1"))).containsExactly("records_request.subjects");
    assertThat(rejectedField(publicRecordsForMath().setScope(RecordScope.newBuilder().setWords("!!"))))
        .containsExactly("records_request.scope.words");
    assertThat(rejectedField(publicRecordsForMath().setDescription("x".repeat(10_001))))
        .containsExactly("records_request.description");
  }

  private List<String> rejectedField(RecordsRequest.Builder request) {
    return violatedFields(assertRejected(() -> open(request), Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"));
  }

  // --- productions ---------------------------------------------------------------------------

  private ArchivePublicKey districtKey() {
    return gateway.gateway().checkpoints().publicKey();
  }

  private ProductionReport verify(byte[] zip) {
    return new ProductionVerifier(new EmlFormat()).verify(new ByteArrayInputStream(zip), List.of(districtKey()));
  }

  private Exported produceMathMessages() {
    send(TestDistrict.TEACHER, "Unit 3 quiz on Friday. Calculators allowed.");
    send(TestDistrict.S1, REPLY);
    send(TestDistrict.TEACHER, "Field trip forms due Monday");
    // An internal request: nothing is redacted (see RedactedProductionTest for public records).
    return export(officer(), open(publicRecordsForMath().setKind(RecordsRequestKind.INTERNAL)).getName());
  }

  @Test
  void aProductionRoundTripsAndVerifiesOffline() throws Exception {
    Exported exported = produceMathMessages();
    Production p = exported.production();
    assertThat(p.getRecordCount()).isEqualTo(3);
    assertThat(p.getSizeBytes()).isEqualTo(exported.zip().length);
    assertThat(p.getSha256().toByteArray()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(exported.zip()));
    assertThat(p.getFileName()).endsWith(".zip");

    ProductionReport report = verify(exported.zip());
    assertThat(report.findings()).isEmpty();
    assertThat(report.records()).isEqualTo(3);
    assertThat(report.messages()).isEqualTo(3);
    assertThat(report.keyFromProduction()).isFalse();
    assertThat(report.treeSize()).isEqualTo(p.getCheckpointTreeSize());

    Map<String, byte[]> files = unzip(exported.zip());
    assertThat(files.keySet()).contains("manifest.json", "checkpoint.txt", "messages.mbox");
    assertThat(files.keySet().stream().filter(f -> f.endsWith(".eml"))).hasSize(3);
    // Each .eml is a message Jakarta Mail reads back: the archived text, sender and recipients.
    List<String> texts = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (f.getKey().endsWith(".eml")) {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(f.getValue()));
        texts.add((String) m.getContent());
        assertThat(m.getSubject()).isEqualTo("Math 101");
        assertThat(m.getAllRecipients()).hasSizeGreaterThanOrEqualTo(7);
      }
    }
    assertThat(texts).containsExactly("Unit 3 quiz on Friday. Calculators allowed.", REPLY,
        "Field trip forms due Monday");
    assertThat(new String(files.get("messages.mbox"), StandardCharsets.US_ASCII)).startsWith("From ")
        .contains("\nFrom chaperone@chaperone.invalid ");
    Map<String, Object> manifest = manifest(files);
    assertThat(manifest.get("records_request")).isEqualTo(p.getRecordsRequest());
    assertThat((List<?>) manifest.get("files")).hasSize(files.size() - 1);
    assertThat(new String(files.get("checkpoint.txt"), StandardCharsets.UTF_8))
        .startsWith(GatewaySettings.Archive.DEFAULT_ORIGIN + "\n" + p.getCheckpointTreeSize() + "\n");

    // The export itself is archived, naming every record and the zip's hash.
    Record audit = officer().getRecord(GetRecordRequest.newBuilder().setName(p.getAuditRecord()).build());
    assertThat(audit.getEventType()).isEqualTo("records.produced");
    assertThat(audit.getSubject()).isEqualTo(p.getRecordsRequest());
    assertThat(audit.getEntry().toStringUtf8()).contains(
        "\"zip_sha256\":\"" + HexFormat.of().formatHex(p.getSha256().toByteArray()) + "\"");

    // The command line agrees, offline, with and without the district's key.
    Path file = dataDir.resolve("production.zip");
    Files.write(file, exported.zip());
    CliRun trusted = cli("production", "verify", file.toString(), "--trusted-key", districtKey().encoded());
    assertThat(trusted.exit()).as(trusted.out()).isZero();
    assertThat(trusted.out()).contains("3 records, 3 messages", "OK: every check passed");
    CliRun untrusted = cli("production", "verify", file.toString());
    assertThat(untrusted.exit()).isZero();
    assertThat(untrusted.out()).contains("checked against the key the production names");
  }

  @Test
  void aRequestAboutSubjectsProducesWhatInvolvesThem() throws Exception {
    produceMathMessages();
    RecordsRequest aboutS4 = open(RecordsRequest.newBuilder().setKind(RecordsRequestKind.FERPA_INSPECTION)
        .setRequester("Sal Four").addSubjects("people/" + TestDistrict.S4)
        .setReceivedDate(date(LocalDate.of(2026, 3, 6))));
    Exported exported = export(officer(), aboutS4.getName());
    assertThat(verify(exported.zip()).ok()).isTrue();
    Map<String, byte[]> files = unzip(exported.zip());
    assertThat(files.keySet()).containsExactlyInAnyOrder("manifest.json", "checkpoint.txt", "exemptions.csv",
        "records/" + ((Map<?, ?>) ((List<?>) manifest(files).get("records")).getFirst()).get("leaf_index") + ".json");
    assertThat(exported.production().getRecordCount()).isEqualTo(1);
    assertRejected(() -> export(officer(), "recordsRequests/424242").production(), Status.Code.NOT_FOUND, "RECORDS_REQUEST_NOT_FOUND");
    assertRejected(() -> gateway.archive(TestDistrict.TEACHER).exportProduction(ExportProductionRequest.newBuilder()
        .setName(aboutS4.getName()).build()).hasNext(), Status.Code.PERMISSION_DENIED, "RECORDS_OFFICER_REQUIRED");
  }

  private static String firstEml(Map<String, byte[]> files) {
    return files.keySet().stream().filter(f -> f.endsWith(".eml")).findFirst().orElseThrow();
  }

  private static byte[] replaceEmlText(byte[] eml, String newText) {
    try {
      MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(eml));
      m.setText(newText, "UTF-8");
      m.setHeader("Content-Transfer-Encoding", "base64");
      m.saveChanges();
      m.setHeader("Message-ID", "<forged@chaperone.invalid>");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      m.writeTo(out);
      return out.toByteArray();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anAlteredProductionFailsTheCheckThatNamesTheAlteration() throws Exception {
    byte[] zip = produceMathMessages().zip();

    // A changed .eml, hashes left alone: the file hash and the message both give it away.
    ProductionReport altered = verify(tamper(zip, f -> f.put(firstEml(f), replaceEmlText(f.get(firstEml(f)), "No quiz."))));
    assertThat(altered.failedChecks()).contains(Check.FILES, Check.MESSAGES);

    // The same, with the manifest's hash updated too: the message no longer matches its proven record.
    ProductionReport relisted = verify(tamper(zip, f -> {
      f.put(firstEml(f), replaceEmlText(f.get(firstEml(f)), "No quiz."));
      relist(f, firstEml(f));
    }));
    // (The mbox, built from the original messages, no longer matches the .eml files either.)
    assertThat(relisted.failedChecks()).containsExactlyInAnyOrder(Check.MESSAGES, Check.MBOX);
    assertThat(relisted.findings()).anySatisfy(f -> {
      assertThat(f.check()).isEqualTo(Check.MESSAGES);
      assertThat(f.description()).contains("text");
    });

    // A changed record, with its leaf hash and file hash updated: no inclusion proof leads there.
    ProductionReport forgedRecord = verify(tamper(zip, f -> {
      String recordFile = f.keySet().stream().filter(p -> p.startsWith("records/")).findFirst().orElseThrow();
      byte[] forged = new String(f.get(recordFile), StandardCharsets.UTF_8)
          .replace("Unit 3 quiz on Friday", "Unit 3 quiz on Monday").getBytes(StandardCharsets.UTF_8);
      f.put(recordFile, forged);
      Map<String, Object> manifest = manifest(f);
      for (Object o : (List<?>) manifest.get("records")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) o;
        if (r.get("file").equals(recordFile)) {
          r.put("leaf_hash", HexFormat.of().formatHex(LogHashes.leafHash(forged)));
        }
      }
      f.put("manifest.json", CanonicalJson.encode(manifest));
      relist(f, recordFile);
    }));
    assertThat(forgedRecord.failedChecks()).contains(Check.INCLUSION).doesNotContain(Check.FILES, Check.RECORDS);

    // A record left out entirely (its files and its manifest entries), the mbox kept: the mbox
    // no longer holds exactly the messages.
    ProductionReport dropped = verify(tamper(zip, f -> {
      String eml = firstEml(f);
      Map<String, Object> manifest = manifest(f);
      Map<?, ?> record = ((List<?>) manifest.get("records")).stream().map(Map.class::cast)
          .filter(r -> r.get("eml").equals(eml)).findFirst().orElseThrow();
      ((List<?>) manifest.get("records")).remove(record);
      ((List<?>) manifest.get("files")).removeIf(o -> ((Map<?, ?>) o).get("path").equals(eml)
          || ((Map<?, ?>) o).get("path").equals(record.get("file")));
      f.remove(eml);
      f.remove((String) record.get("file"));
      f.put("manifest.json", CanonicalJson.encode(manifest));
    }));
    // (The transcript's load file still names the record, which the manifest no longer lists.)
    assertThat(dropped.failedChecks()).containsExactlyInAnyOrder(Check.MBOX, Check.LOAD_FILE);

    // An added file, a truncated proof, a duplicated entry.
    assertThat(verify(tamper(zip, f -> f.put("extra.txt", "hello".getBytes(StandardCharsets.UTF_8)))).failedChecks())
        .containsExactly(Check.FILES);
    ProductionReport truncated = verify(tamper(zip, f -> {
      Map<String, Object> manifest = manifest(f);
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) ((List<?>) manifest.get("records")).getFirst();
      List<?> proof = (List<?>) r.get("inclusion_proof");
      r.put("inclusion_proof", proof.subList(0, proof.size() - 1));
      f.put("manifest.json", CanonicalJson.encode(manifest));
    }));
    assertThat(truncated.failedChecks()).containsExactly(Check.INCLUSION);
    ByteArrayOutputStream duplicated = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(duplicated)) {
      for (Map.Entry<String, byte[]> e : unzip(zip).entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
      z.putNextEntry(new ZipEntry("checkpoint.tx#"));
      z.write("forged".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    // Java refuses to write two entries of one name; rename the second in the zip's headers.
    byte[] twice = new String(duplicated.toByteArray(), StandardCharsets.ISO_8859_1)
        .replace("checkpoint.tx#", "checkpoint.txt").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(verify(twice).failedChecks()).contains(Check.ZIP);

    // A checkpoint re-signed by someone else over a forged history fails against the district's key.
    ArchiveSigner forger = ArchiveSigner.openOrCreate(dataDir.resolve("forger.pem"), GatewaySettings.Archive.DEFAULT_ORIGIN);
    byte[] forgedCheckpoint = tamper(zip, f -> {
      Map<String, Object> manifest = manifest(f);
      @SuppressWarnings("unchecked")
      Map<String, Object> cp = (Map<String, Object>) manifest.get("checkpoint");
      Checkpoint c = forger.sign((Long) cp.get("tree_size"), Base64.getDecoder().decode((String) cp.get("root_hash")),
          java.time.Instant.now());
      f.put("checkpoint.txt", c.note().getBytes(StandardCharsets.UTF_8));
      manifest.put("verifier_key", forger.publicKey().encoded());
      f.put("manifest.json", CanonicalJson.encode(manifest));
      relist(f, "checkpoint.txt");
    });
    assertThat(verify(forgedCheckpoint).failedChecks()).containsExactly(Check.CHECKPOINT);
    // Without the district's key, only the production's own key is there to check against.
    ProductionReport selfVouched = new ProductionVerifier(new EmlFormat())
        .verify(new ByteArrayInputStream(forgedCheckpoint), List.of());
    assertThat(selfVouched.ok()).isTrue();
    assertThat(selfVouched.keyFromProduction()).isTrue();
    assertThat(selfVouched.verifierKey()).isEqualTo(forger.publicKey().encoded()).isNotEqualTo(districtKey().encoded());

    Path file = dataDir.resolve("altered.zip");
    Files.write(file, tamper(zip, f -> f.put(firstEml(f), replaceEmlText(f.get(firstEml(f)), "No quiz."))));
    CliRun cli = cli("production", "verify", file.toString(), "--trusted-key", districtKey().encoded());
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("FAILED: files, messages", "files: messages/");
    assertThat(verify("not a zip".getBytes(StandardCharsets.UTF_8)).failedChecks()).containsAnyOf(Check.ZIP, Check.MANIFEST);
  }

  private record CliRun(int exit, String out) {}

  private static CliRun cli(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int exit = ChaperoneCommand.commandLine(args).execute(args);
      return new CliRun(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
