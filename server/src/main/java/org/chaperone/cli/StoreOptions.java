package org.chaperone.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options choosing the store, shared by every command that opens it. */
final class StoreOptions {
  @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
      description = "Data directory: the embedded SQLite store, the dev signing key, outgoing"
          + " mail files (default: ${DEFAULT-VALUE}; env CHAPERONE_DATA_DIR).")
  Path dataDir;

  @Option(names = "--store-url", defaultValue = "", paramLabel = "JDBC_URL",
      description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/chaperone. Empty: the"
          + " embedded SQLite store under the data directory (env CHAPERONE_STORE_URL).")
  String storeUrl;

  @Option(names = "--store-user", defaultValue = "", paramLabel = "USER",
      description = "PostgreSQL user (env CHAPERONE_STORE_USER).")
  String storeUser;

  @Option(names = "--store-password", defaultValue = "", paramLabel = "PASSWORD",
      description = "PostgreSQL password; prefer the environment variable CHAPERONE_STORE_PASSWORD.")
  String storePassword;
}
