package org.chaperone.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.chaperone.app.DemoDistrictSeed;
import org.chaperone.app.Gateway;
import org.chaperone.app.GatewaySettings;
import org.chaperone.auth.DevTokenAuthority;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.records.RequestDeadlines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chaperone serve}: runs the gateway. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
        "Runs the gateway.",
        "Without an identity provider (--jwt-issuer) it runs in development mode: it listens on"
            + " localhost without TLS, signs tokens with a key in the data directory, and loads"
            + " a demo district into an empty directory, printing sample tokens.",
        "Every option can also be set as CHAPERONE_<OPTION> in the environment or as <option>=value"
            + " in the --config properties file; flags win over the environment, which wins over"
            + " the file."})
final class ServeCommand implements Callable<Integer> {
  @Mixin StoreOptions store;
  @Mixin ArchiveKeyOptions archiveKey;

  @Option(names = "--records-officers", split = ",", paramLabel = "ID",
      description = "Roster ids (comma-separated) of the district's records officers: administrators"
          + " or staff who may search and view the archive. Every search and view is archived.")
  java.util.Set<String> recordsOfficers = new java.util.LinkedHashSet<>();

  @Option(names = "--checkpoint-interval", defaultValue = "5m", paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How often to sign an archive checkpoint when the log has grown, e.g. 90s, 5m,"
          + " 1h; 0: only on demand and at shutdown (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(names = "--request-deadlines", defaultValue = "", paramLabel = "RULES",
      description = "When records requests are due, by kind, as your state requires: e.g."
          + " public_records=10bd,ferpa_inspection=45d (bd: business days, d: days). Unnamed kinds"
          + " keep the defaults: public_records=5bd, ferpa_inspection=45d, litigation=30d,"
          + " internal=30d.")
  String requestDeadlines;

  @Mixin EmailOptions email;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A properties file of option values, e.g. store-url=jdbc:postgresql://...")
  Path config;

