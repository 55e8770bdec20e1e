package org.chaperone.records;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.archive.ArchivePublicKey;
import org.chaperone.archive.CanonicalJson;
import org.chaperone.archive.CheckpointNote;
import org.chaperone.archive.LogHashes;
import org.chaperone.archive.MerkleProofs;
import org.chaperone.records.ProductionReport.Check;
import org.chaperone.records.ProductionReport.Finding;

/**
 * Verifies a production offline, with no server and no network: the zip's files against the
 * manifest's SHA-256s, the checkpoint's Ed25519 signature against the district's verifier key,
 * every record's RFC 6962 inclusion proof against the checkpoint's root, every {@code .eml}
 * against the record it renders, and the mbox against the {@code .eml} files.
 *
 * <p>What it cannot check: that the scope's query returned every matching record. Each record is
 * proven to be in the archive as signed; completeness of a selection needs the archive itself.
 *
 * <p>Thread-safe (stateless apart from its mail format).
 */
public final class ProductionVerifier {
  /**
   * The largest production read (it is held in memory): 1 GiB in total, 100,000 entries. A
   * production holds at most 20,000 records, far below both.
   */
  private static final long MAX_TOTAL_BYTES = 1L << 30;
  private static final int MAX_ENTRIES = 100_000;

  private final MailFormat mail;

  public ProductionVerifier(MailFormat mail) {
    this.mail = mail;
  }

  /**
   * Verifies the zip read from {@code zip}. With no trusted keys, the checkpoint is checked
   * against the key the production names, and the report says so.
   */
  public ProductionReport verify(InputStream zip, List<ArchivePublicKey> trustedKeys) {
    List<Finding> findings = new ArrayList<>();
    Map<String, byte[]> files = new LinkedHashMap<>();
    try {
      read(zip, files, findings);
    } catch (IOException | IllegalArgumentException e) {
      findings.add(new Finding(Check.ZIP, "zip", "cannot be read: " + e.getMessage()));
      return new ProductionReport("", 0, 0, 0, "", trustedKeys.isEmpty(),
          ProductionReport.Transcript.NONE, ProductionReport.Redaction.NONE, findings);
    }
    byte[] manifestBytes = files.remove("manifest.json");
    Map<?, ?> manifest;
    try {
      if (manifestBytes == null) {
        throw new IllegalArgumentException("missing");
      }
      manifest = (Map<?, ?>) CanonicalJson.decode(manifestBytes);
      if (!RecordsProductions.FORMAT.equals(manifest.get("format"))
          && !RecordsProductions.FORMAT_1.equals(manifest.get("format"))) {
        throw new IllegalArgumentException("not of format " + RecordsProductions.FORMAT);
      }
    } catch (IllegalArgumentException | ClassCastException e) {
      findings.add(new Finding(Check.MANIFEST, "manifest.json", e.getMessage()));
      return new ProductionReport("", 0, 0, 0, "", trustedKeys.isEmpty(),
          ProductionReport.Transcript.NONE, ProductionReport.Redaction.NONE, findings);
    }
    return new Run(manifest, manifestBytes, files, findings).verify(trustedKeys);
  }

