package org.chaperone.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import org.chaperone.testing.ReferenceMerkle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint signing key, the signed-note format and verifier keys. */
class ArchiveSignerTest {
  private static final String ORIGIN = "lincoln.example.org/chaperone";
  @TempDir Path dir;

  private static byte[] root(String seed) {
    return ReferenceMerkle.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theKeyIsCreatedOwnerOnlyAndReusedAfterwards() throws IOException {
    Path file = dir.resolve("keys/archive.pem");
    ArchiveSigner first = ArchiveSigner.openOrCreate(file, ORIGIN);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("-----BEGIN PRIVATE KEY-----", "-----BEGIN PUBLIC KEY-----");
    ArchiveSigner again = ArchiveSigner.openOrCreate(file, ORIGIN);
    assertThat(again.publicKey()).isEqualTo(first.publicKey());
    assertThat(ArchiveSigner.publicKeyOf(file, ORIGIN)).isEqualTo(first.publicKey());
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing).as("no temporary files left").hasSize(1);
    }
  }

  @Test
  void aDamagedKeyFileIsRefused() throws IOException {
    Path file = dir.resolve("archive.pem");
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> ArchiveSigner.openOrCreate(file, ORIGIN)).isInstanceOf(IOException.class);
    // A private key with somebody else's public key.
    ArchiveSigner.openOrCreate(dir.resolve("a.pem"), ORIGIN);
    ArchiveSigner.openOrCreate(dir.resolve("b.pem"), ORIGIN);
    String a = Files.readString(dir.resolve("a.pem"));
    String b = Files.readString(dir.resolve("b.pem"));
    Files.writeString(file, a.substring(0, a.indexOf("-----BEGIN PUBLIC KEY"))
        + b.substring(b.indexOf("-----BEGIN PUBLIC KEY")));
    assertThatThrownBy(() -> ArchiveSigner.load(file, ORIGIN)).isInstanceOf(IOException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void checkpointsAreSignedNotesInTheC2spFormat() throws IOException {
    ArchiveSigner signer = ArchiveSigner.openOrCreate(dir.resolve("k.pem"), ORIGIN);
    byte[] root = root("r");
    Checkpoint c = signer.sign(42, root, Instant.parse("2026-03-01T10:15:30.123456789Z"));
    assertThat(c.time()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"));
    String body = ORIGIN + "\n42\n" + Base64.getEncoder().encodeToString(root)
        + "\ntime 2026-03-01T10:15:30.123456Z\n";
    assertThat(c.note()).startsWith(body + "\n\u2014 " + ORIGIN + " ").endsWith("\n");
    assertThat(c.origin()).isEqualTo(ORIGIN);
    CheckpointNote.Parsed parsed = CheckpointNote.parse(c.note()).orElseThrow();
    assertThat(parsed.bodyText()).isEqualTo(body);
    assertThat(parsed.body().treeSize()).isEqualTo(42);
    assertThat(parsed.body().rootHash()).isEqualTo(root);
    assertThat(parsed.signatures()).singleElement().satisfies(s -> {
      assertThat(s.keyIdHex()).isEqualTo(c.keyId()).isEqualTo(signer.publicKey().keyIdHex());
      assertThat(s.signature()).hasSize(64);
      // The signature is plain Ed25519 over the body bytes.
      assertThat(signer.publicKey().verify(body.getBytes(StandardCharsets.UTF_8), s.signature())).isTrue();
    });
    assertThat(signer.publicKey().signed(parsed)).isTrue();
  }

  @Test
  void theKeyIdIsTheSignedNoteHashOfNameAndKey() throws Exception {
    ArchivePublicKey key = ArchiveSigner.openOrCreate(dir.resolve("k.pem"), ORIGIN).publicKey();
    String vkey = key.encoded();
    String[] parts = vkey.split("\\+", 3);
    assertThat(parts[0]).isEqualTo(ORIGIN);
    byte[] blob = Base64.getDecoder().decode(parts[2]);
    assertThat(blob).hasSize(33);
    assertThat(blob[0]).isEqualTo((byte) 1);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((ORIGIN + "\n").getBytes(StandardCharsets.UTF_8));
    sha.update(blob);
    assertThat(parts[1]).isEqualTo(java.util.HexFormat.of().formatHex(sha.digest(), 0, 4));
    assertThat(ArchivePublicKey.parse(vkey)).isEqualTo(key);
    assertThatThrownBy(() -> ArchivePublicKey.parse(ORIGIN + "+00000000+" + parts[2]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    assertThatThrownBy(() -> ArchivePublicKey.parse("nonsense")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void alteredOrForeignNotesDoNotVerify() throws IOException {
    ArchiveSigner signer = ArchiveSigner.openOrCreate(dir.resolve("k.pem"), ORIGIN);
    ArchiveSigner stranger = ArchiveSigner.openOrCreate(dir.resolve("other.pem"), ORIGIN);
    Checkpoint c = signer.sign(7, root("x"), Instant.parse("2026-01-01T00:00:00Z"));
    String altered = c.note().replaceFirst("\n7\n", "\n8\n");
    assertThat(signer.publicKey().signed(CheckpointNote.parse(altered).orElseThrow())).isFalse();
    Checkpoint forged = stranger.sign(7, root("x"), Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(signer.publicKey().signed(CheckpointNote.parse(forged.note()).orElseThrow())).isFalse();
    // The same key under a new origin still verifies what it signed under the old one.
    ArchiveSigner renamed = ArchiveSigner.load(dir.resolve("k.pem"), "new.example.org/chaperone");
    assertThat(renamed.publicKey().keyIdHex()).isNotEqualTo(signer.publicKey().keyIdHex());
    assertThat(renamed.publicKey().signed(CheckpointNote.parse(c.note()).orElseThrow())).isTrue();
    // Malformed notes do not parse.
    assertThat(CheckpointNote.parse(c.note().replace("\n\n", "\n"))).isEmpty();
    assertThat(CheckpointNote.parse(c.note().replaceFirst("\n7\n", "\n07\n"))).isEmpty();
    assertThat(CheckpointNote.parse(c.note().replace("\u2014 ", "- "))).isEmpty();
    assertThat(CheckpointNote.parse(c.note().substring(0, c.note().indexOf("\n\n") + 2))).isEmpty();
  }

  @Test
  void originsThatTheFormatCannotCarryAreRefused() {
    for (String bad : new String[] {"", "has space", "a+b", "tab\there", "x".repeat(257)}) {
      assertThatThrownBy(() -> ArchiveSigner.openOrCreate(dir.resolve("k.pem"), bad))
          .as("'%s'", bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
