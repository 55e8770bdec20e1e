package org.chaperone.records;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.chaperone.archive.ArchiveCheckpoints;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.archive.CanonicalJson;
import org.chaperone.archive.Checkpoint;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Person;
import org.chaperone.domain.RequestRejected;
import org.chaperone.store.Store;

/**
 * Productions: the records in a request's scope as one zip a records officer hands over, which its
 * recipient can verify offline with nothing but the district's verifier key
 * ({@link ProductionVerifier}, {@code chaperone production verify}). The zip holds:
 *
 * <ul>
 *   <li>{@code records/{leaf_index}.json}: every record's archive entry, the exact hashed bytes;
 *   <li>{@code messages/{leaf_index}.eml}: every message as an RFC 5322 message, and
 *       {@code messages.mbox} with all of them;
 *   <li>{@code checkpoint.txt}: a signed checkpoint covering every record;
 *   <li>{@code manifest.json}: every other file with its SHA-256 and size, the checkpoint, the
 *       verifier key, and for every record its leaf hash and inclusion proof.
 * </ul>
 *
 * <p>Exports are watched (law 7): a {@code records.produced} entry listing every record and the
 * zip's hash is committed before the zip is handed out.
 *
 * <p>Thread-safe.
 */
public final class RecordsProductions {
  /** The production format named in every manifest. */
  public static final String FORMAT = "chaperone-production/1";
  /** The most records one production may hold. */
  public static final int MAX_RECORDS = 20_000;
  private static final int PAGE = 1000;

  private final Store store;
  private final RecordsAccess access;
  private final ArchiveCheckpoints checkpoints;
  private final MailFormat mail;
  private final Clock clock;

  public RecordsProductions(Store store, RecordsAccess access, ArchiveCheckpoints checkpoints,
      MailFormat mail, Clock clock) {
    this.store = store;
    this.access = access;
    this.checkpoints = checkpoints;
    this.mail = mail;
    this.clock = clock;
  }

  /**
   * A produced zip, in a temporary file the caller deletes once it has sent it.
   *
   * @param request the records request produced
   * @param zip the file
   * @param sha256 the zip's SHA-256
   * @param size the zip's size in bytes
   * @param recordCount records in it
   * @param checkpointTreeSize the tree size of its checkpoint
   * @param auditIndex the leaf index of the {@code records.produced} entry
   */
  public record Production(RecordsRequest request, Path zip, byte[] sha256, long size,
      int recordCount, long checkpointTreeSize, long auditIndex) {
    /** A file name for the zip, e.g. {@code production-request-7-size-1234.zip}. */
    public String fileName() {
      return "production-request-" + request.id() + "-size-" + checkpointTreeSize + ".zip";
    }
  }

  /** Produces the records of request {@code requestId}. */
  public Production produce(Caller caller, long requestId) {
    access.requireRecordsOfficer(caller);
    RecordsRequest request = store.archive().recordsRequest(requestId).orElseThrow(() ->
        new RequestRejected(ErrorReason.RECORDS_REQUEST_NOT_FOUND,
            "recordsRequests/" + requestId + " does not exist"));
    List<ArchiveEntry> records = gather(request);
    Checkpoint checkpoint = checkpoints.current();
    Instant now = clock.instant();
    Path zip;
    try {
      zip = Files.createTempFile("chaperone-production-", ".zip");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file for the production", e);
    }
    try {
      byte[] manifestHash = write(zip, request, records, checkpoint, caller, now);
      byte[] zipHash = sha256(zip);
      long size = Files.size(zip);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("records_request", request.name());
      details.put("records", records.stream().map(ArchiveEntry::index).toList());
      details.put("checkpoint_tree_size", checkpoint.treeSize());
      details.put("manifest_sha256", HexFormat.of().formatHex(manifestHash));
      details.put("zip_sha256", HexFormat.of().formatHex(zipHash));
      details.put("zip_bytes", size);
      long audit = store.write(tx -> tx.append(new ArchiveEvent("records.produced",
          caller.personId(), request.name(), now, details)));
      return new Production(request, zip, zipHash, size, records.size(), checkpoint.treeSize(), audit);
    } catch (IOException e) {
      deleteQuietly(zip);
      throw new UncheckedIOException("cannot write the production", e);
    } catch (RuntimeException e) {
      deleteQuietly(zip);
      throw e;
    }
  }

  /**
   * The records of the request's scope, oldest first. With subjects and no participant in the
   * scope: the records involving any subject.
   */
  List<ArchiveEntry> gather(RecordsRequest request) {
    RecordQuery scope = request.scope();
    List<RecordQuery> queries = new ArrayList<>();
    if (scope.participantId().isEmpty() && !request.subjects().isEmpty()) {
      for (String subject : request.subjects()) {
        queries.add(new RecordQuery(scope.eventTypes(), subject, scope.channelId(),
            scope.startTime(), scope.endTime(), scope.words()));
      }
    } else {
      queries.add(scope);
    }
    TreeMap<Long, ArchiveEntry> found = new TreeMap<>();
    for (RecordQuery q : queries) {
      long before = Long.MAX_VALUE;
      while (true) {
        List<ArchiveEntry> page = store.archive().search(q, before, PAGE);
        page.forEach(e -> found.put(e.index(), e));
        if (found.size() > MAX_RECORDS) {
          throw new RequestRejected(ErrorReason.PRODUCTION_TOO_LARGE, "the scope of "
              + request.name() + " matches more than " + MAX_RECORDS + " records; narrow it"
              + " (time range, channel, event types) and produce it in parts",
              List.of(), Map.of("max_records", Integer.toString(MAX_RECORDS)));
        }
        if (page.size() < PAGE) {
          break;
        }
        before = page.getLast().index();
      }
    }
    return List.copyOf(found.values());
  }

