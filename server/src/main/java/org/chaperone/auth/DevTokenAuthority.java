package org.chaperone.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and verifies tokens for development and tests, when no district identity provider is
 * configured.
 *
 * <p>The signing key is an EC P-256 key kept in {@code <dataDir>/dev-signing-key.jwk}, created on
 * first use and reused afterwards, so tokens survive a restart. Tokens are ES256 JWS with a {@code
 * kid} header and the claims {@code iss} ({@value #ISSUER}), {@code aud} ({@value #AUDIENCE}),
 * {@code sub}, {@code iat}, {@code exp} and a random {@code jti}.
 *
 * <p>Whoever can read the key file can sign in as anyone: this authority is for development
 * deployments only.
 *
 * <p>Thread-safe and immutable.
 */
public final class DevTokenAuthority {
  private static final Logger log = LoggerFactory.getLogger(DevTokenAuthority.class);

  /** The {@code iss} of every development token. */
  public static final String ISSUER = "chaperone-dev";

  /** The {@code aud} of every development token. */
  public static final String AUDIENCE = "chaperone";

  /** The key file's name inside the data directory. */
  public static final String KEY_FILE_NAME = "dev-signing-key.jwk";

  // Why some skew although issuer and verifier share a clock: tokens may be handed to a client on
  // another machine whose clock drifts.
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private final ECKey signingKey;
  private final JWSSigner signer;
  private final String issuer;
  private final TokenVerifier verifier;

  private DevTokenAuthority(ECKey signingKey, String issuer) {
    this.signingKey = signingKey;
    this.issuer = issuer;
    try {
      this.signer = new ECDSASigner(signingKey);
    } catch (JOSEException e) {
      throw new IllegalStateException("development signing key is unusable", e);
    }
    this.verifier = verifier(Clock.systemUTC());
  }

  /**
   * Loads the signing key from {@code dataDir}, or creates it there (and the directory) when
   * absent.
   *
   * <p>A new key file is written completely, readable by its owner only where the file system has
   * POSIX permissions, before it appears under its name; when several processes race, all end up
   * using the one key that was published first.
   *
   * @throws IOException when the key cannot be read or written, or the file does not hold an EC
   *     P-256 private JWK with a key id
   */
  public static DevTokenAuthority openOrCreate(Path dataDir) throws IOException {
    return openOrCreate(dataDir, KEY_FILE_NAME, ISSUER);
  }

  /**
   * Like {@link #openOrCreate(Path)}, for another of the gateway's own token kinds (integration
   * access tokens): a key in {@code keyFileName} and tokens naming {@code issuer}.
   */
  public static DevTokenAuthority openOrCreate(Path dataDir, String keyFileName, String issuer)
      throws IOException {
    Files.createDirectories(dataDir);
    Path keyFile = dataDir.resolve(keyFileName);
    if (Files.exists(keyFile)) {
      return new DevTokenAuthority(load(keyFile), issuer);
    }
    ECKey created = generateKey();
    if (publish(created, keyFile)) {
      log.info("Created signing key {} in {}", created.getKeyID(), keyFile);
      return new DevTokenAuthority(created, issuer);
    }
    return new DevTokenAuthority(load(keyFile), issuer);
  }

  /** Issues a token for {@code subject}, valid for {@code ttl} from now. */
  public String issue(String subject, Duration ttl) {
    return issue(subject, ttl, Clock.systemUTC());
  }

  /**
   * Issues a token for {@code subject}, valid for {@code ttl} from {@code clock}'s now (truncated
   * to whole seconds, as JWT times are).
   *
   * @throws IllegalArgumentException when {@code subject} is blank or {@code ttl} is not positive
   */
  public String issue(String subject, Duration ttl, Clock clock) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(clock, "clock");
    if (subject.isBlank()) {
      throw new IllegalArgumentException("subject is blank");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(AUDIENCE)
            .subject(subject)
            .issueTime(Date.from(issuedAt))
            .expirationTime(Date.from(issuedAt.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID(signingKey.getKeyID())
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign development token", e);
    }
    return jwt.serialize();
  }

  /** A verifier that accepts this authority's tokens, judged against the system clock. */
  public TokenVerifier verifier() {
    return verifier;
  }

  /** A verifier that accepts this authority's tokens, judged against {@code clock}. */
  public TokenVerifier verifier(Clock clock) {
    return new JwtTokenVerifier(
        new JwtSettings(
            issuer, AUDIENCE, "sub", CLOCK_SKEW, new KeySource.StaticKeys(publicKeys())),
        clock);
  }

  /** The key id in every token's header. */
  public String keyId() {
    return signingKey.getKeyID();
  }

  /** The public half of the signing key, for publishing as a JWKS. */
  public JWKSet publicKeys() {
    return new JWKSet(signingKey.toPublicJWK());
  }

  private static ECKey generateKey() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyIDFromThumbprint(true)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an EC P-256 key", e);
    }
  }

  private static ECKey load(Path keyFile) throws IOException {
    warnIfReadableByOthers(keyFile);
    String json = Files.readString(keyFile, StandardCharsets.UTF_8);
    JWK jwk;
    try {
      jwk = JWK.parse(json);
    } catch (ParseException e) {
      throw new IOException(invalidKeyMessage(keyFile));
    }
    if (!(jwk instanceof ECKey ec)
        || !Curve.P_256.equals(ec.getCurve())
        || !ec.isPrivate()
        || ec.getKeyID() == null) {
      throw new IOException(invalidKeyMessage(keyFile));
    }
    return ec;
  }

  private static String invalidKeyMessage(Path keyFile) {
    return keyFile
        + " is not an EC P-256 private JWK with a key id; delete it to create a new development"
        + " key (tokens issued with the old key will stop verifying)";
  }

  /**
   * Writes {@code key} to a temporary file and publishes it as {@code keyFile}.
   *
   * @return false when another process published a key file first; that file should be used
   */
  private static boolean publish(ECKey key, Path keyFile) throws IOException {
    Path dir = keyFile.getParent();
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    // Why create with the permissions rather than chmod afterwards: the private key is never
    // readable by others, not even for an instant.
    Path temp = Files.createTempFile(dir, "." + KEY_FILE_NAME + "-", ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(key.toJSONString().getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      try {
        // Why a hard link rather than a rename: link(2) fails if the name exists, so a key that
        // another process published an instant earlier is never replaced under it (rename would
        // silently overwrite it, leaving that process signing with a key nobody can verify).
        Files.createLink(keyFile, temp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | FileSystemException e) {
        // No hard links on this file system: fall back to an atomic rename, where a racing
        // process's key could be replaced; acceptable for a development key.
        return moveAtomically(temp, keyFile);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static boolean moveAtomically(Path temp, Path keyFile) throws IOException {
    if (Files.exists(keyFile)) {
      return false;
    }
    Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  private static void warnIfReadableByOthers(Path keyFile) throws IOException {
    if (!Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
    if (!OWNER_ONLY.containsAll(permissions)) {
      log.warn(
          "Development signing key {} is accessible to others ({}); anyone who can read it can"
              + " sign in as any user",
          keyFile,
          PosixFilePermissions.toString(permissions));
    }
  }
}
