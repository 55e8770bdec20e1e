package org.chaperone.archive;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The public half of an archive signing key: an Ed25519 key as the C2SP {@code signed-note}
 * specification identifies it. Its text form (a "verifier key") is
 * {@code <name>+<key id, 8 hex digits>+<base64(0x01 || 32-byte public key)>}, and the key id is
 * the first four bytes of {@code SHA-256(name || "\n" || 0x01 || public key)}.
 *
 * <p>What a verifier trusts is the public key: the same key under another name (a district that
 * changed its log origin) still verifies the checkpoints it signed, see {@link #withName}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ArchivePublicKey {
  static final byte ED25519 = 0x01;
  // DER prefix of an X.509 SubjectPublicKeyInfo holding a raw Ed25519 key (RFC 8410).
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final String name;
  private final byte[] raw;
  private final PublicKey key;
  private final int keyId;

  ArchivePublicKey(String name, byte[] raw) {
    ArchiveSigner.checkKeyName(name);
    if (raw.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
    this.name = name;
    this.raw = raw.clone();
    this.key = decode(this.raw);
    this.keyId = keyId(name, this.raw);
  }

  /** Parses a verifier key string; throws {@link IllegalArgumentException} when malformed. */
  public static ArchivePublicKey parse(String verifierKey) {
    Objects.requireNonNull(verifierKey, "verifierKey");
    // The name and the hex id hold no '+'; the base64 key may.
    String[] parts = verifierKey.strip().split("\\+", 3);
    if (parts.length != 3 || !parts[1].matches("[0-9a-f]{8}")) {
      throw new IllegalArgumentException("a verifier key looks like name+1a2b3c4d+base64key");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the verifier key's last part is not base64");
    }
    if (blob.length != 33 || blob[0] != ED25519) {
      throw new IllegalArgumentException("the verifier key is not an Ed25519 key");
    }
    ArchivePublicKey parsed = new ArchivePublicKey(parts[0], Arrays.copyOfRange(blob, 1, 33));
    if (!parsed.keyIdHex().equals(parts[1])) {
      throw new IllegalArgumentException("the verifier key's id does not match its name and key");
    }
    return parsed;
  }

  static ArchivePublicKey of(String name, PublicKey key) {
    byte[] encoded = key.getEncoded();
    return new ArchivePublicKey(name, Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
  }

  /** The same public key under another name (and so another key id). */
  public ArchivePublicKey withName(String otherName) {
    return otherName.equals(name) ? this : new ArchivePublicKey(otherName, raw);
  }

  public String name() {
    return name;
  }

  public int keyId() {
    return keyId;
  }

  public String keyIdHex() {
    return HexFormat.of().toHexDigits(keyId);
  }

  /** The verifier key string, e.g. for publishing on the district's web site. */
  public String encoded() {
    byte[] blob = new byte[33];
    blob[0] = ED25519;
    System.arraycopy(raw, 0, blob, 1, 32);
    return name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(blob);
  }

  /** True when both hold the same Ed25519 public key, whatever their names. */
  public boolean sameKey(ArchivePublicKey other) {
    return MessageDigest.isEqual(raw, other.raw);
  }

  /** True when {@code signature} is this key's Ed25519 signature of {@code message}. */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * True when one of the note's signature lines is by this key (under the name the line gives)
   * and verifies over the note's body.
   */
  public boolean signed(CheckpointNote.Parsed note) {
    byte[] body = note.bodyText().getBytes(StandardCharsets.UTF_8);
    for (CheckpointNote.Signature s : note.signatures()) {
      ArchivePublicKey named;
      try {
        named = withName(s.keyName());
      } catch (IllegalArgumentException badName) {
        continue;
      }
      if (named.keyId == s.keyId() && named.verify(body, s.signature())) {
        return true;
      }
    }
    return false;
  }

  static int keyId(String name, byte[] raw) {
    MessageDigest sha = MerkleTree.sha256();
    sha.update(name.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) '\n');
    sha.update(ED25519);
    byte[] h = sha.digest(raw);
    return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
  }

  private static PublicKey decode(byte[] raw) {
    byte[] der = new byte[X509_PREFIX.length + 32];
    System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
    System.arraycopy(raw, 0, der, X509_PREFIX.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArchivePublicKey k && k.name.equals(name) && Arrays.equals(k.raw, raw);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return encoded();
  }
}
