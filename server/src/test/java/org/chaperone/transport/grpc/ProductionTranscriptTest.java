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
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.CreateRecordsRequestRequest;
import org.chaperone.api.v1.ExportProductionRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.RecordScope;
import org.chaperone.api.v1.RecordsRequest;
import org.chaperone.api.v1.RecordsRequestKind;
import org.chaperone.app.GatewaySettings;
import org.chaperone.archive.ArchiveEvent;
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
 * A production's PDF transcript and Concordance load file: every page carries the next Bates
 * number, documents are grouped by channel with each version and retraction shown, the text is
 * extractable (non-Latin scripts and emoji included), the load file parses back and agrees with
 * the PDF and the manifest, and an altered transcript or load file fails the check that names it.
 */
class ProductionTranscriptTest {
  private static final String OFFICER = TestDistrict.ADMIN;
  private static final String QUIZ = "Unit 3 quiz on Friday. Calculators allowed.";
  private static final String REPLY = "Can I bring my graphing calculator?\nMerci — ¿sí? Привет, γειά, שלום, 你好 📐";
  private static final String ART = "Bring an apron for the clay workshop";
  private static final String FORMS = "Field trip forms due Monday " + "and permission slips. ".repeat(300);
  private static final String EDITED = "Unit 3 quiz moved to Monday. Calculators allowed.";

  @TempDir java.nio.file.Path dataDir;
  private TestGateway gateway;

