package org.chaperone.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema in the test PostgreSQL database ({@code -Dchaperone.pg.url}), dropped on close.
 * When the database cannot be reached the test is skipped, unless
 * {@code -Dchaperone.pg.required=true}, which fails it.
 */
final class PostgresSchema implements AutoCloseable {
  private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+)(?::(\\d+))?/");

  final String name;

  private PostgresSchema(String name) {
    this.name = name;
  }

  static String baseUrl() {
    return System.getProperty("chaperone.pg.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  }

  static PostgresSchema create() {
    String name = "chaperone_rel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(baseUrl()); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      if (Boolean.getBoolean("chaperone.pg.required")) {
        throw new AssertionError("PostgreSQL is required (chaperone.pg.required=true) but "
            + baseUrl() + " is unreachable: " + e.getMessage(), e);
      }
      Assumptions.abort("PostgreSQL not reachable at " + baseUrl() + ": " + e.getMessage());
    }
    return new PostgresSchema(name);
  }

  /** The JDBC URL of this schema. */
  String url() {
    return baseUrl() + (baseUrl().contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** The JDBC URL of this schema through a proxy listening on 127.0.0.1:{@code port}. */
  String urlThrough(int port) {
    return HOST_PORT.matcher(url()).replaceFirst(Matcher.quoteReplacement("//127.0.0.1:" + port + "/"));
  }

  static String host() {
    Matcher m = HOST_PORT.matcher(baseUrl());
    return m.find() ? m.group(1) : "127.0.0.1";
  }

  static int port() {
    Matcher m = HOST_PORT.matcher(baseUrl());
    return m.find() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 5432;
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(baseUrl()); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    } catch (SQLException ignored) {
      // Nothing to clean up when the database was unreachable.
    }
  }
}
