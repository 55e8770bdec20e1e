package org.chaperone.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.chaperone.directory.RosterBundle;
import org.chaperone.directory.RosterImport;
import org.chaperone.directory.RosterProblem;
import org.chaperone.directory.RosterRejectedException;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaperone roster}: roster maintenance. */
@Command(name = "roster", mixinStandardHelpOptions = true,
    description = "Imports OneRoster bundles into the directory.",
    subcommands = RosterCommand.Import.class)
final class RosterCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code chaperone roster import}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {
          "Imports a OneRoster 1.1 or 1.2 CSV bundle (a zip or a folder) into the store.",
          "The import is atomic: a malformed bundle is rejected whole, with every problem listed by"
              + " file, line and column. Re-importing the same bundle changes nothing; a newer"
              + " bundle applies the difference. It may run while the gateway is serving."})
  static final class Import implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle: a .zip file or a folder.")
    Path bundle;

    @Option(names = "--validate-only", description = "Check the bundle and report what would change.")
    boolean validateOnly;

    @Override
    public Integer call() throws Exception {
      RosterBundle parsed;
      try {
        parsed = OneRosterReader.read(bundle);
      } catch (RosterRejectedException e) {
        System.err.println("The roster bundle was rejected; nothing was imported. Problems:");
        for (RosterProblem p : e.problems()) {
          System.err.println("  " + p);
        }
        return 2;
      }
      try (Store opened = StoreOpener.open(store)) {
        RosterImport.Summary summary = new RosterImport(opened, Clock.systemUTC())
            .apply("system:roster-import", parsed, validateOnly);
        System.out.println((validateOnly ? "Would change" : "Imported") + " (OneRoster "
            + summary.version() + "):");
        summary.counts().forEach((k, v) -> System.out.println("  " + k.replace('_', ' ') + ": " + v));
        return 0;
      }
    }
  }
}
