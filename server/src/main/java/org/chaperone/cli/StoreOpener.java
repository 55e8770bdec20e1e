package org.chaperone.cli;

import org.chaperone.store.Store;
import org.chaperone.store.jdbc.JdbcStore;

/** Opens the store the {@link StoreOptions} name. */
final class StoreOpener {
  private StoreOpener() {}

  static Store open(StoreOptions options) {
    return options.storeUrl.isEmpty()
        ? JdbcStore.openSqlite(options.dataDir)
        : JdbcStore.openPostgres(options.storeUrl, options.storeUser, options.storePassword);
  }
}
