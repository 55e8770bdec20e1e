package org.chaperone.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.chaperone.archive.ArchiveCheckpoints;
import org.chaperone.archive.ArchivePublicKey;
import org.chaperone.archive.ArchiveSigner;
import org.chaperone.archive.ArchiveTree;
import org.chaperone.archive.ArchiveVerifier;
import org.chaperone.archive.Checkpoint;
import org.chaperone.archive.VerificationReport;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.records.RetentionDisposition;
import org.chaperone.records.RetentionSchedules;
import org.chaperone.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chaperone archive}: the tamper-evident archive. */
@Command(name = "archive", mixinStandardHelpOptions = true,
    description = "Verifies and signs the tamper-evident archive; disposes of records past retention.",
    subcommands = {ArchiveCommand.Verify.class, ArchiveCommand.Sign.class,
        ArchiveCommand.PublicKey.class, ArchiveCommand.Dispose.class})
final class ArchiveCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code chaperone archive verify}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {
          "Checks the whole stored archive: every entry's leaf hash recomputed from its payload,"
              + " its columns against its payload, no gaps in the leaf indexes, the Merkle tree"
              + " recomputed and matching every signed checkpoint, every checkpoint's signature,"
              + " consistency between consecutive checkpoints, stored subtree hashes, and every"
              + " message row against the entry that recorded it.",
          "Read-only; it may run while the gateway serves. Exits 0 when every check passes,"
              + " 1 when one fails (each failure is named), 2 when it cannot run."})
  static final class Verify implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin ArchiveKeyOptions key;

    @Option(names = "--trusted-key", paramLabel = "VERIFIER_KEY",
        description = "A verifier key (name+keyid+base64key) checkpoints may be signed with, e.g."
            + " the one the district publishes; repeatable. Default: the public half of the"
            + " archive key file.")
    List<String> trustedKeys = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      List<ArchivePublicKey> keys = new ArrayList<>();
      for (String k : trustedKeys) {
        keys.add(ArchivePublicKey.parse(k));
      }
      Path keyFile = key.keyFile(store.dataDir);
      if (keys.isEmpty()) {
        if (!Files.exists(keyFile)) {
          System.err.println("chaperone: no trusted key: give --trusted-key, or --archive-key-file"
              + " (no key file at " + keyFile + ")");
          return 2;
        }
        keys.add(ArchiveSigner.publicKeyOf(keyFile, key.origin));
      }
      try (Store opened = StoreOpener.open(store)) {
        VerificationReport report = new ArchiveVerifier(opened, keys).verify();
        System.out.println("Archive (" + opened.engine() + "): " + report.entries() + " entries, "
            + report.checkpoints() + " checkpoints, " + report.messages() + " message rows.");
        if (report.uncovered() > 0) {
          System.out.println("  " + report.uncovered() + " entries after the last checkpoint are"
              + " not signed yet (the gateway signs them at its next checkpoint).");
        }
        if (report.ok()) {
          System.out.println("OK: every check passed ("
              + String.join(", ", java.util.Arrays.stream(VerificationReport.Check.values())
                  .map(VerificationReport.Check::label).toList()) + ").");
          return 0;
        }
        System.out.println("FAILED: " + String.join(", ",
            report.failedChecks().stream().map(VerificationReport.Check::label).toList()));
        report.findings().forEach(f -> System.out.println("  " + f));
        report.suppressed().forEach((check, count) -> System.out.println("  " + check.label()
            + ": " + count + " more"));
        return 1;
      }
    }
  }

  /** {@code chaperone archive checkpoint}. */
  @Command(name = "checkpoint", mixinStandardHelpOptions = true,
      description = "Signs a checkpoint of the whole log now (unless the latest already covers"
          + " it) and prints it as a signed note. Creates the signing key if there is none.")
  static final class Sign implements Callable<Integer> {
    @Mixin StoreOptions store;
    @Mixin ArchiveKeyOptions key;

    @Override
    public Integer call() throws Exception {
      ArchiveSigner signer = ArchiveSigner.openOrCreate(key.keyFile(store.dataDir), key.origin);
      try (Store opened = StoreOpener.open(store)) {
        Checkpoint c = new ArchiveCheckpoints(opened, new ArchiveTree(opened), signer,
            Clock.systemUTC()).current();
        System.out.print(c.note());
        return 0;
      }
    }
  }

  /** {@code chaperone archive public-key}. */
  @Command(name = "public-key", mixinStandardHelpOptions = true,
      description = "Prints the verifier key of the archive signing key, for the district to"
          + " publish: whoever holds it can check checkpoints and productions offline.")
  static final class PublicKey implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
        description = "Data directory holding the key (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Mixin ArchiveKeyOptions key;

    @Override
    public Integer call() throws Exception {
      Path file = key.keyFile(dataDir);
      if (!Files.exists(file)) {
        System.err.println("chaperone: no archive signing key at " + file
            + " (the gateway creates it on first start)");
        return 2;
      }
      System.out.println(ArchiveSigner.publicKeyOf(file, key.origin).encoded());
      return 0;
    }
  }

  /** {@code chaperone archive dispose}. */
  @Command(name = "dispose", mixinStandardHelpOptions = true,
      description = {
          "Disposes of the content of archive records past their retention schedule (the policy"
              + " file's retention.<kind> keys) that no active legal hold and no open records"
              + " request covers, as the gateway does daily. Each disposed record keeps its leaf"
              + " hash and a tombstone naming the record.disposed entry that lists it, so"
              + " `archive verify` still passes. The disposition itself is archived.",
          "With --dry-run, only counts what would be disposed of and what is kept, changing"
              + " nothing. Exits 0 on success, 1 when the policy file shortens a locked schedule."})
  static final class Dispose implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = "--policy-file", paramLabel = "FILE",
        description = "The district policy file with the retention schedules (the gateway's own)."
            + " Without it nothing is past retention: records are kept permanently.")
    Path policyFile;

    @Option(names = "--dry-run", description = "Count, change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      DistrictPolicy policy = policyFile == null ? DistrictPolicy.DEFAULT : PolicyFiles.load(policyFile);
      try (Store opened = StoreOpener.open(store)) {
        if (dryRun) {
          RetentionSchedules.check(opened.archive().retentionSchedules(), policy);
        } else {
          new RetentionSchedules(opened, Clock.systemUTC()).apply(policy);
        }
        RetentionDisposition.Report report = new RetentionDisposition(opened, () -> policy,
            Clock.systemUTC()).run(dryRun);
        System.out.println((dryRun ? "Would dispose of " : "Disposed of ") + report.total()
            + " record(s) past retention (policy " + policy.label() + ")"
            + (report.disposed().isEmpty() ? "." : ": " + new java.util.TreeMap<>(report.disposed())
                .entrySet().stream().map(e -> e.getValue() + " " + e.getKey().key())
                .collect(java.util.stream.Collectors.joining(", ")) + "."));
        System.out.println("Kept past retention: " + report.heldByLegalHold() + " for legal holds, "
            + report.heldByRecordsRequest() + " for open records requests, "
            + report.heldForWatchedRecords() + " watching records whose records remain.");
        if (!report.dispositions().isEmpty()) {
          System.out.println("Archived as " + String.join(", ", report.dispositions().stream()
              .map(i -> "records/" + i).toList()) + ".");
        }
        return 0;
      } catch (RetentionSchedules.LockedScheduleException e) {
        System.err.println("chaperone: " + e.getMessage());
        return 1;
      }
    }
  }
}
