package org.chaperone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where `serve` takes its settings from: flag, then environment, then config file, then default. */
class SettingsDefaultsTest {
  @TempDir Path dir;

  private ServeCommand parse(Map<String, String> env, Path config, String... args) {
    ChaperoneCommand root = new ChaperoneCommand();
    CommandLine cli = new CommandLine(root);
    SettingsDefaults defaults = new SettingsDefaults(env);
    if (config != null) {
      defaults.load(config);
    }
    cli.setDefaultValueProvider(defaults);
    CommandLine.ParseResult result = cli.parseArgs(args);
    return (ServeCommand) result.subcommand().commandSpec().userObject();
  }

  @Test
  void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
    Path config = dir.resolve("chaperone.properties");
    Files.writeString(config, "listen=10.0.0.1:9000\nmax-text-bytes=2048\nstore-url=jdbc:postgresql://file/db\n");
    Map<String, String> env = Map.of("CHAPERONE_LISTEN", "10.0.0.2:9001",
        "CHAPERONE_STORE_URL", "jdbc:postgresql://env/db");

    ServeCommand fromFlag = parse(env, config, "serve", "--listen", "127.0.0.1:7000");
    assertThat(fromFlag.listen).isEqualTo("127.0.0.1:7000");
    assertThat(fromFlag.store.storeUrl).isEqualTo("jdbc:postgresql://env/db");
    assertThat(fromFlag.maxTextBytes).isEqualTo(2048);

    ServeCommand fromEnv = parse(env, config, "serve");
    assertThat(fromEnv.listen).isEqualTo("10.0.0.2:9001");

    ServeCommand fromFile = parse(Map.of(), config, "serve");
    assertThat(fromFile.listen).isEqualTo("10.0.0.1:9000");
    assertThat(fromFile.store.storeUrl).isEqualTo("jdbc:postgresql://file/db");

    ServeCommand defaults = parse(Map.of(), null, "serve");
    assertThat(defaults.listen).isEqualTo("127.0.0.1:8443");
    assertThat(defaults.maxTextBytes).isEqualTo(16384);
    assertThat(defaults.demoDistrict).isTrue();
    assertThat(parse(Map.of(), null, "serve", "--no-demo-district").demoDistrict).isFalse();
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args : new String[][] {{"--help"}, {"serve", "--help"}, {"roster", "import", "--help"},
        {"roster", "overrides", "--help"}, {"token", "issue", "--help"}, {"messages", "send", "--help"}}) {
      assertThat(ChaperoneCommand.commandLine(args).execute(args)).as(String.join(" ", args)).isZero();
    }
  }
}