  @BeforeEach
  void start() {
    gateway = TestGateway.start(GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withArchive(GatewaySettings.Archive.defaults().withRecordsOfficers(Set.of(OFFICER))
            .withCheckpointInterval(Duration.ZERO)));
    // Give Art's student a guardian, so that the Art teacher can write to the class too.
    Map<String, String> roster = TestDistrict.files();
    roster.put("users.csv", roster.get("users.csv")
        .replace("s4@lincoln.example.org,,,,10,", "s4@lincoln.example.org,,,g4,10,")
        .replace("glen@example.com,,,s3,,", "glen@example.com,,,\"s3,s4\",,"));
    try {
      gateway.gateway().rosterImport().apply("test", OneRosterReader.readZip(TestDistrict.zip(roster)), false);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private Message send(String person, String channel, String text) {
    return gateway.messages(person).createMessage(CreateMessageRequest.newBuilder()
        .setParent("channels/" + channel).setMessage(Message.newBuilder().setText(text)).build());
  }

  /** An archive entry of a kind the messaging side appends for edits and retractions. */
  private void append(String type, String actor, String subject, Map<String, Object> details) {
    gateway.gateway().store().write(tx -> tx.append(new ArchiveEvent(type, actor, subject,
        Instant.now(), details)));
  }

  private String openLitigationRequest() {
    return gateway.archive(OFFICER).createRecordsRequest(CreateRecordsRequestRequest.newBuilder()
        .setRecordsRequest(RecordsRequest.newBuilder().setKind(RecordsRequestKind.LITIGATION)
            .setRequester("Counsel for the plaintiff")
            .setReceivedDate(Date.newBuilder().setYear(2026).setMonth(3).setDay(6))
            .setScope(RecordScope.newBuilder().addEventTypes("message.created")
                .addEventTypes("message.edited").addEventTypes("message.retracted"))).build())
        .getName();
  }

  /** Math, Art, Math again: the transcript groups Math's documents before Art's. */
  private Exported produce(String prefix, long start) {
    Message quiz = send(TestDistrict.TEACHER, TestDistrict.MATH, QUIZ);
    send(TestDistrict.ART_TEACHER, TestDistrict.ART, ART);
    send(TestDistrict.S1, TestDistrict.MATH, REPLY);
    Message forms = send(TestDistrict.TEACHER, TestDistrict.MATH, FORMS);
    Map<String, Object> edit = new LinkedHashMap<>();
    edit.put("text", EDITED);
    edit.put("version", 2L);
    edit.put("previous_version", 1L);
    edit.put("editor", TestDistrict.TEACHER);
    append("message.edited", TestDistrict.TEACHER, quiz.getName(), edit);
    append("message.retracted", TestDistrict.TEACHER, forms.getName(),
        Map.of("retracted_by", TestDistrict.TEACHER, "reason", "sent to the wrong class"));
    return export(gateway.archive(OFFICER), ExportProductionRequest.newBuilder()
        .setName(openLitigationRequest()).setBatesPrefix(prefix).setBatesStart(start).build());
  }

  private ProductionReport verify(byte[] zip) {
    return new ProductionVerifier(new EmlFormat()).verify(new ByteArrayInputStream(zip),
        List.of(gateway.gateway().checkpoints().publicKey()));
  }

  private static List<String> pageTexts(byte[] pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      List<String> pages = new ArrayList<>();
      PDFTextStripper stripper = new PDFTextStripper();
      for (int p = 1; p <= doc.getNumberOfPages(); p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        pages.add(stripper.getText(doc));
      }
      return pages;
    }
  }

  private static String flat(String s) {
    return s.replaceAll("\\s+", "");
  }

  /** The load file read with nothing but its documented delimiters. */
  private static List<List<String>> parseDat(byte[] dat) {
    assertThat(Arrays.copyOf(dat, 3)).as("UTF-8 byte-order mark")
        .containsExactly(0xef, 0xbb, 0xbf);
    String text = new String(dat, 3, dat.length - 3, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\r\n");
    List<List<String>> rows = new ArrayList<>();
    for (String line : text.split("\r\n")) {
      List<String> fields = new ArrayList<>();
      for (String f : line.split("\u0014", -1)) {
        assertThat(f).startsWith("þ").endsWith("þ");
        fields.add(f.substring(1, f.length() - 1));
      }
      rows.add(fields);
    }
    return rows;
  }

  @Test
  void theTranscriptAndLoadFileRoundTrip() throws Exception {
    Exported exported = produce("LUSD_", 41);
    assertThat(exported.production().getFirstBates()).isEqualTo("LUSD_0000041");
    ProductionReport report = verify(exported.zip());
    assertThat(report.findings()).isEmpty();
    assertThat(report.transcript().documents()).isEqualTo(4);
    assertThat(exported.production().getLastBates())
        .isEqualTo("LUSD_" + String.format("%07d", 40 + report.transcript().pages()));

    Map<String, byte[]> files = unzip(exported.zip());
    List<String> pages = pageTexts(files.get("transcript.pdf"));
    assertThat(pages).hasSize(report.transcript().pages()).hasSizeGreaterThan(4);
    for (int i = 0; i < pages.size(); i++) {
      String number = String.format("LUSD_%07d", 41 + i);
      assertThat(pages.get(i).strip()).as("page %d", i + 1).endsWith(number);
      assertThat(String.join("", pages).split(number, -1)).as("%s once", number).hasSize(2);
    }
    String all = flat(String.join("", pages));
    assertThat(all).contains(flat(QUIZ), flat(EDITED), flat(ART), flat(FORMS.substring(0, 500)),
        flat("Version 1 (original)"), flat("Version 2, edited"), flat("RETRACTED"),
        flat("Reason: sent to the wrong class"), flat("From: Tom Miller <tmiller@lincoln.example.org>"));
    // Non-Latin scripts are real text; what the font cannot draw is shown as its code point.
    assertThat(all).contains(flat("Merci — ¿sí? Привет, γειά, שלום,"), "[U+4F60][U+597D][U+1F4D0]");
    // Grouped by channel: every Math document before the Art one, though Art's was sent second.
    assertThat(all.indexOf(flat(ART))).isGreaterThan(all.indexOf(flat("Reason: sent to the wrong class")));

    List<List<String>> rows = parseDat(files.get("loadfile.dat"));
    assertThat(rows.getFirst()).containsExactly("BEGBATES", "ENDBATES", "CUSTODIAN", "FROM", "TO",
        "CC", "SENT", "CHANNEL", "MESSAGEID", "RECORD", "HASH", "NATIVEPATH", "VERSIONS", "RETRACTED",
        "REDACTED");
    List<List<String>> docs = rows.subList(1, rows.size());
    assertThat(docs).hasSize(4);
    assertThat(docs).extracting(r -> r.get(7)).containsExactly("Math 101", "Math 101", "Math 101", "Art 201");
    assertThat(docs.getFirst().get(0)).isEqualTo("LUSD_0000041");
    for (int k = 1; k < docs.size(); k++) {
      long previousEnd = Long.parseLong(docs.get(k - 1).get(1).substring(5));
      assertThat(Long.parseLong(docs.get(k).get(0).substring(5))).as("no gap, no overlap").isEqualTo(previousEnd + 1);
    }
    assertThat(docs.getLast().get(1)).isEqualTo(exported.production().getLastBates());
    List<?> records = (List<?>) manifest(files).get("records");
    for (List<String> row : docs) {
      Map<?, ?> record = records.stream().map(Map.class::cast)
          .filter(r -> r.get("record").equals(row.get(9))).findFirst().orElseThrow();
      assertThat(row.get(10)).isEqualTo(record.get("leaf_hash"));
      assertThat(row.get(11)).isEqualTo(record.get("eml"));
      assertThat(files).containsKey(row.get(11));
      assertThat(Instant.parse(row.get(6))).isBeforeOrEqualTo(Instant.now());
      // The document's pages show its message.
      int first = Integer.parseInt(row.get(0).substring(5)) - 41;
      int last = Integer.parseInt(row.get(1).substring(5)) - 41;
      assertThat(flat(String.join("", pages.subList(first, last + 1)))).contains(flat(row.get(9)));
    }
    List<String> quizRow = docs.getFirst();
    assertThat(quizRow.get(12)).as("versions").isEqualTo("2");
    assertThat(docs.get(2).get(13)).as("forms retracted").isEqualTo("Y");
    assertThat(docs.get(2).get(1)).as("a long message spans pages").isNotEqualTo(docs.get(2).get(0));
    assertThat(quizRow.get(4)).contains("Sam One", "Sue Two", "Sid Three");
    assertThat(quizRow.get(5)).as("guardians are copied").contains("Gina One <gina@example.com>", "Glen Three");
    MimeMessage eml = new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(files.get(quizRow.get(11))));
    assertThat(Arrays.stream(eml.getRecipients(RecipientType.CC)).map(a -> ((InternetAddress) a).getAddress()))
        .contains("gina@example.com", "gus@example.com", "gail@example.com", "glen@example.com");
  }

  @Test
  void anAlteredTranscriptOrLoadFileFailsTheCheckThatNamesIt() throws Exception {
    byte[] zip = produce("CHAP-", 1).zip();
    assertThat(verify(zip).ok()).isTrue();

    // Bytes changed, hashes left alone.
    byte[] flipped = tamper(zip, f -> {
      byte[] pdf = f.get("transcript.pdf").clone();
      pdf[pdf.length / 2] ^= 1;
      f.put("transcript.pdf", pdf);
    });
    assertThat(verify(flipped).failedChecks()).contains(Check.FILES);

    // A page removed, the manifest's hash updated: the numbering has a gap.
    byte[] removed = tamper(zip, f -> {
      f.put("transcript.pdf", editPdf(f.get("transcript.pdf"), doc -> doc.removePage(1)));
      relist(f, "transcript.pdf");
    });
    assertThat(verify(removed).failedChecks()).contains(Check.BATES).doesNotContain(Check.FILES);

    // The first page replaced by one that carries the right number but not the message.
    byte[] replaced = tamper(zip, f -> {
      f.put("transcript.pdf", editPdf(f.get("transcript.pdf"), doc -> {
        PDPage blank = new PDPage();
        try (PDPageContentStream out = new PDPageContentStream(doc, blank)) {
          out.beginText();
          out.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
          out.newLineAtOffset(500, 30);
          out.showText("CHAP-0000001");
          out.endText();
        }
        doc.getPages().insertBefore(blank, doc.getPage(0));
        doc.removePage(1);
      }));
      relist(f, "transcript.pdf");
    });
    ProductionReport replacedReport = verify(replaced);
    assertThat(replacedReport.failedChecks()).containsExactly(Check.TRANSCRIPT);
    assertThat(replacedReport.findings().getFirst().description()).contains("CHAP-0000001", "its text");

    // A load-file row's hash changed; a row removed; a row duplicated.
    assertThat(verify(tamper(zip, f -> {
      editDat(f, rows -> rows.get(1).set(10, "0".repeat(64)));
    })).failedChecks()).containsExactly(Check.LOAD_FILE);
    ProductionReport gap = verify(tamper(zip, f -> editDat(f, rows -> rows.remove(2))));
    assertThat(gap.failedChecks()).contains(Check.BATES, Check.LOAD_FILE);
    assertThat(gap.findings()).anySatisfy(x -> assertThat(x.description()).contains("a gap in the numbering"));
    ProductionReport twice = verify(tamper(zip, f -> editDat(f, rows -> rows.add(2, rows.get(1)))));
    assertThat(twice.findings()).anySatisfy(x -> assertThat(x.description()).contains("pages counted twice"));
    assertThat(verify(tamper(zip, f -> {
      f.put("loadfile.dat", "BEGBATES,ENDBATES\r\n".getBytes(StandardCharsets.UTF_8));
      relist(f, "loadfile.dat");
    })).failedChecks()).containsExactly(Check.LOAD_FILE);
  }

  @Test
  void batesNumberingIsValidated() {
    send(TestDistrict.TEACHER, TestDistrict.MATH, QUIZ);
    String request = openLitigationRequest();
    assertThat(violatedFields(assertRejected(() -> export(gateway.archive(OFFICER),
        ExportProductionRequest.newBuilder().setName(request).setBatesPrefix("CHAP 1").build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("bates_prefix");
    assertThat(violatedFields(assertRejected(() -> export(gateway.archive(OFFICER),
        ExportProductionRequest.newBuilder().setName(request).setBatesStart(-5).build()),
        Status.Code.INVALID_ARGUMENT, "INVALID_FIELD"))).containsExactly("bates_start");
  }

  private interface PdfEdit {
    void apply(PDDocument doc) throws Exception;
  }

  private static byte[] editPdf(byte[] pdf, PdfEdit edit) {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      edit.apply(doc);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Rewrites the load file's document rows (header at 0) with the same delimiters. */
  private static void editDat(Map<String, byte[]> files, java.util.function.Consumer<List<List<String>>> edit) {
    List<List<String>> rows = new ArrayList<>();
    parseDat(files.get("loadfile.dat")).forEach(r -> rows.add(new ArrayList<>(r)));
    edit.accept(rows);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
    for (List<String> row : rows) {
      out.writeBytes((String.join("\u0014", row.stream().map(v -> "þ" + v + "þ").toList()) + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    files.put("loadfile.dat", out.toByteArray());
    relist(files, "loadfile.dat");
  }
}
