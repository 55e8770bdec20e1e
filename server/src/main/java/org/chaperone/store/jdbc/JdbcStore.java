package org.chaperone.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.chaperone.store.Store;
import org.chaperone.store.StoreException;
import org.chaperone.store.StoreReader;
import org.chaperone.store.StoreUnavailableException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The store on a SQL database: SQLite (embedded, one file) or PostgreSQL. Writes go through one
 * {@link GroupCommitWriter}; reads through a connection pool.
 */
public final class JdbcStore implements Store {
  private static final int MAX_BATCH = 256;

  private final Dialect dialect;
  private final HikariDataSource reads;
  private final GroupCommitWriter writer;
  private final Failures failures;
  private final JdbcReader reader;
  private final JdbcArchiveReader archive;

  private JdbcStore(Dialect dialect, HikariDataSource reads, GroupCommitWriter.ConnectionOpener writes,
      Failures failures) {
    this.dialect = dialect;
    this.reads = reads;
    this.failures = failures;
    this.writer = new GroupCommitWriter(writes, dialect, failures, MAX_BATCH);
    this.reader = new JdbcReader(reads, failures);
    this.archive = new JdbcArchiveReader(reads, failures, dialect);
  }

  /** Decorates each connection the writer opens; tests inject storage faults with it. */
  @FunctionalInterface
  public interface WriterConnections {
    /** Connections as the driver opens them. */
    WriterConnections AS_IS = c -> c;

    Connection wrap(Connection connection) throws SQLException;
  }

  /**
   * Opens (creating if needed) the embedded store: {@code chaperone.db} under {@code dataDir}, in
   * WAL mode with full fsync on commit, and migrates its schema.
   */
  public static JdbcStore openSqlite(Path dataDir) {
    return openSqlite(dataDir, WriterConnections.AS_IS);
  }

  /**
   * The embedded store whose writer's connections pass through {@code writerConnections} first:
   * how fault-injection tests make a commit fail as a failing disk would.
   */
  public static JdbcStore openSqlite(Path dataDir, WriterConnections writerConnections) {
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new StoreException("cannot create the data directory " + dataDir, e);
    }
    Path file = dataDir.resolve("chaperone.db").toAbsolutePath();
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: the WAL is fsynced at every commit, so an acknowledged message survives power loss.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setEncoding(SQLiteConfig.Encoding.UTF8);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file);

    HikariConfig pool = new HikariConfig();
    pool.setPoolName("sqlite-reads");
    pool.setDataSource(source);
    pool.setMaximumPoolSize(8);
    Failures failures = new Failures(Dialect.SQLITE);
    try (Connection c = source.getConnection()) {
      SchemaMigrations.migrate(c, Dialect.SQLITE);
    } catch (SQLException e) {
      throw new StoreException("cannot open the SQLite store at " + file + ": " + e.getMessage(), e);
    }
    return new JdbcStore(Dialect.SQLITE, new HikariDataSource(pool),
        () -> writerConnections.wrap(source.getConnection()), failures);
  }

  /** Opens the store on PostgreSQL at {@code jdbcUrl} and migrates its schema. */
  public static JdbcStore openPostgres(String jdbcUrl, String user, String password) {
    return openPostgres(jdbcUrl, user, password, WriterConnections.AS_IS);
  }

  /** The PostgreSQL store whose writer's connections pass through {@code writerConnections}. */
  public static JdbcStore openPostgres(String jdbcUrl, String user, String password,
      WriterConnections writerConnections) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("postgresql");
    pool.setJdbcUrl(jdbcUrl);
    if (user != null && !user.isEmpty()) {
      pool.setUsername(user);
    }
    if (password != null && !password.isEmpty()) {
      pool.setPassword(password);
    }
    pool.setMaximumPoolSize(10);
    pool.setConnectionTimeout(5_000);
    // Start even if the database is briefly down; requests answer UNAVAILABLE until it is back.
    pool.setInitializationFailTimeout(-1);
    Properties props = new Properties();
    props.setProperty("reWriteBatchedInserts", "true");
    pool.setDataSourceProperties(props);
    HikariDataSource source = new HikariDataSource(pool);
    try (Connection c = source.getConnection()) {
      SchemaMigrations.migrate(c, Dialect.POSTGRESQL);
    } catch (SQLException e) {
      source.close();
      throw new StoreUnavailableException("cannot open the PostgreSQL store: " + e.getMessage(), e);
    }
    return new JdbcStore(Dialect.POSTGRESQL, source,
        () -> writerConnections.wrap(source.getConnection()), new Failures(Dialect.POSTGRESQL));
  }

  @Override
  public <T> T write(WriteWork<T> work) {
    return writer.write(work);
  }

  @Override
  public StoreReader reader() {
    return reader;
  }

  @Override
  public org.chaperone.store.ArchiveReader archive() {
    return archive;
  }

  @Override
  public String engine() {
    return dialect.engine;
  }

  /**
   * False after a storage failure that stopped writes (until restart), and while the database
   * cannot be reached (until the writer reaches it again, which it retries by itself).
   */
  @Override
  public boolean healthy() {
    return failures.healthy() && !failures.unreachable();
  }

  @Override
  public void close() {
    writer.close();
    reads.close();
  }
}
