package org.chaperone.directory.oneroster;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.chaperone.directory.RosterBundle.ImportMode;

/**
 * What {@code manifest.csv} says: the OneRoster version and how each file Chaperone reads is
 * provided.
 *
 * <p>Modes are resolved against the files actually present: a file the manifest declares bulk or
 * delta but the bundle lacks is a problem; a present file the manifest does not mention (or gives
 * an empty value) is read as bulk, since some exporters write incomplete manifests; a file declared
 * absent is not read even if present, as the specification says. {@code roles.csv} is part of
 * OneRoster 1.2 only and is never read for a 1.1 bundle.
 *
 * @param version "1.1" or "1.2"; empty when the manifest is missing or gives no valid version (the
 *     reason is logged)
 * @param modes the resolved mode of each file, keyed by lower-case file name
 */
record Manifest(Optional<String> version, Map<String, ImportMode> modes) {
  static final String V1_1 = "1.1";
  static final String V1_2 = "1.2";

  private static final String PROPERTY = "propertyName";
  private static final String VALUE = "value";
  private static final String VERSION_PROPERTY = "oneroster.version";

  private static final Map<String, String> FILE_PROPERTIES =
      Map.of(
          "file.orgs", BundleFiles.ORGS,
          "file.users", BundleFiles.USERS,
          "file.roles", BundleFiles.ROLES,
          "file.classes", BundleFiles.CLASSES,
          "file.enrollments", BundleFiles.ENROLLMENTS);

  Manifest {
    modes = Map.copyOf(modes);
  }

  /** How the bundle provides {@code file} (lower case). */
  ImportMode mode(String file) {
    return modes.getOrDefault(file, ImportMode.ABSENT);
  }

  /** True when {@code file} is provided, in bulk or delta mode. */
  boolean provides(String file) {
    return mode(file) != ImportMode.ABSENT;
  }

  private record Declared(ImportMode mode, long line) {}

  static Manifest read(BundleFiles files, ProblemLog log) {
    Optional<String> version = Optional.empty();
    Map<String, Declared> declared = new HashMap<>();
    Optional<byte[]> bytes = files.get(BundleFiles.MANIFEST);
    if (bytes.isEmpty()) {
      log.add(BundleFiles.MANIFEST, 0, "", "the bundle has no manifest.csv");
    } else {
      Optional<CsvTable> table =
          CsvTable.parse(
              BundleFiles.MANIFEST, bytes.get(), List.of(PROPERTY, VALUE), List.of(), log);
      if (table.isPresent()) {
        version = readProperties(table.get(), declared, log);
      }
    }
    Map<String, ImportMode> modes = new HashMap<>();
    for (String file : FILE_PROPERTIES.values()) {
      modes.put(file, resolve(file, declared.get(file), version, files, log));
    }
    return new Manifest(version, modes);
  }

  private static Optional<String> readProperties(
      CsvTable table, Map<String, Declared> declared, ProblemLog log) {
    Optional<String> version = Optional.empty();
    boolean versionSeen = false;
    Map<String, Long> firstLine = new HashMap<>();
    for (CsvTable.Row row : table.rows()) {
      String property = row.get(PROPERTY).toLowerCase(Locale.ROOT);
      String value = row.get(VALUE);
      Long first = firstLine.putIfAbsent(property, row.line());
      if (first != null) {
        row.problem(
            PROPERTY,
            "property '" + row.get(PROPERTY) + "' appears twice (first on line " + first + ")");
        continue;
      }
      if (property.equals(VERSION_PROPERTY)) {
        versionSeen = true;
        if (value.equals(V1_1) || value.equals(V1_2)) {
          version = Optional.of(value);
        } else {
          row.problem(VALUE, "oneroster.version must be 1.1 or 1.2, not '" + value + "'");
        }
      } else if (FILE_PROPERTIES.containsKey(property)) {
        String file = FILE_PROPERTIES.get(property);
        switch (value.toLowerCase(Locale.ROOT)) {
          case "bulk" -> declared.put(file, new Declared(ImportMode.BULK, row.line()));
          case "delta" -> declared.put(file, new Declared(ImportMode.DELTA, row.line()));
          case "absent" -> declared.put(file, new Declared(ImportMode.ABSENT, row.line()));
          // why: some exporters leave the value empty; treat it as not declared (lenient)
          case "" -> {}
          default ->
              row.problem(
                  VALUE, row.get(PROPERTY) + " must be bulk, delta or absent, not '" + value + "'");
        }
      }
      // other properties (manifest.version, source.*, file.courses, ...) do not concern us
    }
    if (!versionSeen) {
      log.add(BundleFiles.MANIFEST, 0, PROPERTY, "manifest.csv has no oneroster.version property");
    }
    return version;
  }

  private static ImportMode resolve(
      String file, Declared declared, Optional<String> version, BundleFiles files, ProblemLog log) {
    if (file.equals(BundleFiles.ROLES) && version.equals(Optional.of(V1_1))) {
      return ImportMode.ABSENT;
    }
    if (declared == null) {
      return files.has(file) ? ImportMode.BULK : ImportMode.ABSENT;
    }
    if (declared.mode() != ImportMode.ABSENT && !files.has(file)) {
      log.add(
          BundleFiles.MANIFEST,
          declared.line(),
          VALUE,
          "manifest.csv declares "
              + file
              + " as "
              + declared.mode().name().toLowerCase(Locale.ROOT)
              + ", but the bundle has no "
              + file);
      return ImportMode.ABSENT;
    }
    return declared.mode();
  }
}
