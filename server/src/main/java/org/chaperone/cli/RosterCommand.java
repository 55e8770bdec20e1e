package org.chaperone.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.chaperone.directory.OverridesFile;
import org.chaperone.domain.PersonFlags;
import org.chaperone.policy.DistrictPolicy;
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
    subcommands = {RosterCommand.Import.class, RosterCommand.Overrides.class})
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

    @Option(names = "--policy-file", paramLabel = "FILE",
        description = "The district policy file the gateway runs with (who supervises).")
    Path policyFile;

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
        RosterImport.Summary summary = new RosterImport(opened, Clock.systemUTC(), policy(policyFile))
            .apply("system:roster-import", parsed, validateOnly);
        System.out.println((validateOnly ? "Would change" : "Imported") + " (OneRoster "
            + summary.version() + "):");
        summary.counts().forEach((k, v) -> System.out.println("  " + k.replace('_', ' ') + ": " + v));
        return 0;
      }
    }
  }

  static Supplier<DistrictPolicy> policy(Path file) {
    DistrictPolicy policy = file == null ? DistrictPolicy.DEFAULT : PolicyFiles.load(file);
    return () -> policy;
  }

  /** {@code chaperone roster overrides}. */
  @Command(name = "overrides", mixinStandardHelpOptions = true,
      description = {
          "Imports the district's override file: what OneRoster cannot carry.",
          "A CSV with the header sourcedId,noContact,noRecordsAccess,eligibleStudent,mediaRelease"
              + " and true/false values. No-contact guardians are removed from every conversation"
              + " at once; eligible students are supervised by staff when the policy says so."})
  static final class Overrides implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Parameters(index = "0", paramLabel = "CSV", description = "The override file.")
    Path file;

    @Option(names = "--policy-file", paramLabel = "FILE",
        description = "The district policy file the gateway runs with (who supervises).")
    Path policyFile;

    @Override
    public Integer call() throws Exception {
      Map<String, PersonFlags> flags;
      try {
        flags = OverridesFile.parse(Files.readAllBytes(file));
      } catch (RosterRejectedException e) {
        System.err.println("The override file was rejected; nothing was imported. Problems:");
        e.problems().forEach(p -> System.err.println("  " + p));
        return 2;
      }
      try (Store opened = StoreOpener.open(store)) {
        RosterImport.Summary summary = new RosterImport(opened, Clock.systemUTC(), policy(policyFile))
            .applyFlags("system:overrides-import", flags);
        System.out.println("Imported flags for " + flags.size() + " people; channel members added: "
            + summary.count("channel_members_added") + ", removed: " + summary.count("channel_members_removed"));
        return 0;
      }
    }
  }
}
