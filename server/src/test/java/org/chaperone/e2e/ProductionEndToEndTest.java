package org.chaperone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.app.Gateway;
import org.chaperone.app.GatewaySettings;
import org.chaperone.cli.ChaperoneCommand;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A records officer's path over a real socket and the command line: search, open a request
 * ({@code chaperone records}), export its
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
        String target = "127.0.0.1:" + gateway.port();
        Run search = run("records", "search", "--target", target, "--token", officer,
            "--words", "field trip", "--type", "message.created");
        assertThat(search.exit()).as(search.out()).isZero();
        assertThat(search.out()).contains("message.created", "Field trip forms due Monday",
            "1 records; this search is archived as records/");
        Run open = run("records", "open", "--target", target, "--token", officer, "--kind",
            "public_records", "--requester", "Lincoln Ledger", "--received", "2026-03-06",
            "--type", "message.created");
        assertThat(open.exit()).as(open.out()).isZero();
        assertThat(open.out()).startsWith("opened recordsRequests/").contains("due 2026-03-13");
        String request = open.out().split(" ")[1];
        assertThat(run("records", "open", "--target", target, "--token", officer, "--kind", "gossip",
            "--requester", "x", "--received", "2026-03-06").exit()).isEqualTo(2);

        Path zip = dataDir.resolve("out/production.zip");
        Files.createDirectories(zip.getParent());
        Run export = run("production", "export", "--target", "127.0.0.1:" + gateway.port(),
            "--token", officer, "--request", request, "--out", zip.toString());
        assertThat(export.exit()).as(export.out()).isZero();
        assertThat(export.out()).contains("saved " + zip, "1 records", "transcript pages CHAP-0000001 to CHAP-0000001");
        try (var listing = Files.list(zip.getParent())) {
          assertThat(listing).as("no partial download left").containsExactly(zip);
        }

        Run key = run("archive", "public-key", "--data-dir", dataDir.toString());
        assertThat(key.exit()).isZero();
        Run verify = run("production", "verify", zip.toString(), "--trusted-key", key.out().strip());
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("1 records, 1 messages", "Transcript: 1 pages",
            "Redacted under FERPA", "OK: every check passed");

        Run store = run("archive", "verify", "--data-dir", dataDir.toString());
        assertThat(store.exit()).as(store.out()).isZero();

        Run refused = run("production", "export", "--target", "127.0.0.1:" + gateway.port(),
            "--token", teacher, "--request", request, "--out", zip.toString() + ".2");
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
