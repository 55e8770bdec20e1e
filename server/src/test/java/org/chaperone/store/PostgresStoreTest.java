package org.chaperone.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.chaperone.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL, each test in a schema of its own. The database is
 * {@code -Dchaperone.pg.url} (default: the local test database). When it cannot be reached the
 * suite is skipped, unless {@code -Dchaperone.pg.required=true} (set by CI), which fails it.
 */
class PostgresStoreTest implements StoreContract, OutboxStoreContract, ArchiveContract,
    RecordsLifecycleContract, ContentReviewStoreContract {
  private String schema;
  private JdbcStore store;

  static String baseUrl() {
    return System.getProperty("chaperone.pg.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  }

  @BeforeEach
  void createSchema() {
    schema = "chaperone_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(baseUrl()); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      if (Boolean.getBoolean("chaperone.pg.required")) {
        throw new AssertionError("PostgreSQL is required (chaperone.pg.required=true) but "
            + baseUrl() + " is unreachable: " + e.getMessage(), e);
      }
      Assumptions.abort("PostgreSQL not reachable at " + baseUrl() + ": " + e.getMessage());
    }
  }

  @Override
  public Store store() {
    if (store == null) {
      String url = baseUrl() + (baseUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
      store = JdbcStore.openPostgres(url, "", "");
    }
    return store;
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (store != null) {
      store.close();
    }
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(baseUrl()); Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      } catch (SQLException ignored) {
        // Nothing to clean up when the database was unreachable.
      }
    }
  }

  @Test
  void engineIsPostgresql() {
    assertThat(store().engine()).isEqualTo("postgresql");
  }
}
