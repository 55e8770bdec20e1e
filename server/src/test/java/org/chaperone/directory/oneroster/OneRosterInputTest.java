package org.chaperone.directory.oneroster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.chaperone.directory.RosterBundle;
import org.chaperone.directory.RosterProblem;
import org.chaperone.directory.RosterRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zip archives and folders as input, and the limits that guard them. */
class OneRosterInputTest {

  @TempDir Path temp;

  @Test
  void zipFolderAndPathInputsGiveTheSameBundle() throws Exception {
    RosterFixtures fixtures = RosterFixtures.v11();
    RosterBundle fromBytes = OneRosterReader.readZip(fixtures.zip());
    Path folder = fixtures.writeTo(Files.createDirectory(temp.resolve("bundle")));
    Path zipFile = Files.write(temp.resolve("bundle.zip"), fixtures.zip());

    assertThat(fromBytes.people()).hasSize(8);
    assertThat(OneRosterReader.readFolder(folder)).isEqualTo(fromBytes);
    assertThat(OneRosterReader.readZip(zipFile)).isEqualTo(fromBytes);
    assertThat(OneRosterReader.read(folder)).isEqualTo(fromBytes);
    assertThat(OneRosterReader.read(zipFile)).isEqualTo(fromBytes);
  }

  @Test
  void filesInsideAZipMaySitInASubfolderAndDifferInCase() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    RosterFixtures.v11().files().forEach((name, text) -> files.put(name.toUpperCase(), text));
    files.put("academicSessions.csv", "this file is not read");
    files.put("._users.csv", "macOS metadata, not read");

    RosterBundle bundle = OneRosterReader.readZip(RosterFixtures.zipOf(files, "Export 2025/"));

    assertThat(bundle).isEqualTo(RosterFixtures.v11().read());
  }

  @Test
  void anUnsafeEntryNameRejectsTheBundle() {
    Map<String, String> files = new LinkedHashMap<>(RosterFixtures.v11().files());
    byte[] zip = zipWithExtra(files, "../../etc/cron.d/evil", "x");

    List<RosterProblem> problems = rejected(zip);

    assertThat(RosterFixtures.where(problems)).containsExactly("bundle.zip:0:");
    assertThat(problems.getFirst().reason()).contains("unsafe").contains("../../etc/cron.d/evil");
  }

  @Test
  void anAbsoluteEntryNameRejectsTheBundle() {
    byte[] zip =
        zipWithExtra(new LinkedHashMap<>(RosterFixtures.v11().files()), "/tmp/users.csv", "x");
    assertThat(rejected(zip))
        .extracting(RosterProblem::reason)
        .anySatisfy(r -> assertThat(r).contains("unsafe"));
  }

  @Test
  void aZipUnpackingBeyondTheSizeLimitIsRejected() throws Exception {
    // 4 KiB of zeros compresses to a few bytes; the limit is the inflated size
    byte[] zip =
        zipWithExtra(
            new LinkedHashMap<>(RosterFixtures.v11().files()), "padding.bin", "\0".repeat(4096));

    assertThat(OneRosterReader.readZip(zip)).isNotNull(); // fine under the default limit
    List<RosterProblem> problems = rejected(zip, new BundleLimits(4000, 100));

    assertThat(problems)
        .extracting(RosterProblem::reason)
        .anySatisfy(r -> assertThat(r).contains("more than 4000 bytes"));
  }

  @Test
  void aZipWithTooManyEntriesIsRejected() {
    Map<String, String> files = new LinkedHashMap<>(RosterFixtures.v11().files());
    for (int i = 0; i < 20; i++) {
      files.put("junk/" + i + ".txt", "");
    }
    List<RosterProblem> problems =
        rejected(RosterFixtures.zipOf(files, ""), new BundleLimits(1 << 20, 10));

    assertThat(problems)
        .extracting(RosterProblem::reason)
        .anySatisfy(r -> assertThat(r).contains("more than 10 entries"));
  }

  @Test
  void somethingThatIsNotAZipIsAProblemNotAnException() {
    List<RosterProblem> problems = rejected("sourcedId,name\n".getBytes(StandardCharsets.UTF_8));

    assertThat(problems)
        .extracting(RosterProblem::reason)
        .anySatisfy(r -> assertThat(r).contains("not a zip archive"));
  }

  @Test
  void aTruncatedZipIsAProblemNotAnException() {
    byte[] zip = RosterFixtures.v11().zip();
    byte[] truncated = java.util.Arrays.copyOf(zip, zip.length / 2);

    assertThat(rejected(truncated)).isNotEmpty();
  }

  @Test
  void twoCopiesOfARosterFileAreAProblem() {
    Map<String, String> files = new LinkedHashMap<>(RosterFixtures.v11().files());
    byte[] zip = zipWithExtra(files, "old/users.csv", RosterFixtures.USERS_11);

    List<RosterProblem> problems = rejected(zip);

    assertThat(RosterFixtures.where(problems)).containsExactly("users.csv:0:");
    assertThat(problems.getFirst().reason()).contains("more than one users.csv");
  }

  @Test
  void aMissingPathIsAnIoFailure() {
    assertThatThrownBy(() -> OneRosterReader.read(temp.resolve("nope.zip")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(
            () -> OneRosterReader.readFolder(Files.writeString(temp.resolve("f.csv"), "x")))
        .isInstanceOf(NotDirectoryException.class);
  }

  @Test
  void aFolderIsReadWithoutItsSubfolders() throws Exception {
    Path folder = Files.createDirectory(temp.resolve("bundle"));
    RosterFixtures.v11().without("manifest.csv").writeTo(folder);
    Files.createDirectory(folder.resolve("nested"));
    Files.writeString(folder.resolve("nested/manifest.csv"), RosterFixtures.MANIFEST_11);

    assertThatThrownBy(() -> OneRosterReader.readFolder(folder))
        .isInstanceOfSatisfying(
            RosterRejectedException.class,
            e -> assertThat(RosterFixtures.where(e.problems())).containsExactly("manifest.csv:0:"));
  }

  private static byte[] zipWithExtra(Map<String, String> files, String name, String content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return bytes.toByteArray();
  }

  private static List<RosterProblem> rejected(byte[] zip) {
    return rejected(zip, BundleLimits.DEFAULT);
  }

  private static List<RosterProblem> rejected(byte[] zip, BundleLimits limits) {
    try {
      OneRosterReader.readZip(new ByteArrayInputStream(zip), "bundle.zip", limits);
    } catch (RosterRejectedException e) {
      return e.problems();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected the bundle to be rejected");
  }
}