  private byte[] write(Path zip, RecordsRequest request, List<ArchiveEntry> records,
      Checkpoint checkpoint, Caller caller, Instant now) throws IOException {
    List<Object> files = new ArrayList<>();
    List<Object> manifestRecords = new ArrayList<>();
    Mbox mbox = new Mbox();
    int messages = 0;
    Map<String, MailFormat.Party> parties = new HashMap<>();
    try (OutputStream raw = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(raw)) {
      ZipFiles z = new ZipFiles(out, now, files);
      z.add("checkpoint.txt", checkpoint.note().getBytes(StandardCharsets.UTF_8));
      for (ArchiveEntry e : records) {
        String recordFile = "records/" + e.index() + ".json";
        z.add(recordFile, e.payload());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("record", "records/" + e.index());
        r.put("leaf_index", e.index());
        r.put("event_type", e.type());
        r.put("file", recordFile);
        r.put("leaf_hash", HexFormat.of().formatHex(e.leafHash()));
        r.put("inclusion_proof", checkpoints.tree().inclusionProof(e.index(), checkpoint.treeSize())
            .stream().map(HexFormat.of()::formatHex).toList());
        Optional<MailFormat.ExportedMessage> message = message(e, parties);
        if (message.isPresent()) {
          byte[] eml = mail.eml(message.get());
          String emlFile = "messages/" + e.index() + ".eml";
          z.add(emlFile, eml);
          mbox.append(eml, message.get().time());
          r.put("eml", emlFile);
          messages++;
        } else {
          r.put("eml", "");
        }
        manifestRecords.add(r);
      }
      if (messages > 0) {
        z.add("messages.mbox", mbox.bytes());
      }
      Map<String, Object> cp = new LinkedHashMap<>();
      cp.put("file", "checkpoint.txt");
      cp.put("origin", checkpoint.origin());
      cp.put("tree_size", checkpoint.treeSize());
      cp.put("root_hash", Base64.getEncoder().encodeToString(checkpoint.rootHash()));
      cp.put("key_id", checkpoint.keyId());
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("format", FORMAT);
      manifest.put("records_request", request.name());
      manifest.put("kind", request.kind().key());
      manifest.put("produced_time", now.toString());
      manifest.put("producer", "people/" + caller.personId());
      manifest.put("scope", request.scope().describe());
      manifest.put("subjects", request.subjects());
      manifest.put("checkpoint", cp);
      manifest.put("verifier_key", checkpoints.publicKey().encoded());
      manifest.put("files", files);
      manifest.put("records", manifestRecords);
      byte[] manifestBytes = CanonicalJson.encode(manifest);
      z.addUnlisted("manifest.json", manifestBytes);
      return sha256(manifestBytes);
    }
  }

  /** The message an entry records, when it records one this production can render. */
  private Optional<MailFormat.ExportedMessage> message(ArchiveEntry e, Map<String, MailFormat.Party> parties) {
    if (!"message.created".equals(e.type())) {
      return Optional.empty();
    }
    Optional<ArchiveEvent> event = e.event();
    Optional<String> text = event.flatMap(ev -> ArchiveEntry.stringDetail(ev, "text"));
    if (event.isEmpty() || text.isEmpty() || !e.subject().startsWith("channels/")
        || !e.subject().contains("/messages/")) {
      return Optional.empty();
    }
    String channelId = e.subject().substring("channels/".length(), e.subject().indexOf("/messages/"));
    String title = store.reader().channel(channelId).map(c -> c.displayName()).orElse(channelId);
    List<MailFormat.Party> recipients = new ArrayList<>();
    ArchiveEntry.listDetail(event.get(), "recipients").orElse(List.of()).forEach(r ->
        recipients.add(party(String.valueOf(r), parties)));
    return Optional.of(new MailFormat.ExportedMessage(e.index(), e.subject(), title,
        party(event.get().actorId(), parties), recipients, event.get().time(), text.get()));
  }

  private MailFormat.Party party(String personId, Map<String, MailFormat.Party> parties) {
    return parties.computeIfAbsent(personId, id -> {
      Optional<Person> p = store.reader().person(id);
      return new MailFormat.Party(id, p.map(Person::displayName).orElse(""),
          p.map(Person::email).orElse(""));
    });
  }

  /** Writes zip entries, listing each with its hash and size. */
  private static final class ZipFiles {
    private final ZipOutputStream out;
    private final long time;
    private final List<Object> listing;

    ZipFiles(ZipOutputStream out, Instant time, List<Object> listing) {
      this.out = out;
      this.time = time.toEpochMilli();
      this.listing = listing;
    }

    void add(String path, byte[] bytes) throws IOException {
      addUnlisted(path, bytes);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("path", path);
      f.put("sha256", HexFormat.of().formatHex(sha256(bytes)));
      f.put("bytes", (long) bytes.length);
      listing.add(f);
    }

    void addUnlisted(String path, byte[] bytes) throws IOException {
      ZipEntry entry = new ZipEntry(path);
      entry.setTime(time);
      out.putNextEntry(entry);
      out.write(bytes);
      out.closeEntry();
    }
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
      return sha.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A temporary file; the system cleans its temporary directory.
    }
  }
}
