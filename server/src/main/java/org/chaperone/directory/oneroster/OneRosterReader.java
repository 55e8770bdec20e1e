package org.chaperone.directory.oneroster;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaperone.directory.RosterBundle;
import org.chaperone.directory.RosterBundle.ImportMode;
import org.chaperone.directory.RosterBundle.RosterFile;
import org.chaperone.directory.RosterRejectedException;
import org.chaperone.domain.Enrollment;
import org.chaperone.domain.Org;
import org.chaperone.domain.SchoolClass;

/**
 * Reads a OneRoster 1.1 or 1.2 CSV bundle (a zip archive or a folder) into a validated {@link
 * RosterBundle}.
 *
 * <p><b>Contract.</b> The reader only parses and validates; it changes nothing. Either the whole
 * bundle is valid and returned, or {@link RosterRejectedException} lists every problem found (file,
 * 1-based line with the header as line 1, column, reason), sorted by file then line and capped at
 * 1,000 plus a final "…and N more" entry.
 *
 * <p><b>Files.</b> {@code manifest.csv} is required and gives the version ({@code
 * oneroster.version} 1.1 or 1.2) and each file's mode ({@code file.orgs}, {@code file.users},
 * {@code file.roles}, {@code file.classes}, {@code file.enrollments}: bulk, delta or absent); see
 * {@link Manifest} for leniencies. {@code orgs.csv}, {@code users.csv} (with {@code roles.csv} in
 * 1.2), {@code classes.csv} and {@code enrollments.csv} are read; every other file is ignored.
 * Inside a zip, files may sit in a subfolder; names match case-insensitively.
 *
 * <p><b>CSV.</b> RFC 4180, UTF-8 with an optional byte-order mark, a header row whose names match
 * trimmed and case-insensitively; unknown columns are ignored. {@code status} is {@code active},
 * empty or {@code tobedeleted}; {@code tobedeleted} records land in the bundle's {@code deleted*}
 * sets. References between files (enrollment → class and user, class → school, user → orgs, agent →
 * user) are checked only when the referenced file is a bulk file of the same bundle; a reference to
 * a {@code tobedeleted} record is fine. Roles are mapped as {@link OneRosterRoles} describes.
 *
 * <p><b>Limits.</b> A zip may unpack to at most 512 MiB and hold at most 10,000 entries; entries
 * with unsafe names (absolute, or with {@code ..}) reject the bundle. Nothing is written to disk.
 *
 * <p>Stateless and thread-safe.
 */
public final class OneRosterReader {
  private OneRosterReader() {}

  /**
   * Reads a bundle from a zip file or a folder, whichever {@code zipOrFolder} is.
   *
   * @throws IOException when the path cannot be read
   * @throws RosterRejectedException when the bundle is invalid
   */
  public static RosterBundle read(Path zipOrFolder) throws IOException, RosterRejectedException {
    return Files.isDirectory(zipOrFolder) ? readFolder(zipOrFolder) : readZip(zipOrFolder);
  }

