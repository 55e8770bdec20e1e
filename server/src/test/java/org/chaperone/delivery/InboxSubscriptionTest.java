package org.chaperone.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.chaperone.directory.RosterImport;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.Caller;
import org.chaperone.messaging.MessageSubmission;
import org.chaperone.outbox.CopyComposer;
import org.chaperone.outbox.CopyPolicy;
import org.chaperone.outbox.EmailOutbox;
import org.chaperone.outbox.GuardianCopies;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.store.StoreReader;
import org.chaperone.store.jdbc.JdbcStore;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscription opened while sends are committing concurrently delivers every message exactly
 * once, in inbox order — whether it keeps up (announcements) or lags far behind (store reads after
 * the announcements overflow).
 */
class InboxSubscriptionTest {
  @TempDir Path dir;
  JdbcStore store;
  DeliveryHub hub;
  MessageSubmission submission;
  ExecutorService executor;

  @BeforeEach
  void setUp() throws Exception {
    store = JdbcStore.openSqlite(dir);
    new RosterImport(store, Clock.systemUTC(), () -> DistrictPolicy.DEFAULT)
        .apply("test", OneRosterReader.readZip(TestDistrict.zip()), false);
    hub = new DeliveryHub();
    submission = new MessageSubmission(store, hub, Clock.systemUTC(), () -> DistrictPolicy.DEFAULT, 16384,
        new GuardianCopies(new EmailOutbox(Clock.systemUTC(), "lincoln.example.org", () -> {}),
            new CopyComposer(CopyPolicy.defaults())));
    executor = Executors.newFixedThreadPool(4);
  }

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
    store.close();
  }

  @ParameterizedTest(name = "reader pause {0} µs per message")
  @ValueSource(ints = {0, 300})
  void deliversEveryMessageOnceInOrderWhileSendsRace(int pauseMicros) throws Exception {
    Caller teacher = new Caller(store.reader().person(TestDistrict.TEACHER).orElseThrow(), "");
    ExecutorService senders = Executors.newFixedThreadPool(6);
    int total = 1200;
    List<Future<?>> sends = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      int thread = t;
      sends.add(senders.submit(() -> {
        for (int i = 0; i < total / 6; i++) {
          submission.submit(teacher, new MessageSubmission.Submission(TestDistrict.MATH,
              "m" + thread + "-" + i, "r" + thread + "-" + i, false));
        }
        return null;
      }));
    }
    // Subscribe while the sends are under way, from the beginning.
    Thread.sleep(20);
    List<Long> received = new CopyOnWriteArrayList<>();
    InboxSubscription subscription = new InboxSubscription(store.reader(), executor, TestDistrict.G1,
        "", 0, new InboxSubscription.Sink() {
          @Override
          public boolean ready() {
            return true;
          }

          @Override
          public void send(StoreReader.Delivery delivery) {
            received.add(delivery.deliveryId());
            if (pauseMicros > 0) {
              java.util.concurrent.locks.LockSupport.parkNanos(pauseMicros * 1000L);
            }
          }

          @Override
          public void fail(RuntimeException error) {
            throw error;
          }
        });
    AutoCloseable listening = hub.listen(TestDistrict.G1, subscription);
    try {
      subscription.wake();
      for (Future<?> f : sends) {
        f.get(60, TimeUnit.SECONDS);
      }
      senders.shutdown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (received.size() < total && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
    } finally {
      listening.close();
    }
    List<Long> expected = store.reader().inbox(TestDistrict.G1, 0, "", 10_000).stream()
        .map(StoreReader.Delivery::deliveryId).toList();
    assertThat(expected).hasSize(total);
    assertThat(received).containsExactlyElementsOf(expected);
  }
}
