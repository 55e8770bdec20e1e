package org.chaperone.testing;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.chaperone.api.v1.ApprovalServiceGrpc;
import org.chaperone.api.v1.ArchiveServiceGrpc;
import org.chaperone.api.v1.ChannelServiceGrpc;
import org.chaperone.api.v1.DirectoryServiceGrpc;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.ReviewServiceGrpc;
import org.chaperone.app.Gateway;
import org.chaperone.app.GatewaySettings;
import org.chaperone.directory.oneroster.OneRosterReader;

/**
 * The production gateway on an in-process transport, with {@link TestDistrict} imported, and
 * stubs that call as a given person. Close it after the test.
 */
public final class TestGateway implements AutoCloseable {
  private final Gateway gateway;
  private final ManagedChannel channel;

  private TestGateway(Gateway gateway, String name) {
    this.gateway = gateway;
    this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  public static TestGateway start(Path dataDir) {
    return start(GatewaySettings.development(dataDir, 0).withDemoDistrict(false));
  }

  public static TestGateway start(GatewaySettings settings) {
    return start(settings, Clock.systemUTC());
  }

  public static TestGateway start(GatewaySettings settings, Clock clock) {
    return start(settings, clock, TestDistrict.zip());
  }

  /**
   * The gateway with {@code rosterZip} (e.g. {@link TestDistrict#twoSchools()}) imported, under
   * the test district's policy ({@link TestDistrict#policy()}) unless the settings name another
   * than the built-in one.
   */
  public static TestGateway start(GatewaySettings settings, Clock clock, byte[] rosterZip) {
    if (settings.policy() == org.chaperone.policy.DistrictPolicy.DEFAULT) {
      settings = settings.withPolicy(TestDistrict.policy());
    }
    String name = InProcessServerBuilder.generateName();
    return start(Gateway.startInProcess(settings, name, clock), name, rosterZip);
  }

  /** The gateway on the store {@code storeOpener} opens (fault injection), with TestDistrict. */
  public static TestGateway start(GatewaySettings settings,
      java.util.function.Function<GatewaySettings, org.chaperone.store.Store> storeOpener) {
    String name = InProcessServerBuilder.generateName();
    return start(Gateway.startInProcess(settings, name, Clock.systemUTC(), storeOpener), name,
        TestDistrict.zip());
  }

  private static TestGateway start(Gateway gateway, String name, byte[] rosterZip) {
    try {
      gateway.rosterImport().apply("test", OneRosterReader.readZip(rosterZip), false);
    } catch (Exception e) {
      gateway.close();
      throw new IllegalStateException(e);
    }
    return new TestGateway(gateway, name);
  }

  public Gateway gateway() {
    return gateway;
  }

  public ManagedChannel channel() {
    return channel;
  }

  public String token(String personId) {
    return gateway.devTokens().orElseThrow().issue(personId, Duration.ofHours(1));
  }

  public static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        applier.apply(headers);
      }
    };
  }

  public MessageServiceGrpc.MessageServiceBlockingStub messages(String personId) {
    return MessageServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token(personId)));
  }

  public MessageServiceGrpc.MessageServiceStub messagesAsync(String personId) {
    return MessageServiceGrpc.newStub(channel).withCallCredentials(bearer(token(personId)));
  }

  public ChannelServiceGrpc.ChannelServiceBlockingStub channels(String personId) {
    return ChannelServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token(personId)));
  }

  public ApprovalServiceGrpc.ApprovalServiceBlockingStub approvals(String personId) {
    return ApprovalServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token(personId)));
  }

  public ReviewServiceGrpc.ReviewServiceBlockingStub reviews(String personId) {
    return ReviewServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token(personId)));
  }

  public DirectoryServiceGrpc.DirectoryServiceBlockingStub directory(String personId) {
    return DirectoryServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token(personId)));
  }

  /**
   * Waits until the mailer has nothing pending (every email sent, failed or waiting for a digest),
   * so that the archive entries of its attempts are in: they are appended after the commits that
   * queued the emails.
   */
  public void awaitEmailsSettled() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (gateway.store().reader().outbox().counts()
        .get(org.chaperone.outbox.EmailState.PENDING) > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("emails still pending after 30 s: "
            + gateway.store().reader().outbox().counts());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Verifies the whole archive as {@code chaperone archive verify} does, once the mailer's entries
   * are in and a checkpoint is signed, and returns the report.
   */
  public org.chaperone.archive.VerificationReport verifyArchive() {
    awaitEmailsSettled();
    gateway.checkpoints().writeIfGrown();
    return new org.chaperone.archive.ArchiveVerifier(gateway.store(),
        java.util.List.of(gateway.checkpoints().publicKey())).verify();
  }

  public ArchiveServiceGrpc.ArchiveServiceBlockingStub archive(String personId) {
    return ArchiveServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(token(personId)));
  }

  @Override
  public void close() {
    channel.shutdownNow();
    gateway.close();
  }
}
