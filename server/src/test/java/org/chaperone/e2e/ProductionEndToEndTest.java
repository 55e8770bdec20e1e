package org.chaperone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.type.Date;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
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
import org.chaperone.cli.ChaperoneCommand;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A records officer's path over a real socket and the command line: open a request, export its
 * production with {@code chaperone production export}, verify it with {@code chaperone production
 * verify} against the key printed by {@code chaperone archive public-key}, and verify the whole
 * store with {@code chaperone archive verify} while the gateway runs.
 */
class ProductionEndToEndTest {
  @TempDir Path dataDir;

  @Test
  void openExportVerify() throws Exception {
    GatewaySettings settings = GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withArchive(GatewaySettings.Archive.defaults().withRecordsOfficers(Set.of(TestDistrict.ADMIN)));
    try (Gateway gateway = Gateway.start(settings)) {
      gateway.rosterImport().apply("test", OneRosterReader.readZip(TestDistrict.zip()), false);
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", gateway.port(),
          InsecureChannelCredentials.create()).build();
      try {
        String teacher = gateway.devTokens().orElseThrow().issue(TestDistrict.TEACHER, Duration.ofMinutes(5));
        String officer = gateway.devTokens().orElseThrow().issue(TestDistrict.ADMIN, Duration.ofMinutes(5));
        MessageServiceGrpc.newBlockingStub(channel).withCallCredentials(TestGateway.bearer(teacher))
            .createMessage(CreateMessageRequest.newBuilder().setParent("channels/" + TestDistrict.MATH)
                .setMessage(Message.newBuilder().setText("Field trip forms due Monday")).build());
        RecordsRequest request = ArchiveServiceGrpc.newBlockingStub(channel)
            .withCallCredentials(TestGateway.bearer(officer))
            .createRecordsRequest(CreateRecordsRequestRequest.newBuilder().setRecordsRequest(
                RecordsRequest.newBuilder().setKind(RecordsRequestKind.PUBLIC_RECORDS)
                    .setRequester("Lincoln Ledger")
                    .setReceivedDate(Date.newBuilder().setYear(2026).setMonth(3).setDay(6))
                    .setScope(RecordScope.newBuilder().addEventTypes("message.created"))).build());

        Path zip = dataDir.resolve("out/production.zip");
        Files.createDirectories(zip.getParent());
        Run export = run("production", "export", "--target", "127.0.0.1:" + gateway.port(),
            "--token", officer, "--request", request.getName(), "--out", zip.toString());
        assertThat(export.exit()).as(export.out()).isZero();
        assertThat(export.out()).contains("saved " + zip, "1 records");
        try (var listing = Files.list(zip.getParent())) {
          assertThat(listing).as("no partial download left").containsExactly(zip);
        }

        Run key = run("archive", "public-key", "--data-dir", dataDir.toString());
        assertThat(key.exit()).isZero();
        Run verify = run("production", "verify", zip.toString(), "--trusted-key", key.out().strip());
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("1 records, 1 messages", "OK: every check passed");

        Run store = run("archive", "verify", "--data-dir", dataDir.toString());
        assertThat(store.exit()).as(store.out()).isZero();

        Run refused = run("production", "export", "--target", "127.0.0.1:" + gateway.port(),
            "--token", teacher, "--request", request.getName(), "--out", zip.toString() + ".2");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(Files.exists(Path.of(zip + ".2"))).isFalse();
      } finally {
        channel.shutdownNow();
      }
    }
  }

  private record Run(int exit, String out) {}

  private static Run run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int exit = ChaperoneCommand.commandLine(args).execute(args);
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
