package org.chaperone.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.chaperone.api.v1.ArchiveServiceGrpc.ArchiveServiceBlockingStub;
import org.chaperone.api.v1.ExportProductionRequest;
import org.chaperone.api.v1.Production;
import org.chaperone.api.v1.ProductionChunk;
import org.chaperone.archive.CanonicalJson;

/** Exporting production zips over the API, opening them, and altering them the way a forger would. */
public final class ProductionZips {
  private ProductionZips() {}

  /** A production as exported: what the first chunk said, and the zip. */
  public record Exported(Production production, byte[] zip) {}

  /** Exports {@code request} through {@code ExportProduction}, checking the stream's shape. */
  public static Exported export(ArchiveServiceBlockingStub officer, ExportProductionRequest request) {
    Iterator<ProductionChunk> chunks = officer.exportProduction(request);
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    Production production = null;
    int count = 0;
    while (chunks.hasNext()) {
      ProductionChunk c = chunks.next();
      if (count++ == 0) {
        assertThat(c.hasProduction()).as("the first chunk describes the production").isTrue();
        production = c.getProduction();
      } else {
        assertThat(c.hasProduction()).isFalse();
      }
      zip.writeBytes(c.getData().toByteArray());
    }
    return new Exported(production, zip.toByteArray());
  }

  public static Exported export(ArchiveServiceBlockingStub officer, String requestName) {
    return export(officer, ExportProductionRequest.newBuilder().setName(requestName).build());
  }

  /** The zip's files, in order. */
  public static Map<String, byte[]> unzip(byte[] zip) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        files.put(e.getName(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  public static byte[] zip(Map<String, byte[]> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The zip with {@code change} applied to its files. */
  public static byte[] tamper(byte[] zip, Consumer<Map<String, byte[]>> change) {
    Map<String, byte[]> files = unzip(zip);
    change.accept(files);
    return zip(files);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> manifest(Map<String, byte[]> files) {
    return (Map<String, Object>) CanonicalJson.decode(files.get("manifest.json"));
  }

  /** Updates the manifest's SHA-256 and size of {@code path} to the file's new content. */
  public static void relist(Map<String, byte[]> files, String path) {
    Map<String, Object> manifest = manifest(files);
    for (Object o : (List<?>) manifest.get("files")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> f = (Map<String, Object>) o;
      if (f.get("path").equals(path)) {
        f.put("sha256", HexFormat.of().formatHex(sha256(files.get(path))));
        f.put("bytes", (long) files.get(path).length);
      }
    }
    files.put("manifest.json", CanonicalJson.encode(manifest));
  }

  public static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