  private static void read(InputStream in, Map<String, byte[]> files, List<Finding> findings)
      throws IOException {
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (files.size() >= MAX_ENTRIES) {
          throw new IllegalArgumentException("more than " + MAX_ENTRIES + " entries");
        }
        byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_TOTAL_BYTES - total + 1));
        total += bytes.length;
        if (total > MAX_TOTAL_BYTES) {
          throw new IllegalArgumentException("larger than " + MAX_TOTAL_BYTES + " bytes");
        }
        if (e.isDirectory()) {
          continue;
        }
        if (files.put(e.getName(), bytes) != null) {
          // A second entry of the same name: tools disagree on which one is "the" file.
          findings.add(new Finding(Check.ZIP, e.getName(), "appears twice in the zip"));
        }
      }
    }
  }

  private final class Run {
    private final Map<?, ?> manifest;
    private final Map<String, byte[]> files;
    private final List<Finding> findings;
    /** The event of every record whose file is a canonical entry, by leaf index. */
    private final Map<Long, ArchiveEvent> events = new LinkedHashMap<>();

    private final byte[] manifestBytes;
    /** Records whose files are redacted, by name. */
    private final java.util.Set<String> redacted = new java.util.HashSet<>();
    private final java.util.Set<String> recordNames = new java.util.HashSet<>();

    Run(Map<?, ?> manifest, byte[] manifestBytes, Map<String, byte[]> files, List<Finding> findings) {
      this.manifest = manifest;
      this.manifestBytes = manifestBytes;
      this.files = files;
      this.findings = findings;
    }

    private void add(Check check, String where, String description) {
      findings.add(new Finding(check, where, description));
    }

    ProductionReport verify(List<ArchivePublicKey> trustedKeys) {
      String request = String.valueOf(manifest.get("records_request"));
      checkFiles();
      String productionKey = manifest.get("verifier_key") instanceof String k ? k : "";
      List<ArchivePublicKey> keys = trustedKeys;
      if (keys.isEmpty()) {
        try {
          keys = List.of(ArchivePublicKey.parse(productionKey));
        } catch (IllegalArgumentException e) {
          add(Check.CHECKPOINT, "manifest.json", "verifier_key is not a verifier key");
          keys = List.of();
        }
      }
      Optional<CheckpointNote.Body> checkpoint = checkCheckpoint(keys);
      int[] counts = checkRecords(checkpoint);
      TranscriptCheck transcriptCheck = new TranscriptCheck(manifest, files, findings, events);
      ProductionReport.Transcript transcript = RecordsProductions.FORMAT_1.equals(
          manifest.get("format")) ? ProductionReport.Transcript.NONE
          : transcriptCheck.run(counts[1] > 0);
      ProductionReport.Redaction redaction = ProductionReport.Redaction.NONE;
      if (manifest.get("redaction") instanceof Map<?, ?> r) {
        String log = r.get("exemption_log") instanceof String l ? l : ProductionRedactor.LOG;
        int markers = new ExemptionCheck(files, findings, mail).run(log, manifestBytes,
            recordNames, redacted, transcriptCheck.pages());
        redaction = new ProductionReport.Redaction(redacted.size(), markers);
      } else if (!redacted.isEmpty()) {
        add(Check.MANIFEST, "manifest.json", "records are marked redacted, but the manifest"
            + " describes no redaction");
      }
      return new ProductionReport(request, counts[0], counts[1],
          checkpoint.map(CheckpointNote.Body::treeSize).orElse(0L),
          trustedKeys.isEmpty() ? productionKey : String.join(", ",
              trustedKeys.stream().map(ArchivePublicKey::encoded).toList()),
          trustedKeys.isEmpty(), transcript, redaction, findings);
    }

    private void checkFiles() {
      List<String> listed = new ArrayList<>();
      for (Object o : list(manifest.get("files"))) {
        if (!(o instanceof Map<?, ?> f) || !(f.get("path") instanceof String path)
            || !(f.get("sha256") instanceof String sha) || !(f.get("bytes") instanceof Long size)) {
          add(Check.MANIFEST, "manifest.json", "a files entry is malformed");
          continue;
        }
        listed.add(path);
        byte[] bytes = files.get(path);
        if (bytes == null) {
          add(Check.FILES, path, "listed in the manifest but missing from the zip");
        } else if (bytes.length != size || !sha.equals(HexFormat.of().formatHex(sha256(bytes)))) {
          add(Check.FILES, path, "its SHA-256 or size differs from the manifest's (altered)");
        }
      }
      for (String path : files.keySet()) {
        if (!listed.contains(path)) {
          add(Check.FILES, path, "in the zip but not in the manifest (added)");
        }
      }
    }

    private Optional<CheckpointNote.Body> checkCheckpoint(List<ArchivePublicKey> keys) {
      Map<?, ?> cp = manifest.get("checkpoint") instanceof Map<?, ?> m ? m : Map.of();
      String file = cp.get("file") instanceof String f ? f : "checkpoint.txt";
      byte[] note = files.get(file);
      if (note == null) {
        add(Check.CHECKPOINT, file, "missing");
        return Optional.empty();
      }
      Optional<CheckpointNote.Parsed> parsed =
          CheckpointNote.parse(new String(note, StandardCharsets.UTF_8));
      if (parsed.isEmpty()) {
        add(Check.CHECKPOINT, file, "is not a signed checkpoint note");
        return Optional.empty();
      }
      CheckpointNote.Body body = parsed.get().body();
      if (!Long.valueOf(body.treeSize()).equals(cp.get("tree_size"))
          || !Base64.getEncoder().encodeToString(body.rootHash()).equals(cp.get("root_hash"))) {
        add(Check.CHECKPOINT, file, "its size or root differs from the manifest's");
      }
      if (keys.stream().noneMatch(k -> k.signed(parsed.get()))) {
        add(Check.CHECKPOINT, file, "not signed by the trusted key (forged or altered)");
      }
      return Optional.of(body);
    }

    /** Returns {records, messages}. */
    private int[] checkRecords(Optional<CheckpointNote.Body> checkpoint) {
      int records = 0;
      int messages = 0;
      Mbox mbox = new Mbox();
      for (Object o : list(manifest.get("records"))) {
        records++;
        if (!(o instanceof Map<?, ?> r) || !(r.get("leaf_index") instanceof Long index)
            || !(r.get("file") instanceof String file) || !(r.get("leaf_hash") instanceof String leafHex)
            || !(r.get("eml") instanceof String emlFile)) {
          add(Check.MANIFEST, "manifest.json", "a records entry is malformed");
          continue;
        }
        String where = "records/" + index;
        recordNames.add(where);
        // A redacted record's file is the entry with markers burned in: its proof attests the
        // original (the leaf hash the manifest gives), so the file itself is not re-hashed.
        boolean withheld = Boolean.TRUE.equals(r.get("redacted"));
        if (withheld) {
          redacted.add(where);
        }
        byte[] payload = files.get(file);
        byte[] leafHash = hex(leafHex);
        Optional<ArchiveEvent> event = Optional.empty();
        if (payload == null) {
          add(Check.RECORDS, where, file + " is missing");
        } else {
          if (leafHash == null
              || (!withheld && !MessageDigest.isEqual(LogHashes.leafHash(payload), leafHash))) {
            add(Check.RECORDS, where, "the record's leaf hash is not the manifest's (altered)");
          }
          event = ArchiveEvent.fromEntryBytes(payload);
          if (event.isEmpty()) {
            add(Check.RECORDS, where, "the record is not a canonical archive entry");
          } else {
            events.put(index, event.get());
          }
        }
        checkInclusion(where, index, leafHash, r.get("inclusion_proof"), checkpoint);
        if (!emlFile.isEmpty()) {
          messages++;
          byte[] eml = files.get(emlFile);
          if (eml == null) {
            add(Check.MESSAGES, emlFile, "missing");
          } else {
            checkMessage(emlFile, index, eml, event);
            event.ifPresent(ev -> mbox.append(eml, ev.time()));
          }
        }
      }
      byte[] actualMbox = files.get("messages.mbox");
      if (messages > 0 || actualMbox != null) {
        if (actualMbox == null) {
          add(Check.MBOX, "messages.mbox", "missing");
        } else if (!MessageDigest.isEqual(actualMbox, mbox.bytes())) {
          add(Check.MBOX, "messages.mbox", "does not hold exactly the .eml files in order");
        }
      }
      return new int[] {records, messages};
    }

    private void checkInclusion(String where, long index, byte[] leafHash, Object proofValue,
        Optional<CheckpointNote.Body> checkpoint) {
      if (checkpoint.isEmpty()) {
        add(Check.INCLUSION, where, "no valid checkpoint to prove inclusion in");
        return;
      }
      List<byte[]> proof = new ArrayList<>();
      for (Object h : list(proofValue)) {
        byte[] bytes = h instanceof String s ? hex(s) : null;
        if (bytes == null) {
          add(Check.INCLUSION, where, "the inclusion proof is malformed");
          return;
        }
        proof.add(bytes);
      }
      if (leafHash == null || !MerkleProofs.verifyInclusion(leafHash, index,
          checkpoint.get().treeSize(), proof, checkpoint.get().rootHash())) {
        add(Check.INCLUSION, where, "the inclusion proof does not lead to the checkpoint's root");
      }
    }

    private void checkMessage(String file, long index, byte[] eml, Optional<ArchiveEvent> event) {
      MailFormat.ParsedMail parsed;
      try {
        parsed = mail.parse(eml);
      } catch (IllegalArgumentException e) {
        add(Check.MESSAGES, file, "is not a readable message: " + e.getMessage());
        return;
      }
      if (event.isEmpty()) {
        return; // reported under records
      }
      ArchiveEvent ev = event.get();
      List<String> differ = new ArrayList<>();
      if (!parsed.recordName().equals("records/" + index)) {
        differ.add("record");
      }
      if (!parsed.messageName().equals(ev.subject())) {
        differ.add("message name");
      }
      if (!parsed.senderId().equals(ev.actorId())) {
        differ.add("sender");
      }
      if (!parsed.time().equals(ev.time()) || parsed.dateHeader() == null
          || !parsed.dateHeader().equals(ev.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))) {
        differ.add("time");
      }
      if (!ArchiveEntry.stringDetail(ev, "text").map(parsed.text()::equals).orElse(false)) {
        differ.add("text");
      }
      if (!differ.isEmpty()) {
        add(Check.MESSAGES, file, "differs from its record in " + String.join(", ", differ));
      }
    }
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }

  private static byte[] hex(String s) {
    try {
      byte[] b = HexFormat.of().parseHex(s);
      return b.length == 32 ? b : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] sha256(byte[] bytes) {
    return RecordsProductions.sha256(bytes);
  }
}
