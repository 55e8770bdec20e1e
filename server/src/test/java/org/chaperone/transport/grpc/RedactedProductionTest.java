package org.chaperone.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.ProductionZips.export;
import static org.chaperone.testing.ProductionZips.manifest;
import static org.chaperone.testing.ProductionZips.relist;
import static org.chaperone.testing.ProductionZips.tamper;
import static org.chaperone.testing.ProductionZips.unzip;

import com.google.type.Date;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import jakarta.mail.Header;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chaperone.api.v1.ArchiveServiceGrpc;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.CreateRecordsRequestRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.RecordScope;
import org.chaperone.api.v1.RecordsRequest;
import org.chaperone.api.v1.RecordsRequestKind;
import org.chaperone.app.Gateway;
import org.chaperone.app.GatewaySettings;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.archive.CanonicalJson;
import org.chaperone.directory.oneroster.OneRosterReader;
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
 * FERPA redaction of productions: in a public-records production no student's or family
 * member's name, directory id, phone number or email address can be found in any file — zip
 * entries, decoded .eml bodies and headers, the mbox, the PDF's extracted text, the load file, the
 * manifest, the exemption log — while the rest of the content is still there; a FERPA inspection
 * by a parent shows their own child; every redaction is in the exemption log; the production still
 * verifies offline, and an altered exemption log fails the check that names it.
 */
class RedactedProductionTest {
  private static final String OFFICER = TestDistrict.ADMIN;
  // Students and guardians with names no other text in a production contains.
  private static final String MARISOL = "stu-7731";
  private static final String ZOE = "stu-7732";
  private static final String KWAME = "stu-7733";
  private static final String CARMEN = "fam-9101";
  private static final Map<String, String> IDS = Map.of("s1", MARISOL, "s2", ZOE, "s3", KWAME,
      "g1", CARMEN, "g3", "fam-9103");
  private static final String PRAISE = "Great work today, Marisol! ZOË's volcano and Osei-Bonsu, Kwame's"
      + " poster were the best in the room. Thanks to everyone who stayed to clean up.";
  private static final String CONTACT = "Carmen Quintanilla can be reached at (503) 555-0199 or"
      + " carmen.q@gmail.com about the bake sale; ask stu-7732 for the sign-up sheet.";
  private static final String EDIT = "Great work today! The volcano and the poster were the best;"
      + " Marisol Quintanilla-Ortiz, call 503.555.0142 if you lost your notebook.";
  /** Every form in which a protected person's information appears in the inputs. */
  private static final List<String> SECRETS = List.of("Marisol", "Quintanilla", "Ortiz", "Zoë",
      "Zoe", "Ångström", "Angstrom", "Kwame", "Osei", "Bonsu", "Carmen", "Birgit", MARISOL, ZOE,
      KWAME, CARMEN, "fam-9103", "555-0199", "5550199", "555.0142", "5550142", "carmen.q",
      "marisol.q@students", "zoe.a@students");