  /**
   * Reads a bundle from a zip archive in memory.
   *
   * @throws RosterRejectedException when the archive or the bundle is invalid
   */
  public static RosterBundle readZip(byte[] zip) throws RosterRejectedException {
    try {
      return readZip(new ByteArrayInputStream(zip), "bundle.zip", BundleLimits.DEFAULT);
    } catch (IOException e) {
      // only a malformed archive can fail here, and that is reported as a problem
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a bundle from a zip file.
   *
   * @throws IOException when the file cannot be read
   * @throws RosterRejectedException when the archive or the bundle is invalid
   */
  public static RosterBundle readZip(Path zipFile) throws IOException, RosterRejectedException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(zipFile))) {
      return readZip(in, String.valueOf(zipFile.getFileName()), BundleLimits.DEFAULT);
    }
  }

  /**
   * Reads a bundle from the files directly inside {@code folder}.
   *
   * @throws IOException when the folder or one of its roster files cannot be read
   * @throws RosterRejectedException when the bundle is invalid
   */
  public static RosterBundle readFolder(Path folder) throws IOException, RosterRejectedException {
    ProblemLog log = new ProblemLog();
    return read(BundleFiles.fromFolder(folder, BundleLimits.DEFAULT, log), log);
  }

  /** Reads a zip archive under explicit limits; package-private so tests can use small ones. */
  static RosterBundle readZip(InputStream zip, String archiveName, BundleLimits limits)
      throws IOException, RosterRejectedException {
    ProblemLog log = new ProblemLog();
    return read(BundleFiles.fromZip(zip, archiveName, limits, log), log);
  }

  private static RosterBundle read(BundleFiles files, ProblemLog log)
      throws RosterRejectedException {
    Manifest manifest = Manifest.read(files, log);
    // why: with no valid version, read users by the more lenient 1.2 rules so the rest of the
    // bundle is still checked and every problem reported in one go
    boolean v11 = manifest.version().equals(Optional.of(Manifest.V1_1));

    Parsed<Org> orgs =
        table(files, manifest, BundleFiles.ORGS, OrgsFile.REQUIRED, OrgsFile.OPTIONAL, log)
            .map(t -> OrgsFile.read(t, isBulk(manifest, BundleFiles.ORGS)))
            .orElseGet(Parsed::none);

    UsersFile.Result users = readUsers(files, manifest, v11, orgs.ids(), log);

    Parsed<SchoolClass> classes =
        table(files, manifest, BundleFiles.CLASSES, ClassesFile.REQUIRED, ClassesFile.OPTIONAL, log)
            .map(t -> ClassesFile.read(t, isBulk(manifest, BundleFiles.CLASSES), orgs.ids()))
            .orElseGet(Parsed::none);

    Parsed<Enrollment> enrollments =
        table(
                files,
                manifest,
                BundleFiles.ENROLLMENTS,
                EnrollmentsFile.REQUIRED,
                EnrollmentsFile.OPTIONAL,
                log)
            .map(
                t ->
                    EnrollmentsFile.read(
                        t,
                        isBulk(manifest, BundleFiles.ENROLLMENTS),
                        classes.ids(),
                        users.people().ids()))
            .orElseGet(Parsed::none);

    log.throwIfAny();

    Map<RosterFile, ImportMode> modes = new EnumMap<>(RosterFile.class);
    modes.put(RosterFile.ORGS, manifest.mode(BundleFiles.ORGS));
    modes.put(RosterFile.USERS, manifest.mode(BundleFiles.USERS));
    modes.put(RosterFile.CLASSES, manifest.mode(BundleFiles.CLASSES));
    modes.put(RosterFile.ENROLLMENTS, manifest.mode(BundleFiles.ENROLLMENTS));
    return new RosterBundle(
        manifest.version().orElseThrow(),
        modes,
        orgs.active(),
        users.people().active(),
        classes.active(),
        enrollments.active(),
        users.links(),
        orgs.deletedIds(),
        users.people().deletedIds(),
        classes.deletedIds(),
        enrollments.deletedIds());
  }

  private static UsersFile.Result readUsers(
      BundleFiles files, Manifest manifest, boolean v11, KnownIds orgIds, ProblemLog log) {
    if (manifest.provides(BundleFiles.ROLES) && !manifest.provides(BundleFiles.USERS)) {
      // why: a role needs a person to attach to, and RosterBundle carries whole people only
      log.add(
          BundleFiles.ROLES,
          0,
          "",
          "roles.csv is provided without users.csv; include users.csv for the users it names");
    }
    Optional<CsvTable> roles =
        table(
            files,
            manifest,
            BundleFiles.ROLES,
            UsersFile.ROLES_REQUIRED,
            UsersFile.ROLES_OPTIONAL,
            log);
    return table(
            files,
            manifest,
            BundleFiles.USERS,
            v11 ? UsersFile.REQUIRED_1_1 : UsersFile.REQUIRED_1_2,
            UsersFile.OPTIONAL,
            log)
        .map(
            t ->
                UsersFile.read(
                    t,
                    roles,
                    manifest.provides(BundleFiles.ROLES),
                    isBulk(manifest, BundleFiles.USERS),
                    orgIds))
        .orElseGet(() -> new UsersFile.Result(Parsed.none(), List.of()));
  }

  /** The parsed file, when the manifest provides it and it is readable. */
  private static Optional<CsvTable> table(
      BundleFiles files,
      Manifest manifest,
      String file,
      Collection<String> required,
      Collection<String> optional,
      ProblemLog log) {
    if (!manifest.provides(file)) {
      return Optional.empty();
    }
    return files.get(file).flatMap(bytes -> CsvTable.parse(file, bytes, required, optional, log));
  }

  private static boolean isBulk(Manifest manifest, String file) {
    return manifest.mode(file) == ImportMode.BULK;
  }
}
