package org.chaperone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chaperone.testing.Errors.assertRejected;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.app.GatewaySettings;
import org.chaperone.archive.ArchiveVerifier;
import org.chaperone.archive.VerificationReport;
import org.chaperone.store.Store;
import org.chaperone.store.jdbc.JdbcStore;
import org.chaperone.testing.Errors;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage failures under load: the writer acknowledges nothing it did not commit, answers
 * {@code UNAVAILABLE} (reason {@code STORE_UNAVAILABLE}) and the health service says
 * {@code NOT_SERVING}. An fsync error on SQLite stops writes until a restart (ADR 60); a lost
 * PostgreSQL connection heals by itself once the database answers again.
 */
class StorageFaultTest {
  private static final String CHANNEL = "channels/" + TestDistrict.MATH;

  @TempDir Path dataDir;

  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  @Test
  void anFsyncFailureStopsWritesWithUnavailableAndNotServingUntilARestart() throws Exception {
    FaultyWriterConnections faults = new FaultyWriterConnections();
    GatewaySettings settings = settings("");
    try (TestGateway gw = TestGateway.start(settings, s -> JdbcStore.openSqlite(s.dataDir(), faults))) {
      sendAll(gw, "before", 10);
      assertThat(refused).isEmpty();
      assertThat(health(gw)).isEqualTo(ServingStatus.SERVING);

      faults.failCommits(true);
      sendAll(gw, "during", 40);
      assertThat(faults.failedCommits()).isPositive();
      assertThat(acknowledged.keySet()).noneMatch(id -> id.startsWith("during"));
      assertThat(refused).hasSize(40);
      awaitHealth(gw, ServingStatus.NOT_SERVING);

      // The disk "works" again, but durability is in doubt: the store stays stopped.
      faults.failCommits(false);
      assertRejected(() -> send(gw, "after-fix"), Status.Code.UNAVAILABLE, "STORE_UNAVAILABLE");
      assertThat(health(gw)).isEqualTo(ServingStatus.NOT_SERVING);
    }
    try (TestGateway gw = TestGateway.start(settings)) {
      assertThat(health(gw)).isEqualTo(ServingStatus.SERVING);
      assertExactlyOnce(gw, acknowledged.keySet(), refused);
      retryRefused(gw);
      assertArchiveVerifies(gw);
    }
  }

  @Test
  void aPostgresqlOutageAnswersUnavailableAndHealsByItself() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create();
        TcpProxy proxy = new TcpProxy(PostgresSchema.host(), PostgresSchema.port());
        TestGateway gw = TestGateway.start(settings(schema.urlThrough(proxy.port())),
            (Function<GatewaySettings, Store>) s -> JdbcStore.openPostgres(s.storeUrl(), "", ""))) {
      sendAll(gw, "before", 10);
      assertThat(refused).isEmpty();

      proxy.cut();
      sendAll(gw, "during", 8);
      assertThat(refused).hasSize(8);
      awaitHealth(gw, ServingStatus.NOT_SERVING);

      proxy.restore();
      awaitHealth(gw, ServingStatus.SERVING);
      sendAll(gw, "after", 10);
      assertThat(refused).hasSize(8);
      assertExactlyOnce(gw, acknowledged.keySet(), refused);
      retryRefused(gw);
      assertArchiveVerifies(gw);
    }
  }

  private GatewaySettings settings(String storeUrl) {
    GatewaySettings dev = GatewaySettings.development(dataDir, 0).withDemoDistrict(false);
    return new GatewaySettings(dataDir, storeUrl, "", "", "127.0.0.1", 0, null, null, false, null,
        dev.maxTextBytes(), false, dev.policy(), GatewaySettings.RateLimits.OFF, dev.email(),
        dev.archive().withCheckpointInterval(Duration.ZERO));
  }

  private static Message send(TestGateway gw, String requestId) {
    return gw.messages(TestDistrict.TEACHER).createMessage(CreateMessageRequest.newBuilder()
        .setParent(CHANNEL).setRequestId(requestId)
        .setMessage(Message.newBuilder().setText("Reminder " + requestId + ": quiz on Friday."))
        .build());
  }

  /** Sends {@code count} messages from 4 threads; records what was acknowledged or refused. */
  private void sendAll(TestGateway gw, String prefix, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String id = prefix + "-" + i;
        futures.add(pool.submit(() -> {
          try {
            acknowledged.put(id, send(gw, id).getName());
          } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).as(e.toString()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(Errors.errorInfo(StatusProto.fromThrowable(e)).getReason())
                .isEqualTo("STORE_UNAVAILABLE");
            refused.add(id);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The refused sends, retried with their request ids, go through once each. */
  private void retryRefused(TestGateway gw) {
    for (String id : refused) {
      acknowledged.put(id, send(gw, id).getName());
    }
    assertExactlyOnce(gw, acknowledged.keySet(), Set.of());
  }

  private static void assertExactlyOnce(TestGateway gw, Set<String> acknowledgedIds, Set<String> absent) {
    Map<String, Long> stored = gw.gateway().store().reader()
        .messages(TestDistrict.MATH, Long.MAX_VALUE, 100_000, "").stream()
        .collect(Collectors.groupingBy(org.chaperone.domain.Message::requestId, Collectors.counting()));
    for (String id : acknowledgedIds) {
      assertThat(stored.get(id)).as("acknowledged message %s stored exactly once", id).isEqualTo(1L);
    }
    for (String id : absent) {
      assertThat(stored).as("refused message %s not stored", id).doesNotContainKey(id);
    }
  }

  private static void assertArchiveVerifies(TestGateway gw) {
    // Not waiting for the mailer: copies claimed by the stopped gateway wait for their retry.
    gw.gateway().checkpoints().writeIfGrown();
    VerificationReport report = new ArchiveVerifier(gw.gateway().store(),
        List.of(gw.gateway().checkpoints().publicKey())).verify();
    assertThat(report.ok()).as(report.toString()).isTrue();
  }

  private static ServingStatus health(TestGateway gw) {
    return HealthGrpc.newBlockingStub(gw.channel()).check(HealthCheckRequest.getDefaultInstance())
        .getStatus();
  }

  private static void awaitHealth(TestGateway gw, ServingStatus expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (health(gw) != expected) {
      assertThat(System.nanoTime()).as("health %s within 30 s", expected).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
