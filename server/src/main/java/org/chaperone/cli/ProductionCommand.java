package org.chaperone.cli;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.chaperone.api.v1.ArchiveServiceGrpc;
import org.chaperone.api.v1.ExportProductionRequest;
import org.chaperone.api.v1.Production;
import org.chaperone.api.v1.ProductionChunk;
import org.chaperone.archive.ArchivePublicKey;
import org.chaperone.mail.EmlFormat;
import org.chaperone.records.ProductionReport;
import org.chaperone.records.ProductionVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaperone production}: productions of records. */
@Command(name = "production", mixinStandardHelpOptions = true,
    description = "Exports and verifies productions (zips of records for a records request).",
    subcommands = {ProductionCommand.Verify.class, ProductionCommand.Export.class})
final class ProductionCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code chaperone production verify}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {
          "Verifies a production offline, with no server and no network: every file against the"
              + " manifest's SHA-256, the checkpoint's signature, every record's inclusion proof"
              + " against the checkpoint, every .eml against its record, the mbox, the PDF"
              + " transcript's pages and Bates numbers, and the load file's rows.",
          "Exits 0 when every check passes, 1 when one fails (each failure is named), 2 when the"
              + " file cannot be read."})
  static final class Verify implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ZIP", description = "The production zip.")
    Path zip;

    @Option(names = "--trusted-key", paramLabel = "VERIFIER_KEY",
        description = "The district's published verifier key (name+keyid+base64key); repeatable."
            + " Without it the checkpoint is checked against the key the production names, which"
            + " proves integrity but not origin.")
    List<String> trustedKeys = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      List<ArchivePublicKey> keys = new ArrayList<>();
      for (String k : trustedKeys) {
        keys.add(ArchivePublicKey.parse(k));
      }
      if (!Files.isRegularFile(zip)) {
        System.err.println("chaperone: no file " + zip);
        return 2;
      }
      ProductionReport report;
      try (InputStream in = Files.newInputStream(zip)) {
        report = new ProductionVerifier(new EmlFormat()).verify(in, keys);
      }
      System.out.println("Production of " + report.recordsRequest() + ": " + report.records()
          + " records, " + report.messages() + " messages, checkpoint at tree size "
          + report.treeSize() + ".");
      if (report.transcript().pages() > 0) {
        System.out.println("  Transcript: " + report.transcript().pages() + " pages, "
            + report.transcript().firstBates() + " to " + report.transcript().lastBates() + "; "
            + report.transcript().documents() + " documents in the load file.");
      }
      if (report.redaction().redactions() > 0 || report.redaction().records() > 0) {
        System.out.println("  Redacted under FERPA: " + report.redaction().redactions()
            + " redactions in " + report.redaction().records() + " records, each listed in the"
            + " exemption log. A redacted record's proof attests the original record; its"
            + " redacted file is not re-hashed.");
      }
      if (report.keyFromProduction()) {
        System.out.println("  The signature was checked against the key the production names: "
            + report.verifierKey());
        System.out.println("  Compare it with the district's published verifier key, or pass"
            + " --trusted-key.");
      }
      if (report.ok()) {
        System.out.println("OK: every check passed ("
            + String.join(", ", java.util.Arrays.stream(ProductionReport.Check.values())
                .map(ProductionReport.Check::label).toList()) + ").");
        return 0;
      }
      System.out.println("FAILED: " + String.join(", ",
          report.failedChecks().stream().map(ProductionReport.Check::label).toList()));
      report.findings().forEach(f -> System.out.println("  " + f));
      return 1;
    }
  }

  /** {@code chaperone production export}. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Exports the production of a records request from a running gateway to a zip"
          + " (as a records officer; the export is archived).")
  static final class Export implements Callable<Integer> {
    @Mixin MessagesCommand.ClientOptions client;

    @Option(names = "--request", required = true, paramLabel = "NAME",
        description = "The records request: recordsRequests/{id}.")
    String request;

    @Option(names = "--bates-prefix", paramLabel = "PREFIX", defaultValue = "CHAP-",
        description = "The prefix of the transcript's Bates numbers (default: ${DEFAULT-VALUE}).")
    String batesPrefix;

    @Option(names = "--bates-start", paramLabel = "N", defaultValue = "1",
        description = "The number of the transcript's first page, to continue an earlier"
            + " production's numbering (default: ${DEFAULT-VALUE}).")
    long batesStart;

    @Option(names = "--out", paramLabel = "FILE",
        description = "Where to write the zip (default: the file name the gateway suggests, here).")
    Path out;

    @Override
    public Integer call() throws Exception {
      ManagedChannel channel = client.channel();
      Path temp = Files.createTempFile(out == null ? Path.of(".").toAbsolutePath() : out.toAbsolutePath().getParent(),
          ".production-", ".part");
      try {
        Iterator<ProductionChunk> chunks = ArchiveServiceGrpc.newBlockingStub(channel)
            .withCallCredentials(client.credentials())
            .exportProduction(ExportProductionRequest.newBuilder().setName(request)
                .setBatesPrefix(batesPrefix).setBatesStart(batesStart).build());
        Production production = null;
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream file = Files.newOutputStream(temp)) {
          while (chunks.hasNext()) {
            ProductionChunk chunk = chunks.next();
            if (chunk.hasProduction()) {
              production = chunk.getProduction();
            }
            chunk.getData().writeTo(file);
            sha.update(chunk.getData().asReadOnlyByteBuffer());
          }
        }
        if (production == null || !MessageDigest.isEqual(sha.digest(), production.getSha256().toByteArray())) {
          System.err.println("chaperone: the download is incomplete or damaged; nothing was saved");
          return 1;
        }
        Path target = out != null ? out : Path.of(production.getFileName());
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("saved " + target + ": " + production.getRecordCount() + " records, "
            + production.getSizeBytes() + " bytes, SHA-256 "
            + HexFormat.of().formatHex(production.getSha256().toByteArray()) + " (archived as "
            + production.getAuditRecord() + ")");
        if (!production.getFirstBates().isEmpty()) {
          System.out.println("transcript pages " + production.getFirstBates() + " to "
              + production.getLastBates());
        }
        return 0;
      } catch (StatusRuntimeException e) {
        return MessagesCommand.report(e);
      } finally {
        Files.deleteIfExists(temp);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
