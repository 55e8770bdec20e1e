package org.chaperone.app;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.chaperone.archive.ArchiveCheckpoints;
import org.chaperone.archive.ArchiveSigner;
import org.chaperone.archive.ArchiveTree;
import org.chaperone.auth.CachingTokenVerifier;
import org.chaperone.auth.DevTokenAuthority;
import org.chaperone.auth.JwtSettings;
import org.chaperone.auth.JwtTokenVerifier;
import org.chaperone.auth.KeySource;
import org.chaperone.auth.TokenVerifier;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.directory.DirectoryQueries;
import org.chaperone.directory.RosterImport;
import org.chaperone.domain.Person;
import org.chaperone.integration.Integrations;
import org.chaperone.integration.RateLimiter;
import java.util.function.Function;
import java.util.function.Supplier;
import org.chaperone.messaging.Approvals;
import org.chaperone.domain.Role;
import org.chaperone.messaging.ChannelQueries;
import org.chaperone.messaging.Conversations;
import org.chaperone.messaging.ContentScreening;
import org.chaperone.messaging.HeldMessageRelease;
import org.chaperone.messaging.HeldMessageReview;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.messaging.MessageEdits;
import org.chaperone.messaging.MessageReading;
import org.chaperone.messaging.MessageRetractions;
import org.chaperone.messaging.MessageSubmission;
import org.chaperone.mail.EmlFileMailSender;
import org.chaperone.mail.SmtpMailSender;
import org.chaperone.outbox.CopyComposer;
import org.chaperone.outbox.EmailOutbox;
import org.chaperone.outbox.GuardianCopies;
import org.chaperone.outbox.MailSender;
import org.chaperone.outbox.OutboxDispatcher;
import org.chaperone.records.ArchiveProofs;
import org.chaperone.mail.EmlFormat;
import org.chaperone.records.LegalHolds;
import org.chaperone.records.RecordsAccess;
import org.chaperone.records.RetentionDisposition;
import org.chaperone.records.RetentionSchedules;
import org.chaperone.records.RecordsProductions;
import org.chaperone.records.RecordsRequests;
import org.chaperone.records.RecordsSearch;
import org.chaperone.store.Store;
import org.chaperone.store.jdbc.JdbcStore;
import org.chaperone.transport.grpc.GatewayServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the store, the use cases and the gRPC services from
 * {@link GatewaySettings} and serves them. {@code chaperone serve} and the tests start the gateway
 * through this one class, so tests exercise the production wiring.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final GatewaySettings settings;
  private final Store store;
  private final Server server;
  private final HealthStatusManager health;
  private final ExecutorService streamExecutor;
  private final ScheduledExecutorService housekeeping;
  private final DevTokenAuthority devTokens;
  private final RosterImport rosterImport;
  private final HeldMessageRelease release;
  private final OutboxDispatcher mailer;
  private final EmailOutbox emailOutbox;
  private final ArchiveCheckpoints checkpoints;
  private final ScheduledExecutorService checkpointSchedule;
  private final RetentionDisposition disposition;

  private Gateway(GatewaySettings settings, String inProcessName, Clock clock,
      Function<GatewaySettings, Store> storeOpener) {
    this.settings = settings;
    // Check the listening configuration before touching any data: a refused start changes nothing.
    ServerCredentials socketCredentials = inProcessName == null ? credentials(settings) : null;
    this.store = storeOpener.apply(settings);
    try {
      this.devTokens = settings.devMode() ? devAuthority(settings) : null;
      TokenVerifier verifier = new CachingTokenVerifier(
          devTokens != null ? devTokens.verifier() : new JwtTokenVerifier(jwtSettings(settings.jwt())));
      DeliveryHub hub = new DeliveryHub();
      this.streamExecutor = Executors.newFixedThreadPool(
          Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
          Thread.ofPlatform().name("stream-", 0).daemon().factory());
      Supplier<DistrictPolicy> policy = settings::policy;
      DevTokenAuthority integrationTokens = integrationAuthority(settings);
      this.rosterImport = new RosterImport(store, clock, policy);
      EmailSettings email = settings.email();
      CopyComposer composer = new CopyComposer(email.copies());
      MailSender mailSender = email.smtp() == null
          ? new EmlFileMailSender(settings.dataDir().resolve("outbox-mail"), email.mailFrom())
          : new SmtpMailSender(email.smtp(), email.mailFrom());
      this.mailer = new OutboxDispatcher(store, mailSender, composer, clock, email.retry(),
          email.mailDomain());
      this.emailOutbox = new EmailOutbox(clock, email.mailDomain(), mailer::wake);
      GuardianCopies copies = new GuardianCopies(emailOutbox, composer);
      this.release = new HeldMessageRelease(store, hub, clock, copies);
      this.checkpoints = new ArchiveCheckpoints(store, new ArchiveTree(store),
          archiveSigner(settings), clock);
      // A policy file that shortens a locked retention schedule stops the start, changing nothing.
      new RetentionSchedules(store, clock).apply(settings.policy());
      this.disposition = new RetentionDisposition(store, policy, clock);
      RecordsAccess recordsAccess = new RecordsAccess(settings.archive().recordsOfficers());
      warnAboutRecordsOfficers(settings.archive().recordsOfficers());
      String claim = settings.devMode() ? "sub" : settings.jwt().identityClaim();
      MessageSubmission submission = new MessageSubmission(store, hub, clock, policy,
          settings.maxTextBytes(), copies, new ContentScreening(store.reader(), policy));
      GatewayServices.Dependencies deps = new GatewayServices.Dependencies(
          submission,
          new MessageReading(store, clock),
          new ChannelQueries(store, clock),
          new Conversations(store, clock, policy, emailOutbox),
          new Approvals(store, clock, policy, emailOutbox),
          new DirectoryQueries(store.reader()),
          rosterImport,
          store.reader(),
          hub,
          streamExecutor,
          verifier,
          subject -> findPerson(claim, subject),
          new Integrations(store, clock, policy, integrationTokens::issue),
          new CachingTokenVerifier(integrationTokens.verifier()),
          new RateLimiter(settings.rateLimits().integrationPerSecond(),
              settings.rateLimits().integrationBurst(), clock),
          new RateLimiter(settings.rateLimits().senderPerSecond(), settings.rateLimits().senderBurst(), clock),
          new ArchiveProofs(store, checkpoints, recordsAccess),
          new RecordsSearch(store, recordsAccess, clock),
          checkpoints.publicKey(),
          new RecordsRequests(store, recordsAccess, settings.archive().deadlines(), clock),
          new RecordsProductions(store, recordsAccess, checkpoints, new EmlFormat(), clock),
          new MessageEdits(store, hub, clock, submission, copies),
          new MessageRetractions(store, hub, clock),
          new GatewayServices.CallCaps(settings.limits().maxStreamsPerPerson(),
              settings.limits().maxProductionsPerPerson(), settings.limits().maxProductions()),
          settings.tlsClientCa() != null,
          new HeldMessageReview(store, clock, release, emailOutbox),

          new LegalHolds(store, recordsAccess, clock));
      this.health = new HealthStatusManager();
      ServerBuilder<?> builder = inProcessName != null
          ? InProcessServerBuilder.forName(inProcessName)
          : io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
                  new InetSocketAddress(settings.host(), settings.port()), socketCredentials)
              .maxConcurrentCallsPerConnection(settings.limits().maxCallsPerConnection());
      GatewayServices.build(deps).forEach(builder::addService);
      builder.addService(health.getHealthService());
      builder.addService(ProtoReflectionServiceV1.newInstance());
      // Large enough for a district's roster zip; message texts have their own, smaller limit.
      builder.maxInboundMessageSize(settings.limits().maxRequestBytes());
      this.server = builder.build().start();
      this.housekeeping = Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("gateway-housekeeping").daemon().factory());
      housekeeping.scheduleWithFixedDelay(this::reportHealth, 0, 1, TimeUnit.SECONDS);
      // Quiet hours end on the clock, not on a request: release what is due every few seconds.
      housekeeping.scheduleWithFixedDelay(this::releaseHeldMessages, 1, 5, TimeUnit.SECONDS);
      // Records past retention are disposed of once a day (the first run soon after the start).
      housekeeping.scheduleWithFixedDelay(this::disposeExpiredRecords, 10 * 60, 24 * 60 * 60,
          TimeUnit.SECONDS);
      mailer.start();
      this.checkpointSchedule = Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("archive-checkpoints").daemon().factory());
      long every = settings.archive().checkpointInterval().toMillis();
      if (every > 0) {
        checkpointSchedule.scheduleWithFixedDelay(checkpoints::writeIfGrown, every, every,
            TimeUnit.MILLISECONDS);
      }
    } catch (IOException e) {
      store.close();
      throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port(), e);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Starts the gateway on a socket, as {@code chaperone serve} does. */
  public static Gateway start(GatewaySettings settings) {
    return new Gateway(settings, null, Clock.systemUTC(), Gateway::openStore);
  }

  /** Starts the gateway on an in-process transport named {@code name} (tests). */
  public static Gateway startInProcess(GatewaySettings settings, String name, Clock clock) {
    return new Gateway(settings, name, clock, Gateway::openStore);
  }

  /**
   * Starts the gateway in-process on the store {@code storeOpener} opens from the settings
   * (fault-injection tests wrap the store's connections).
   */
  public static Gateway startInProcess(GatewaySettings settings, String name, Clock clock,
      Function<GatewaySettings, Store> storeOpener) {
    return new Gateway(settings, name, clock, storeOpener);
  }

  /** Signs the gateway's own integration access tokens, with a key kept in the data directory. */
  private static DevTokenAuthority integrationAuthority(GatewaySettings settings) {
    try {
      return DevTokenAuthority.openOrCreate(settings.dataDir(), "integration-signing-key.jwk",
          "chaperone-integrations");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the integration signing key in " + settings.dataDir(), e);
    }
  }

  private static DevTokenAuthority devAuthority(GatewaySettings settings) {
    try {
      return DevTokenAuthority.openOrCreate(settings.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the development signing key in " + settings.dataDir(), e);
    }
  }

  private static ArchiveSigner archiveSigner(GatewaySettings settings) {
    try {
      return ArchiveSigner.openOrCreate(settings.archiveKeyFile(), settings.archive().origin());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the archive signing key "
          + settings.archiveKeyFile() + ": " + e.getMessage(), e);
    }
  }

  private void warnAboutRecordsOfficers(java.util.Set<String> ids) {
    if (store.reader().peopleCount() == 0) {
      return; // No roster yet: nothing to check the ids against.
    }
    for (String id : ids) {
      Optional<Person> person = store.reader().person(id);
      if (person.isEmpty()) {
        log.warn("Records officer {} is not an active person of the directory", id);
      } else if (person.get().role() != Role.ADMINISTRATOR && person.get().role() != Role.STAFF) {
        log.warn("Records officer {} is a {} in the roster; only administrators and staff can be"
            + " records officers", id, person.get().role());
      }
    }
  }

  private Optional<Person> findPerson(String claim, String subject) {
    return "email".equals(claim) ? store.reader().personByEmail(subject) : store.reader().person(subject);
  }

  private static Store openStore(GatewaySettings s) {
    if (s.storeUrl().isEmpty()) {
      return JdbcStore.openSqlite(s.dataDir());
    }
    if (!s.storeUrl().startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "the store URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), got " + s.storeUrl());
    }
    return JdbcStore.openPostgres(s.storeUrl(), s.storeUser(), s.storePassword());
  }

  private static JwtSettings jwtSettings(GatewaySettings.JwtIssuer jwt) {
    KeySource keys = jwt.jwksUrl() != null
        ? new KeySource.JwksUrl(jwt.jwksUrl()) : new KeySource.JwksFile(jwt.keysFile());
    return new JwtSettings(jwt.issuer(), jwt.audience(), jwt.identityClaim(), jwt.clockSkew(), keys);
  }

  private static ServerCredentials credentials(GatewaySettings s) {
    if (s.tlsCert() != null) {
      try {
        TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder()
            .keyManager(s.tlsCert().toFile(), s.tlsKey().toFile());
        if (s.tlsClientCa() != null) {
          // Optional at the TLS layer (people's apps have no certificate); integrations' calls
          // are refused without one (ClientCertificates).
          tls.trustManager(s.tlsClientCa().toFile())
              .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL);
        }
        return tls.build();
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException("cannot use the TLS certificate " + s.tlsCert()
            + " and key " + s.tlsKey() + ": " + e.getMessage(), e);
      }
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(s.host());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot resolve the listen address " + s.host(), e);
    }
    if (!address.isLoopbackAddress() && !s.plaintext()) {
      throw new IllegalArgumentException("refusing to listen on " + s.host()
          + " without TLS: give --tls-cert and --tls-key, or --plaintext when a TLS proxy fronts"
          + " the gateway");
    }
    if (!s.devMode() && !s.plaintext()) {
      // Outside development mode tokens travel on this connection: TLS unless told otherwise.
      throw new IllegalArgumentException("refusing to serve without TLS outside development mode"
          + " (an identity provider is configured): give --tls-cert and --tls-key, or --plaintext"
          + " when a TLS proxy fronts the gateway");
    }
    return InsecureServerCredentials.create();
  }

  private void releaseHeldMessages() {
    try {
      int released = release.releaseDue();
      if (released > 0) {
        log.info("Released {} message(s) held for quiet hours", released);
      }
    } catch (RuntimeException e) {
      log.warn("Releasing held messages failed; will retry: {}", e.toString());
    }
  }

  private void disposeExpiredRecords() {
    try {
      RetentionDisposition.Report report = disposition.run(false);
      if (report.total() > 0 || report.heldByLegalHold() + report.heldByRecordsRequest() > 0) {
        log.info("Retention: disposed of {} record(s) {}; kept {} for legal holds, {} for open"
            + " records requests, {} watching records whose records remain", report.total(),
            report.disposed(), report.heldByLegalHold(), report.heldByRecordsRequest(),
            report.heldForWatchedRecords());
      }
    } catch (RuntimeException e) {
      log.warn("Retention disposition failed; will retry tomorrow: {}", e.toString());
    }
  }

  /** Runs the retention disposition now (tests and operators). */
  public RetentionDisposition.Report disposeExpiredRecordsNow(boolean dryRun) {
    return disposition.run(dryRun);
  }

  /** Releases held messages whose time has come, now (tests and operators). */
  public int releaseHeldMessagesNow() {
    return release.releaseDue();
  }

  private void reportHealth() {
    health.setStatus("", store.healthy() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }

  /** The port the gateway listens on (socket transport). */
  public int port() {
    return server.getPort();
  }

  public Store store() {
    return store;
  }

  public GatewaySettings settings() {
    return settings;
  }

  public RosterImport rosterImport() {
    return rosterImport;
  }

  /** The email outbox, for use cases that queue notices in their transactions. */
  public EmailOutbox emailOutbox() {
    return emailOutbox;
  }

  /** The mailer that sends what the outbox holds. */
  public OutboxDispatcher mailer() {
    return mailer;
  }

  /** The archive's checkpoints (signing key, tree, schedule). */
  public ArchiveCheckpoints checkpoints() {
    return checkpoints;
  }

  /** The development token issuer; empty when a district identity provider is configured. */
  public Optional<DevTokenAuthority> devTokens() {
    return Optional.ofNullable(devTokens);
  }

  /** Blocks until the server shuts down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      // Unary calls finish within the grace period; open streams are then cancelled, so their
      // clients see UNAVAILABLE and resume from their cursors elsewhere (or after a restart).
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    housekeeping.shutdownNow();
    streamExecutor.shutdownNow();
    mailer.close();
    checkpointSchedule.shutdownNow();
    try {
      checkpointSchedule.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Sign what was appended since the last checkpoint, so a restart leaves nothing unsigned.
    checkpoints.writeIfGrown();
    store.close();
    log.info("Gateway stopped");
  }
}
