package org.chaperone.archive;

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
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the archive's checkpoints with an Ed25519 key (the JDK's own implementation).
 *
 * <p>The key lives in a PEM file holding the PKCS#8 private key and the X.509 public key. It is
 * created on first use, readable by its owner only (where the file system has POSIX permissions)
 * from the moment it exists, and published under its name atomically, so concurrent first starts
 * end up with one key. Whoever holds the file can sign checkpoints: keep it out of the database's
 * backups, so that someone with the database alone cannot forge a history.
 *
 * <p>Immutable and thread-safe.
 */
public final class ArchiveSigner {
  private static final Logger log = LoggerFactory.getLogger(ArchiveSigner.class);

  /** The key file's name inside the data directory, when no path is configured. */
  public static final String DEFAULT_KEY_FILE_NAME = "archive-signing-key.pem";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  private final PrivateKey privateKey;
  private final ArchivePublicKey publicKey;

  private ArchiveSigner(String name, PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = ArchivePublicKey.of(name, publicKey);
    byte[] probe = "chaperone archive key check".getBytes(StandardCharsets.UTF_8);
    if (!this.publicKey.verify(probe, sign(probe))) {
      throw new IllegalStateException("the archive key file's public key does not match its private key");
    }
  }

  /**
   * Loads the key from {@code keyFile}, or creates it there (and its directory) when absent.
   *
   * @param name the key name (and checkpoint origin): no spaces, no '+'
   * @throws IOException when the file cannot be read or written or does not hold an Ed25519 pair
   */
  public static ArchiveSigner openOrCreate(Path keyFile, String name) throws IOException {
    checkKeyName(name);
    Path absolute = keyFile.toAbsolutePath();
    if (!Files.exists(absolute)) {
      Files.createDirectories(absolute.getParent());
      KeyPair created = generate();
      if (publish(pem(created), absolute)) {
        log.info("Created the archive signing key {} in {}",
            ArchivePublicKey.of(name, created.getPublic()).keyIdHex(), absolute);
        return new ArchiveSigner(name, created.getPrivate(), created.getPublic());
      }
    }
    return load(absolute, name);
  }

  /** Loads an existing key file. */
  public static ArchiveSigner load(Path keyFile, String name) throws IOException {
    checkKeyName(name);
    warnIfReadableByOthers(keyFile);
    String text = Files.readString(keyFile, StandardCharsets.UTF_8);
    byte[] privateDer = null;
    byte[] publicDer = null;
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      switch (m.group(1)) {
        case "PRIVATE KEY" -> privateDer = der;
        case "PUBLIC KEY" -> publicDer = der;
        default -> { }
      }
    }
    if (privateDer == null || publicDer == null) {
      throw new IOException(keyFile + " does not hold a PEM PRIVATE KEY and PUBLIC KEY");
    }
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      return new ArchiveSigner(name, factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer)),
          factory.generatePublic(new X509EncodedKeySpec(publicDer)));
    } catch (GeneralSecurityException | IllegalStateException e) {
      throw new IOException(keyFile + " does not hold an Ed25519 key pair: " + e.getMessage(), e);
    }
  }

  /**
   * Reads only the public key of a key file (for verifiers that should not need the private
   * key, but accept the file).
   */
  public static ArchivePublicKey publicKeyOf(Path keyFile, String name) throws IOException {
    return load(keyFile, name).publicKey();
  }

  /** The public key, under the name checkpoints are signed with. */
  public ArchivePublicKey publicKey() {
    return publicKey;
  }

  /** The key name, which is also the origin line of every checkpoint it signs. */
  public String name() {
    return publicKey.name();
  }

  /** Signs a checkpoint of the tree of {@code treeSize} leaves with root {@code rootHash}. */
  public Checkpoint sign(long treeSize, byte[] rootHash, Instant time) {
    Instant micros = time.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    String body = CheckpointNote.body(name(), treeSize, rootHash, micros);
    byte[] signature = sign(body.getBytes(StandardCharsets.UTF_8));
    String note = body + "\n" + CheckpointNote.signatureLine(name(), publicKey.keyId(), signature);
    return new Checkpoint(treeSize, rootHash, micros, publicKey.keyIdHex(), note);
  }

  private byte[] sign(byte[] message) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(privateKey);
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /**
   * Rejects names that the signed-note format cannot carry: empty, longer than 256 characters, or
   * holding whitespace, control characters or '+'.
   */
  static void checkKeyName(String name) {
    if (name == null || name.isEmpty() || name.length() > 256
        || name.codePoints().anyMatch(c -> c == '+' || Character.isWhitespace(c)
            || Character.isSpaceChar(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException(
          "an archive key name (log origin) is 1-256 characters without spaces or '+'");
    }
  }

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519", e);
    }
  }

  private static String pem(KeyPair pair) {
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    return "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n"
        + b64.encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }

  /** Writes the key to a temporary file, then links it into place; false if another won. */
  private static boolean publish(String pem, Path keyFile) throws IOException {
    Path dir = keyFile.getParent();
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attributes = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, "." + keyFile.getFileName() + "-", ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(pem.getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      }
      try {
        // link(2) fails when the name exists, so a key published an instant earlier by another
        // process is never replaced (see DevTokenAuthority for the same reasoning).
        Files.createLink(keyFile, temp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (Files.exists(keyFile)) {
          return false;
        }
        Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE);
        return true;
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void warnIfReadableByOthers(Path keyFile) throws IOException {
    if (!Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
    if (!OWNER_ONLY.containsAll(permissions)) {
      log.warn("The archive signing key {} is accessible to others ({}); anyone who can read it can"
          + " sign checkpoints", keyFile, PosixFilePermissions.toString(permissions));
    }
  }
}
