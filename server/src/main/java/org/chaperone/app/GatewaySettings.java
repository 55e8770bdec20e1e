package org.chaperone.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.chaperone.policy.DistrictPolicy;
import java.util.Set;
import org.chaperone.archive.ArchiveSigner;
import org.chaperone.records.RequestDeadlines;

/**
 * Everything the gateway needs to start. Built by the {@code serve} command from flags, the
 * environment and a config file; built directly by tests.
 *
 * @param dataDir where the embedded store, the dev signing key and generated files live
 * @param storeUrl a PostgreSQL JDBC URL, or empty for the embedded SQLite store
 * @param storeUser PostgreSQL user, or empty
 * @param storePassword PostgreSQL password, or empty
 * @param host the address to listen on
 * @param port the port to listen on (0: any free port)
 * @param tlsCert PEM certificate chain for TLS, or null
 * @param tlsKey PEM private key for TLS, or null
 * @param plaintext allow listening without TLS on a non-loopback address (behind a TLS proxy)
 * @param jwt the district identity provider; null for development mode (local signing key)
 * @param maxTextBytes the largest message text accepted, in UTF-8 bytes
 * @param demoDistrict in development mode, load a generated demo district into an empty directory
 * @param policy the district policy (from its policy file, or the built-in defaults)
 * @param rateLimits calls per integration and sends per person
 * @param email how email copies and notices are sent
 * @param archive the archive's signing key, origin, checkpoint schedule and records officers
 * @param limits request size and concurrency limits per connection and per caller
 * @param tlsClientCa PEM certificates of the CA that issues integrations' client certificates:
 *     with it, integrations must present one (mutual TLS); null: no client certificates
 */