  @Option(names = "--listen", defaultValue = "127.0.0.1:8443", paramLabel = "HOST:PORT",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key (PKCS#8).")
  Path tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "PEM",
      description = "CA certificate(s) that issue integrations' client certificates: with it,"
          + " integrations must call over mutual TLS with a certificate whose common name is their"
          + " client id (people need none).")
  Path tlsClientCa;

  @Option(names = "--plaintext", defaultValue = "false",
      description = "Serve without TLS outside development mode, or on a non-localhost address"
          + " (only behind a TLS-terminating proxy).")
  boolean plaintext;

  @Option(names = "--max-request-bytes", defaultValue = "33554432", paramLabel = "BYTES",
      description = "Largest request message, e.g. a roster zip (default: ${DEFAULT-VALUE}).")
  int maxRequestBytes;

  @Option(names = "--max-calls-per-connection", defaultValue = "100", paramLabel = "N",
      description = "Concurrent calls (HTTP/2 streams) one connection may hold (default: ${DEFAULT-VALUE}).")
  int maxCallsPerConnection;

  @Option(names = "--max-streams-per-person", defaultValue = "16", paramLabel = "N",
      description = "Open message streams per person (default: ${DEFAULT-VALUE}).")
  int maxStreamsPerPerson;

  @Option(names = "--max-productions", defaultValue = "2", paramLabel = "N",
      description = "Productions (records exports) running at once, one per person (default: ${DEFAULT-VALUE}).")
  int maxProductions;

  @Option(names = "--jwt-issuer", defaultValue = "", paramLabel = "ISS",
      description = "The district identity provider's issuer. Empty: development mode.")
  String jwtIssuer;

  @Option(names = "--jwt-audience", defaultValue = "chaperone", paramLabel = "AUD",
      description = "The audience tokens must name (default: ${DEFAULT-VALUE}).")
  String jwtAudience;

  @Option(names = "--jwks-url", paramLabel = "URL", description = "The provider's JWKS URL.")
  URI jwksUrl;

  @Option(names = "--jwt-keys-file", paramLabel = "FILE",
      description = "A JWK Set or PEM public key file, instead of --jwks-url.")
  Path jwtKeysFile;

  @Option(names = "--identity-claim", defaultValue = "sub", paramLabel = "CLAIM",
      description = "Token claim naming the person: sub (roster sourcedId) or email (default: ${DEFAULT-VALUE}).")
  String identityClaim;

  @Option(names = "--max-text-bytes", defaultValue = "16384", paramLabel = "BYTES",
      description = "Largest message text accepted, in UTF-8 bytes (default: ${DEFAULT-VALUE}).")
  int maxTextBytes;

  @Option(names = "--policy-file", paramLabel = "FILE",
      description = "The district policy file (supervision, approvals, quiet hours); see the README."
          + " Without it, built-in defaults apply: guardians supervise, or supervising staff where"
          + " no guardian can; no quiet hours.")
  Path policyFile;

  @Option(names = "--integration-rate", defaultValue = "50", paramLabel = "PER_SECOND",
      description = "Calls per second each integration may make, sustained (0: no limit; default: ${DEFAULT-VALUE}).")
  double integrationRate;

  @Option(names = "--sender-rate", defaultValue = "50", paramLabel = "PER_SECOND",
      description = "Messages per second each person may send, directly or through integrations (0: no limit; default: ${DEFAULT-VALUE}).")
  double senderRate;

  @Option(names = "--demo-district", defaultValue = "true", negatable = true, fallbackValue = "true",
      description = "In development mode, load a demo district into an empty directory (default: ${DEFAULT-VALUE}).")
  boolean demoDistrict;

  @Override
  public Integer call() throws Exception {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--listen must be HOST:PORT, got " + listen);
    }
    String host = listen.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(listen.substring(colon + 1));
    GatewaySettings.JwtIssuer jwt = jwtIssuer.isEmpty() ? null : new GatewaySettings.JwtIssuer(
        jwtIssuer, jwtAudience, jwksUrl, jwtKeysFile, identityClaim, Duration.ofSeconds(60));
    GatewaySettings settings = new GatewaySettings(store.dataDir, store.storeUrl, store.storeUser,
        store.storePassword, host, port, tlsCert, tlsKey, plaintext, jwt, maxTextBytes, demoDistrict,
        policyFile == null ? DistrictPolicy.DEFAULT : PolicyFiles.load(policyFile),
        new GatewaySettings.RateLimits(integrationRate, integrationRate * 4, senderRate, senderRate * 10),
        email.settings(),
        new GatewaySettings.Archive(archiveKey.keyFile, archiveKey.origin, checkpointInterval,
            recordsOfficers, RequestDeadlines.parse(requestDeadlines)),
        new GatewaySettings.ResourceLimits(maxRequestBytes, maxCallsPerConnection,
            maxStreamsPerPerson, maxProductions, 1),
        tlsClientCa);
    if (settings.devMode() && !java.net.InetAddress.getByName(host).isLoopbackAddress()) {
      throw new IllegalArgumentException("development mode (no --jwt-issuer) listens on localhost only;"
          + " configure the district identity provider to listen on " + host);
    }
    Gateway gateway = Gateway.start(settings);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(gateway::close));
    System.out.println("Chaperone gateway listening on " + host + ":" + gateway.port()
        + (tlsCert != null ? " (TLS)" : " (plaintext)") + ", store: " + gateway.store().engine()
        + (settings.storeUrl().isEmpty() ? " at " + settings.dataDir().toAbsolutePath() : "")
        + ", policy " + settings.policy().label());
    System.out.println("Email copies: " + (settings.email().smtp() != null
        ? "sent through " + settings.email().smtp()
        : "written as .eml files to " + settings.dataDir().resolve("outbox-mail").toAbsolutePath()
            + " (no --smtp-host)"));
    System.out.println("Archive checkpoints are signed with " + settings.archiveKeyFile().toAbsolutePath()
        + "; verifier key: " + gateway.checkpoints().publicKey().encoded());
    if (settings.devMode()) {
      DevTokenAuthority tokens = gateway.devTokens().orElseThrow();
      List<DemoDistrictSeed.SampleLogin> logins = DemoDistrictSeed.seedIfEmpty(gateway);
      System.out.println("Development mode: tokens are signed with " + settings.dataDir()
          .resolve("dev-signing-key.jwk").toAbsolutePath() + " (chaperone token issue --person ID).");
      if (!logins.isEmpty()) {
        System.out.println("Sample tokens for the demo district (valid 12 hours):");
        for (DemoDistrictSeed.SampleLogin login : logins) {
          System.out.println("  " + login.label() + " (people/" + login.personId() + "):");
          System.out.println("    " + tokens.issue(login.personId(), Duration.ofHours(12)));
        }
      }
    }
    System.out.flush();
    gateway.awaitTermination();
    return 0;
  }
}
