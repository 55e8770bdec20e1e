package org.chaperone.directory.oneroster;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The raw bytes of the roster files a bundle provides, keyed by lower-case file name.
 *
 * <p>Only the files Chaperone reads are kept ({@link #WANTED}); others are skipped. Names match
 * case-insensitively and, inside a zip, regardless of the folder they sit in. Nothing is ever
 * written to disk. Immutable once built.
 */
final class BundleFiles {
  static final String MANIFEST = "manifest.csv";
  static final String ORGS = "orgs.csv";
  static final String USERS = "users.csv";
  static final String ROLES = "roles.csv";
  static final String CLASSES = "classes.csv";
  static final String ENROLLMENTS = "enrollments.csv";

  static final Set<String> WANTED = Set.of(MANIFEST, ORGS, USERS, ROLES, CLASSES, ENROLLMENTS);

  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private final Map<String, byte[]> contents;

  private BundleFiles(Map<String, byte[]> contents) {
    this.contents = Map.copyOf(contents);
  }

  /** True when the bundle provides {@code name} (lower case). */
  boolean has(String name) {
    return contents.containsKey(name);
  }

  /** The bytes of {@code name} (lower case), if provided. */
  Optional<byte[]> get(String name) {
    return Optional.ofNullable(contents.get(name));
  }

  /**
   * Reads the roster files out of a zip archive.
   *
   * @param archiveName how problems about the archive itself name it
   * @throws IOException when {@code in} fails for a reason other than a malformed archive
   */
  static BundleFiles fromZip(
      InputStream in, String archiveName, BundleLimits limits, ProblemLog log) throws IOException {
    Map<String, byte[]> found = new HashMap<>();
    Map<String, String> foundAt = new HashMap<>();
    long total = 0;
    int count = 0;
    try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
      while (true) {
        ZipEntry entry;
        try {
          entry = zip.getNextEntry();
        } catch (IllegalArgumentException e) {
          // ZipInputStream signals an undecodable entry name this way
          log.add(archiveName, 0, "", "a file name in the zip archive is not valid UTF-8");
          break;
        }
        if (entry == null) {
          break;
        }
        if (++count > limits.maxEntries()) {
          log.add(
              archiveName,
              0,
              "",
              "the zip archive has more than " + limits.maxEntries() + " entries");
          break;
        }
        String path = entry.getName();
        if (!isSafe(path)) {
          // why: never written anywhere, but a traversal name means a crafted or broken archive
          log.add(
              archiveName,
              0,
              "",
              "unsafe file name '"
                  + printable(path)
                  + "' in the zip archive; names must be plain"
                  + " relative paths");
          continue;
        }
        if (entry.isDirectory()) {
          continue;
        }
        String name = baseName(path).toLowerCase(Locale.ROOT);
        boolean wanted = WANTED.contains(name);
        ByteArrayOutputStream sink = wanted ? new ByteArrayOutputStream() : null;
        // why: count real inflated bytes, never the sizes the archive declares, which can lie;
        // skipped entries count too, as inflating them costs just the same.
        long read = copy(zip, sink, limits.maxTotalBytes() - total);
        if (read < 0) {
          log.add(archiveName, 0, "", "the zip archive unpacks to more than " + size(limits));
          break;
        }
        total += read;
        if (wanted) {
          String earlier = foundAt.putIfAbsent(name, path);
          if (earlier != null) {
            log.add(
                name,
                0,
                "",
                "the zip archive holds more than one "
                    + name
                    + ": '"
                    + printable(earlier)
                    + "' and '"
                    + printable(path)
                    + "'");
          } else {
            found.put(name, sink.toByteArray());
          }
        }
      }
    } catch (ZipException | EOFException e) {
      log.add(archiveName, 0, "", "not a readable zip archive: " + e.getMessage());
      return new BundleFiles(found);
    }
    if (count == 0 && log.isEmpty()) {
      log.add(archiveName, 0, "", "not a zip archive, or an empty one");
    }
    return new BundleFiles(found);
  }

  /**
   * Reads the roster files directly inside {@code folder} (subfolders are not searched).
   *
   * @throws IOException when the folder cannot be listed or a file cannot be read
   */
  static BundleFiles fromFolder(Path folder, BundleLimits limits, ProblemLog log)
      throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new NotDirectoryException(folder.toString());
    }
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder)) {
      for (Path path : listing) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (WANTED.contains(name) && Files.isRegularFile(path)) {
          candidates.add(path);
        }
      }
    }
    candidates.sort(null);
    Map<String, byte[]> found = new HashMap<>();
    Map<String, Path> foundAt = new HashMap<>();
    long total = 0;
    for (Path path : candidates) {
      String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
      Path earlier = foundAt.putIfAbsent(name, path);
      if (earlier != null) {
        log.add(
            name,
            0,
            "",
            "the folder holds more than one "
                + name
                + ": '"
                + earlier.getFileName()
                + "' and '"
                + path.getFileName()
                + "'");
        continue;
      }
      total += Files.size(path);
      if (total > limits.maxTotalBytes()) {
        log.add(name, 0, "", "the roster files add up to more than " + size(limits));
        break;
      }
      found.put(name, Files.readAllBytes(path));
    }
    return new BundleFiles(found);
  }

  /** Copies {@code in} to {@code sink} (null: discards); -1 once more than budget bytes came. */
  private static long copy(InputStream in, OutputStream sink, long budget) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long read = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      read += n;
      if (read > budget) {
        return -1;
      }
      if (sink != null) {
        sink.write(buffer, 0, n);
      }
    }
    return read;
  }

  private static boolean isSafe(String path) {
    if (path.isEmpty()
        || path.indexOf('\0') >= 0
        || path.startsWith("/")
        || path.startsWith("\\")
        || DRIVE.matcher(path).matches()) {
      return false;
    }
    for (String segment : path.split("[/\\\\]")) {
      if (segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static String baseName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }

  private static String printable(String name) {
    return name.replaceAll("\\p{Cntrl}", "?");
  }

  private static String size(BundleLimits limits) {
    long bytes = limits.maxTotalBytes();
    return bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
  }
}
