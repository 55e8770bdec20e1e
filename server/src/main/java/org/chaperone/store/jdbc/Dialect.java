package org.chaperone.store.jdbc;

/**
 * What differs between the two SQL engines. Everything else (the DML, the schema's shape) is
 * shared, so both engines run the same queries and pass the same contract tests.
 */
enum Dialect {
  SQLITE("sqlite", "SELECT tree_size, last_message_id FROM log_head WHERE id = 1"),
  // FOR UPDATE serialises writers across gateway nodes: leaf indexes and message ids are handed
  // out in commit order, which is what lets streams resume from a cursor without gaps.
  POSTGRESQL("postgresql", "SELECT tree_size, last_message_id FROM log_head WHERE id = 1 FOR UPDATE");

  final String engine;
  final String lockHeadSql;

  Dialect(String engine, String lockHeadSql) {
    this.engine = engine;
    this.lockHeadSql = lockHeadSql;
  }

  /** Classpath folder of this engine's migrations. */
  String migrationFolder() {
    return "db/" + engine + "/";
  }
}
