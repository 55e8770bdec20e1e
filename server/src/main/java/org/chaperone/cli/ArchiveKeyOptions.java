package org.chaperone.cli;

import java.nio.file.Path;
import org.chaperone.app.GatewaySettings;
import org.chaperone.archive.ArchiveSigner;
import picocli.CommandLine.Option;

/** Options naming the archive's signing key, shared by {@code serve} and {@code archive}. */
final class ArchiveKeyOptions {
  @Option(names = "--archive-key-file", paramLabel = "PEM",
      description = "The Ed25519 key checkpoints are signed with, created on first start"
          + " (default: archive-signing-key.pem in the data directory). Keep it out of the"
          + " database's backups.")
  Path keyFile;

  @Option(names = "--archive-origin", defaultValue = GatewaySettings.Archive.DEFAULT_ORIGIN,
      paramLabel = "ORIGIN",
      description = "The archive log's origin, first line of every checkpoint and name of the"
          + " signing key, e.g. lincoln.k12.example.us/chaperone (default: ${DEFAULT-VALUE}).")
  String origin;

  /** The key file: the option's, or the data directory's default. */
  Path keyFile(Path dataDir) {
    return keyFile != null ? keyFile : dataDir.resolve(ArchiveSigner.DEFAULT_KEY_FILE_NAME);
  }
}
