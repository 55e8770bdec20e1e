package org.chaperone.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code chaperone}: the gateway's command line. */
@Command(name = "chaperone",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Supervised staff-student messaging gateway with a tamper-evident records archive.",
    subcommands = {
        ServeCommand.class,
        RosterCommand.class,
        TokenCommand.class,
        MessagesCommand.class,
        EmailCommand.class,
        ArchiveCommand.class,
        RecordsCommand.class,
        ProductionCommand.class,
        PolicyCommand.class,
        CommandLine.HelpCommand.class})
public final class ChaperoneCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /**
   * The command line with Chaperone's defaults: values from the environment and from the config
   * file named by {@code --config} (read before parsing, so it can supply every other option).
   */
  public static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new ChaperoneCommand());
    SettingsDefaults defaults = new SettingsDefaults();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        defaults.load(java.nio.file.Path.of(args[i + 1]));
      } else if (args[i].startsWith("--config=")) {
        defaults.load(java.nio.file.Path.of(args[i].substring("--config=".length())));
      }
    }
    cli.setDefaultValueProvider(defaults);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("chaperone: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    });
    return cli;
  }
}
