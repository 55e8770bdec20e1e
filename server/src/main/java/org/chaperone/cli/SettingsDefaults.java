package org.chaperone.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where option values come from when a flag is not given: first the environment variable
 * {@code CHAPERONE_<OPTION>} (e.g. {@code --store-url} → {@code CHAPERONE_STORE_URL}), then the
 * config file named by {@code CHAPERONE_CONFIG} (a properties file with keys like
 * {@code store-url=...}), then the option's built-in default. So: flag &gt; environment &gt; file
 * &gt; default.
 */
final class SettingsDefaults implements CommandLine.IDefaultValueProvider {
  private final Map<String, String> env;
  private Properties file;

  SettingsDefaults() {
    this(System.getenv());
  }

  SettingsDefaults(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String key = option.longestName().replaceFirst("^-+", "");
    if (key.equals("config")) {
      return env.get("CHAPERONE_CONFIG");
    }
    String fromEnv = env.get("CHAPERONE_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
    if (fromEnv != null) {
      return fromEnv;
    }
    String fromFile = file().getProperty(key);
    return fromFile != null ? fromFile : option.defaultValue();
  }

  private Properties file() {
    if (file == null) {
      file = new Properties();
      String path = env.get("CHAPERONE_CONFIG");
      if (path != null && !path.isBlank()) {
        load(Path.of(path));
      }
    }
    return file;
  }

  /** Loads a config file given with {@code --config}; its values apply to later lookups. */
  void load(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      Properties p = new Properties();
      p.load(in);
      file().putAll(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the config file " + path, e);
    }
  }
}