public record GatewaySettings(
    Path dataDir,
    String storeUrl,
    String storeUser,
    String storePassword,
    String host,
    int port,
    Path tlsCert,
    Path tlsKey,
    boolean plaintext,
    JwtIssuer jwt,
    int maxTextBytes,
    boolean demoDistrict,
    DistrictPolicy policy,
    RateLimits rateLimits,
    EmailSettings email,
    Archive archive,
    ResourceLimits limits,
    Path tlsClientCa) {

  public static final int DEFAULT_PORT = 8443;
  public static final int DEFAULT_MAX_TEXT_BYTES = 16 * 1024;

  public GatewaySettings {
    Objects.requireNonNull(dataDir, "dataDir");
    storeUrl = Objects.requireNonNullElse(storeUrl, "");
    storeUser = Objects.requireNonNullElse(storeUser, "");
    storePassword = Objects.requireNonNullElse(storePassword, "");
    host = Objects.requireNonNullElse(host, "127.0.0.1");
    if (maxTextBytes <= 0) {
      throw new IllegalArgumentException("the maximum text size must be positive");
    }
    policy = Objects.requireNonNullElse(policy, DistrictPolicy.DEFAULT);
    rateLimits = Objects.requireNonNullElse(rateLimits, RateLimits.DEFAULT);
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("TLS needs both a certificate and a private key");
    }
    email = Objects.requireNonNullElseGet(email, EmailSettings::embedded);
    archive = Objects.requireNonNullElseGet(archive, Archive::defaults);
    limits = Objects.requireNonNullElse(limits, ResourceLimits.DEFAULT);
    if (tlsClientCa != null && tlsCert == null) {
      throw new IllegalArgumentException("client certificates (mutual TLS) need TLS: give the"
          + " server's certificate and key too");
    }
  }

  /** Settings with the default resource limits and no client certificates. */
  public GatewaySettings(Path dataDir, String storeUrl, String storeUser, String storePassword,
      String host, int port, Path tlsCert, Path tlsKey, boolean plaintext, JwtIssuer jwt,
      int maxTextBytes, boolean demoDistrict, DistrictPolicy policy, RateLimits rateLimits,
      EmailSettings email, Archive archive) {
    this(dataDir, storeUrl, storeUser, storePassword, host, port, tlsCert, tlsKey, plaintext, jwt,
        maxTextBytes, demoDistrict, policy, rateLimits, email, archive, ResourceLimits.DEFAULT, null);
  }

  /** Settings with the default policy, rate limits, embedded email (files) and archive defaults. */
  public GatewaySettings(Path dataDir, String storeUrl, String storeUser, String storePassword,
      String host, int port, Path tlsCert, Path tlsKey, boolean plaintext, JwtIssuer jwt,
      int maxTextBytes, boolean demoDistrict, DistrictPolicy policy, RateLimits rateLimits) {
    this(dataDir, storeUrl, storeUser, storePassword, host, port, tlsCert, tlsKey, plaintext, jwt,
        maxTextBytes, demoDistrict, policy, rateLimits, EmailSettings.embedded(), Archive.defaults());
  }

  /** Development defaults: SQLite under {@code dataDir}, localhost, dev tokens, demo district. */
  public static GatewaySettings development(Path dataDir, int port) {
    return new GatewaySettings(dataDir, "", "", "", "127.0.0.1", port, null, null, false, null,
        DEFAULT_MAX_TEXT_BYTES, true, DistrictPolicy.DEFAULT, RateLimits.DEFAULT);
  }

  /** Every setting but secrets: the store password (also inside the URL) is never printed. */
  @Override
  public String toString() {
    return "GatewaySettings[dataDir=" + dataDir
        + ", storeUrl=" + storeUrl.replaceAll("(?i)(password=)[^&;]*", "$1(set)")
        + ", storeUser=" + storeUser + ", storePassword=" + (storePassword.isEmpty() ? "" : "(set)")
        + ", listen=" + host + ":" + port + ", tlsCert=" + tlsCert + ", tlsKey=" + tlsKey
        + ", tlsClientCa=" + tlsClientCa + ", plaintext=" + plaintext + ", jwt=" + jwt
        + ", maxTextBytes=" + maxTextBytes + ", demoDistrict=" + demoDistrict
        + ", policy=" + policy.label() + ", rateLimits=" + rateLimits + ", email=" + email
        + ", archive=" + archive + ", limits=" + limits + "]";
  }

  public boolean devMode() {
    return jwt == null;
  }

  public GatewaySettings withDemoDistrict(boolean demo) {
    return new GatewaySettings(dataDir, storeUrl, storeUser, storePassword, host, port, tlsCert,
        tlsKey, plaintext, jwt, maxTextBytes, demo, policy, rateLimits, email, archive, limits,
        tlsClientCa);
  }

  public GatewaySettings withPolicy(DistrictPolicy newPolicy) {
    return new GatewaySettings(dataDir, storeUrl, storeUser, storePassword, host, port, tlsCert,
        tlsKey, plaintext, jwt, maxTextBytes, demoDistrict, newPolicy, rateLimits, email, archive, limits,
        tlsClientCa);
  }

  public GatewaySettings withRateLimits(RateLimits newLimits) {
    return new GatewaySettings(dataDir, storeUrl, storeUser, storePassword, host, port, tlsCert,
        tlsKey, plaintext, jwt, maxTextBytes, demoDistrict, policy, newLimits, email, archive,
        this.limits, tlsClientCa);
  }

  public GatewaySettings withEmail(EmailSettings newEmail) {
    return new GatewaySettings(dataDir, storeUrl, storeUser, storePassword, host, port, tlsCert,
        tlsKey, plaintext, jwt, maxTextBytes, demoDistrict, policy, rateLimits, newEmail, archive, limits,
        tlsClientCa);
  }

  /**
   * Rate limits: sustained calls per second and burst, per integration and per sending person.
   * A rate of 0 turns the limit off (benchmarks).
   */
  public record RateLimits(double integrationPerSecond, double integrationBurst,
      double senderPerSecond, double senderBurst) {
    /** Generous for people and integrations alike; a runaway job still hits them. */
    public static final RateLimits DEFAULT = new RateLimits(50, 200, 50, 500);
    public static final RateLimits OFF = new RateLimits(0, 0, 0, 0);
  }


  public GatewaySettings withArchive(Archive newArchive) {
    return new GatewaySettings(dataDir, storeUrl, storeUser, storePassword, host, port, tlsCert,
        tlsKey, plaintext, jwt, maxTextBytes, demoDistrict, policy, rateLimits, email, newArchive, limits,
        tlsClientCa);
  }

  public GatewaySettings withLimits(ResourceLimits newLimits) {
    return new GatewaySettings(dataDir, storeUrl, storeUser, storePassword, host, port, tlsCert,
        tlsKey, plaintext, jwt, maxTextBytes, demoDistrict, policy, rateLimits, email, archive,
        newLimits, tlsClientCa);
  }

  /**
   * What one connection and one caller may hold at once, so that no client (a runaway job, a
   * client that opens streams and never reads) can exhaust the gateway's memory or threads.
   *
   * @param maxRequestBytes the largest request message (the roster zip is the largest)
   * @param maxCallsPerConnection concurrent calls (HTTP/2 streams) on one connection
   * @param maxStreamsPerPerson open {@code StreamMessages} subscriptions per person
   * @param maxProductions {@code ExportProduction} calls running at once, in all
   * @param maxProductionsPerPerson {@code ExportProduction} calls running at once per person
   */
  public record ResourceLimits(int maxRequestBytes, int maxCallsPerConnection,
      int maxStreamsPerPerson, int maxProductions, int maxProductionsPerPerson) {
    public static final ResourceLimits DEFAULT = new ResourceLimits(32 * 1024 * 1024, 100, 16, 2, 1);

    public ResourceLimits {
      if (maxRequestBytes <= 0 || maxCallsPerConnection <= 0 || maxStreamsPerPerson <= 0
          || maxProductions <= 0 || maxProductionsPerPerson <= 0) {
        throw new IllegalArgumentException("every resource limit must be positive");
      }
    }
  }

  /** The archive's checkpoint signing key file. */
  public Path archiveKeyFile() {
    return archive.signingKeyFile() != null
        ? archive.signingKeyFile() : dataDir.resolve(ArchiveSigner.DEFAULT_KEY_FILE_NAME);
  }

  /**
   * The archive's settings.
   *
   * @param signingKeyFile the Ed25519 key checkpoints are signed with (PEM, created on first
   *     start); null: {@code archive-signing-key.pem} in the data directory
   * @param origin the log's origin: the first line of every checkpoint and the signing key's name,
   *     e.g. {@code lincoln.k12.example.us/chaperone}
   * @param checkpointInterval how often to sign a checkpoint when the log has grown; zero: only on
   *     demand (and when the gateway stops)
   * @param recordsOfficers roster ids of the district's records officers (administrators or
   *     staff)
   * @param deadlines when records requests are due, by kind
   */
  public record Archive(Path signingKeyFile, String origin, Duration checkpointInterval,
      Set<String> recordsOfficers, RequestDeadlines deadlines) {
    public static final String DEFAULT_ORIGIN = "chaperone/archive";
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(5);

    public Archive {
      origin = Objects.requireNonNullElse(origin, DEFAULT_ORIGIN);
      checkpointInterval = Objects.requireNonNullElse(checkpointInterval,
          DEFAULT_CHECKPOINT_INTERVAL);
      if (checkpointInterval.isNegative()) {
        throw new IllegalArgumentException("the checkpoint interval must not be negative");
      }
      recordsOfficers = Set.copyOf(Objects.requireNonNullElse(recordsOfficers, Set.of()));
      deadlines = Objects.requireNonNullElseGet(deadlines, RequestDeadlines::defaults);
    }

    /** The data directory's key, the default origin, a checkpoint every 5 minutes, no officers. */
    public static Archive defaults() {
      return new Archive(null, DEFAULT_ORIGIN, DEFAULT_CHECKPOINT_INTERVAL, Set.of(),
          RequestDeadlines.defaults());
    }

    public Archive withRecordsOfficers(Set<String> ids) {
      return new Archive(signingKeyFile, origin, checkpointInterval, ids, deadlines);
    }

    public Archive withCheckpointInterval(Duration interval) {
      return new Archive(signingKeyFile, origin, interval, recordsOfficers, deadlines);
    }
  }

  /**
   * The district's identity provider.
   *
   * @param issuer the expected {@code iss}
   * @param audience the expected {@code aud}
   * @param jwksUrl where its public keys are published, or null
   * @param keysFile a JWK Set or PEM public key file, or null
   * @param identityClaim the claim naming the person: {@code sub} (roster sourcedId) or
   *     {@code email} (district email address)
   * @param clockSkew tolerated clock difference
   */
  public record JwtIssuer(String issuer, String audience, URI jwksUrl, Path keysFile,
      String identityClaim, Duration clockSkew) {
    public JwtIssuer {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(audience, "audience");
      if ((jwksUrl == null) == (keysFile == null)) {
        throw new IllegalArgumentException("give exactly one of a JWKS URL and a keys file");
      }
      identityClaim = Objects.requireNonNullElse(identityClaim, "sub");
      clockSkew = Objects.requireNonNullElse(clockSkew, Duration.ofSeconds(60));
    }
  }
}