  @TempDir Path dataDir;
  private Gateway gateway;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    gateway = Gateway.startInProcess(GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withArchive(GatewaySettings.Archive.defaults().withRecordsOfficers(Set.of(OFFICER))
            .withCheckpointInterval(Duration.ZERO)), name, Clock.systemUTC());
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    Map<String, String> roster = TestDistrict.files();
    String users = roster.get("users.csv")
        .replace(",Sam,One,,,s1@lincoln.example.org,", ",Marisol,Quintanilla-Ortiz,,,marisol.q@students.lincoln.example.org,")
        .replace(",Sue,Two,,,s2@lincoln.example.org,", ",Zoë,Ångström,,,zoe.a@students.lincoln.example.org,")
        .replace(",Sid,Three,,,s3@lincoln.example.org,", ",Kwame,Osei-Bonsu,,,kwame.ob@students.lincoln.example.org,")
        .replace(",Gina,One,", ",Carmen,Quintanilla,").replace(",Gail,Two,", ",Birgit,Ångström,");
    roster.put("users.csv", users);
    for (Map.Entry<String, String> f : roster.entrySet()) {
      String text = f.getValue();
      for (Map.Entry<String, String> id : IDS.entrySet()) {
        text = text.replaceAll("\\b" + id.getKey() + "\\b", id.getValue());
      }
      f.setValue(text);
    }
    gateway.rosterImport().apply("test", OneRosterReader.readZip(TestDistrict.zip(roster)), false);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    gateway.close();
  }

  private String token(String person) {
    return gateway.devTokens().orElseThrow().issue(person, Duration.ofMinutes(10));
  }

  private ArchiveServiceGrpc.ArchiveServiceBlockingStub officer() {
    return ArchiveServiceGrpc.newBlockingStub(channel).withCallCredentials(TestGateway.bearer(token(OFFICER)));
  }

  private Message send(String person, String text) {
    return MessageServiceGrpc.newBlockingStub(channel).withCallCredentials(TestGateway.bearer(token(person)))
        .createMessage(CreateMessageRequest.newBuilder().setParent("channels/" + TestDistrict.MATH)
            .setMessage(Message.newBuilder().setText(text)).build());
  }

  /** Math 101: praise naming students, a record with contact details, an edit naming a student. */
  private void converse() {
    Message praise = send(TestDistrict.TEACHER, PRAISE);
    send(MARISOL, "Thank you! I'm glad Kwame helped.");
    // A student's message with contact details, as the archive would hold it had a policy let
    // it through.
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("text", CONTACT);
    details.put("sender", KWAME);
    details.put("recipients", List.of(TestDistrict.TEACHER, MARISOL, ZOE, CARMEN));
    gateway.store().write(tx -> tx.append(new ArchiveEvent("message.created", KWAME,
        "channels/" + TestDistrict.MATH + "/messages/42", Instant.now(), details)));
    Map<String, Object> edit = new LinkedHashMap<>();
    edit.put("text", EDIT);
    edit.put("version", 2L);
    edit.put("previous_version", 1L);
    edit.put("editor", TestDistrict.TEACHER);
    gateway.store().write(tx -> tx.append(new ArchiveEvent("message.edited", TestDistrict.TEACHER,
        praise.getName(), Instant.now(), edit)));
  }

  private String open(RecordsRequestKind kind, String... subjects) {
    RecordsRequest.Builder r = RecordsRequest.newBuilder().setKind(kind)
        .setRequester("Lincoln Ledger").setReceivedDate(Date.newBuilder().setYear(2026).setMonth(3).setDay(6))
        .setScope(RecordScope.newBuilder().setChannel("channels/" + TestDistrict.MATH)
            .addEventTypes("message.created").addEventTypes("message.edited"));
    for (String s : subjects) {
      r.addSubjects("people/" + s);
    }
    return officer().createRecordsRequest(CreateRecordsRequestRequest.newBuilder().setRecordsRequest(r).build()).getName();
  }

  private ProductionReport verify(byte[] zip) {
    return new ProductionVerifier(new EmlFormat()).verify(new ByteArrayInputStream(zip),
        List.of(gateway.checkpoints().publicKey()));
  }

  /** Everything a reader can get out of each file: raw text, decoded mail, extracted PDF text. */
  private static Map<String, String> readable(Map<String, byte[]> files) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String name = f.getKey();
      StringBuilder text = new StringBuilder(new String(f.getValue(), StandardCharsets.UTF_8));
      if (name.endsWith(".pdf")) {
        try (PDDocument doc = Loader.loadPDF(f.getValue())) {
          text.append('\n').append(new PDFTextStripper().getText(doc));
          text.append('\n').append(String.valueOf(doc.getDocumentInformation().getCOSObject()));
          var outline = doc.getDocumentCatalog().getDocumentOutline();
          for (var item = outline.getFirstChild(); item != null; item = item.getNextSibling()) {
            text.append('\n').append(item.getTitle());
          }
        }
      }
      if (name.endsWith(".eml") || name.endsWith(".mbox")) {
        // The mbox is the .eml files one after another: decode each message in it too.
        String raw = new String(f.getValue(), StandardCharsets.UTF_8);
        for (String part : name.endsWith(".mbox") ? raw.split("\nFrom chaperone@") : new String[] {raw}) {
          String message = part.substring(part.indexOf('\n') + 1).replace("\n>From ", "\nFrom ");
          MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
              new ByteArrayInputStream((name.endsWith(".mbox") ? message : raw).getBytes(StandardCharsets.UTF_8)));
          text.append('\n').append(m.getContent());
          for (Header h : Collections.list(m.getAllHeaders())) {
            text.append('\n').append(h.getName()).append(": ")
                .append(MimeUtility.decodeText(MimeUtility.unfold(h.getValue())));
          }
        }
      }
      out.put(name, text.toString());
    }
    return out;
  }

  private static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
  }

  @Test
  void aPublicRecordsProductionBurnsInEveryRedactionAndStillVerifies() throws Exception {
    converse();
    Exported exported = export(officer(), open(RecordsRequestKind.PUBLIC_RECORDS, KWAME));
    ProductionReport report = verify(exported.zip());
    assertThat(report.findings()).isEmpty();
    assertThat(report.redaction().records()).isGreaterThanOrEqualTo(4);
    Map<String, byte[]> files = unzip(exported.zip());
    assertThat(files).containsKeys("exemptions.csv", "transcript.pdf", "loadfile.dat", "messages.mbox");

    Map<String, String> readable = readable(files);
    readable.put("manifest.json", new String(files.get("manifest.json"), StandardCharsets.UTF_8));
    for (Map.Entry<String, String> f : readable.entrySet()) {
      String text = fold(f.getValue().replaceAll("\\s+", " "));
      String squeezed = text.replaceAll("[^a-z0-9@.]", "");
      for (String secret : SECRETS) {
        assertThat(text).as("%s in %s", secret, f.getKey()).doesNotContain(fold(secret));
        assertThat(squeezed).as("%s in %s (squeezed)", secret, f.getKey())
            .doesNotContain(fold(secret).replaceAll("[^a-z0-9@.]", ""));
      }
    }
    // What is not protected is still there: staff, the words of the messages, the structure.
    String pdf = readable.get("transcript.pdf").replaceAll("\\s+", " ");
    assertThat(pdf).contains("Tom Miller", "volcano", "poster were the best in the room",
        "can be reached at", "about the bake sale; ask", "[REDACTED FERPA-");
    String emls = String.join("\n", readable.entrySet().stream().filter(e -> e.getKey().endsWith(".eml"))
        .map(Map.Entry::getValue).toList());
    assertThat(emls).contains("Great work today, [REDACTED FERPA-", "tmiller@lincoln.example.org",
        "Subject: Math 101", "about the bake sale");
    assertThat(readable.get("loadfile.dat")).contains("Tom Miller", "[REDACTED FERPA-");

    // The exemption log: one row per marker, never the text.
    List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(new String(files.get("exemptions.csv"), StandardCharsets.UTF_8))).getRecords();
    assertThat(rows).isNotEmpty();
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.get("marker")).matches("\\[REDACTED FERPA-\\d+]");
      assertThat(r.get("legal_basis")).contains("20 U.S.C. § 1232g", "34 CFR § 99.3");
      assertThat(r.get("files")).isNotEmpty();
    });
    assertThat(rows).extracting(r -> r.get("category")).contains("student name", "student identifier",
        "family member name", "phone number", "email address");
    assertThat(rows).extracting(r -> r.get("record")).contains("manifest");
    Set<String> markers = new java.util.HashSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[REDACTED FERPA-\\d+]")
        .matcher(String.join("\n", readable.values()));
    while (m.find()) {
      markers.add(m.group());
    }
    assertThat(rows).extracting(r -> r.get("marker")).containsAll(markers);

    // Redacted records are marked; their proofs still lead to the signed checkpoint.
    List<?> records = (List<?>) manifest(files).get("records");
    assertThat(records.stream().map(Map.class::cast).filter(r -> Boolean.TRUE.equals(r.get("redacted"))))
        .hasSize(report.redaction().records());
  }

  @Test
  void aFerpaInspectionByAParentShowsTheirChildAndRedactsTheOthers() throws Exception {
    converse();
    Exported exported = export(officer(), open(RecordsRequestKind.FERPA_INSPECTION, MARISOL));
    assertThat(verify(exported.zip()).findings()).isEmpty();
    Map<String, String> readable = readable(unzip(exported.zip()));
    String all = String.join("\n", readable.values());
    assertThat(all).contains("Marisol", "Quintanilla-Ortiz", "Carmen Quintanilla", MARISOL);
    for (String other : List.of("Kwame", "Osei", "Zoë", "Ångström", "Birgit", ZOE, KWAME)) {
      assertThat(all).as(other).doesNotContain(other);
    }
  }

  @Test
  void litigationProductionsAreNotRedacted() throws Exception {
    converse();
    Exported exported = export(officer(), open(RecordsRequestKind.LITIGATION));
    assertThat(verify(exported.zip()).findings()).isEmpty();
    Map<String, byte[]> files = unzip(exported.zip());
    assertThat(files).doesNotContainKey("exemptions.csv");
    assertThat(String.join("\n", readable(files).values())).contains("Marisol", "Kwame", "555-0199");
  }

  @Test
  void anAlteredExemptionLogOrUnredactedFileFailsTheCheckThatNamesIt() throws Exception {
    converse();
    byte[] zip = export(officer(), open(RecordsRequestKind.PUBLIC_RECORDS)).zip();
    // A row removed from the log, its hash updated: a marker in the files is no longer explained.
    ProductionReport dropped = verify(tamper(zip, f -> {
      String log = new String(f.get("exemptions.csv"), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(List.of(log.split("\r\n")));
      lines.remove(1);
      f.put("exemptions.csv", (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8));
      relist(f, "exemptions.csv");
    }));
    assertThat(dropped.failedChecks()).containsExactly(Check.EXEMPTIONS);
    assertThat(dropped.findings().getFirst().description()).contains("is not in the exemption log");
    // The withheld text put back into a redacted record: the log no longer matches it... and
    // without the marker the record is a different record whose proof is not checked — so the
    // exemption check names the record that says "redacted" but carries no marker.
    ProductionReport unredacted = verify(tamper(zip, f -> {
      String recordFile = f.keySet().stream().filter(p -> p.startsWith("records/"))
          .filter(p -> new String(f.get(p), StandardCharsets.UTF_8).contains("volcano")).findFirst().orElseThrow();
      String json = new String(f.get(recordFile), StandardCharsets.UTF_8)
          .replaceAll("\\[REDACTED FERPA-\\d+]", "Marisol");
      f.put(recordFile, json.getBytes(StandardCharsets.UTF_8));
      relist(f, recordFile);
    }));
    assertThat(unredacted.failedChecks()).contains(Check.EXEMPTIONS);
    // Bytes of the log changed, hashes left alone.
    assertThat(verify(tamper(zip, f -> f.put("exemptions.csv", "marker\r\n".getBytes(StandardCharsets.UTF_8))))
        .failedChecks()).contains(Check.FILES, Check.EXEMPTIONS);
  }
}
