package org.chaperone.archive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The text of a checkpoint, in the signed-note format of the C2SP specifications
 * ({@code tlog-checkpoint} and {@code signed-note}), so that generic transparency-log tooling can
 * read it:
 *
 * <pre>
 * {origin}
 * {tree size, decimal}
 * {root hash, base64}
 * time {signing time, ISO-8601 UTC}
 *
 * — {key name} {base64(4-byte key id || 64-byte Ed25519 signature)}
 * </pre>
 *
 * The signature covers the body: every byte up to and including the newline before the blank
 * line. Pure and thread-safe.
 */
public final class CheckpointNote {
  private static final String SIGNATURE_PREFIX = "\u2014 ";
  private static final String TIME_PREFIX = "time ";

  private CheckpointNote() {}

  /** What a checkpoint body says. */
  public record Body(String origin, long treeSize, byte[] rootHash, Instant time) {}

  /** One signature line. */
  public record Signature(String keyName, int keyId, byte[] signature) {
    /** The key id as 8 lower-case hex digits. */
    public String keyIdHex() {
      return HexFormat.of().toHexDigits(keyId);
    }
  }

  /** A note split into its body text and signature lines. */
  public record Parsed(String bodyText, Body body, List<Signature> signatures) {}

  /** The body text of a checkpoint. */
  public static String body(String origin, long treeSize, byte[] rootHash, Instant time) {
    ArchiveSigner.checkKeyName(origin);
    return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n"
        + TIME_PREFIX + time + "\n";
  }

  /** A signature line for {@code bodyText}. */
  public static String signatureLine(String keyName, int keyId, byte[] signature) {
    byte[] blob = new byte[4 + signature.length];
    blob[0] = (byte) (keyId >>> 24);
    blob[1] = (byte) (keyId >>> 16);
    blob[2] = (byte) (keyId >>> 8);
    blob[3] = (byte) keyId;
    System.arraycopy(signature, 0, blob, 4, signature.length);
    return SIGNATURE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
  }

  /**
   * Parses a signed checkpoint note. Empty when the text is not one: wrong line structure, a size
   * that is not a canonical decimal, a root that is not 32 bytes of base64, a bad time, or a
   * malformed signature line.
   */
  public static Optional<Parsed> parse(String note) {
    int split = note.indexOf("\n\n");
    if (split < 0 || !note.endsWith("\n")) {
      return Optional.empty();
    }
    String bodyText = note.substring(0, split + 1);
    String[] lines = bodyText.split("\n", -1);
    // lines: origin, size, root, time, "" (after the last newline)
    if (lines.length != 5 || !lines[4].isEmpty()) {
      return Optional.empty();
    }
    try {
      String origin = lines[0];
      ArchiveSigner.checkKeyName(origin);
      if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
        return Optional.empty();
      }
      long size = Long.parseLong(lines[1]);
      byte[] root = Base64.getDecoder().decode(lines[2]);
      if (root.length != 32 || !Base64.getEncoder().encodeToString(root).equals(lines[2])
          || !lines[3].startsWith(TIME_PREFIX)) {
        return Optional.empty();
      }
      Instant time = Instant.parse(lines[3].substring(TIME_PREFIX.length()));
      List<Signature> signatures = new ArrayList<>();
      String rest = note.substring(split + 2);
      if (rest.isEmpty()) {
        return Optional.empty();
      }
      for (String line : rest.substring(0, rest.length() - 1).split("\n", -1)) {
        Optional<Signature> sig = signature(line);
        if (sig.isEmpty()) {
          return Optional.empty();
        }
        signatures.add(sig.get());
      }
      if (signatures.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Parsed(bodyText, new Body(origin, size, root, time), signatures));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Signature> signature(String line) {
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
    if (parts.length != 2) {
      return Optional.empty();
    }
    ArchiveSigner.checkKeyName(parts[0]);
    byte[] blob = Base64.getDecoder().decode(parts[1]);
    if (blob.length < 5) {
      return Optional.empty();
    }
    int keyId = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8)
        | (blob[3] & 0xff);
    byte[] sig = java.util.Arrays.copyOfRange(blob, 4, blob.length);
    return Optional.of(new Signature(parts[0], keyId, sig));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
