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
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Person;
import org.chaperone.domain.RequestRejected;
import org.chaperone.domain.Role;
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
 *   <li>{@code transcript.pdf}: the messages with their versions and retractions, grouped by
 *       channel, a Bates number on every page ({@link TranscriptPdf}), and {@code loadfile.dat},
 *       a Concordance load file with a row per document ({@link ConcordanceLoadFile});
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
  public static final String FORMAT = "chaperone-production/2";
  /** The first format: no transcript or load file. Still verified. */
  static final String FORMAT_1 = "chaperone-production/1";
  /** The most records one production may hold. */
  public static final int MAX_RECORDS = 20_000;
  static final String TRANSCRIPT = "transcript.pdf";
  static final String LOAD_FILE = "loadfile.dat";
  /** The load file's columns, in order. */
  static final List<String> LOAD_FILE_COLUMNS = List.of("BEGBATES", "ENDBATES", "CUSTODIAN",
      "FROM", "TO", "CC", "SENT", "CHANNEL", "MESSAGEID", "RECORD", "HASH", "NATIVEPATH",
      "VERSIONS", "RETRACTED", "REDACTED");
  /** Events that carry a message's text: each becomes an {@code .eml} and a document. */
  static final Set<String> MESSAGE_EVENTS = Set.of("message.created", "message.held");
  /** Later events of a message, shown with it in the transcript. */
  static final Set<String> LATER_EVENTS =
      Set.of("message.edited", "message.retracted", "message.released");
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
   * @param firstBates the Bates number of the transcript's first page, or empty without one
   * @param lastBates the Bates number of its last page, or empty
   */
  public record Production(RecordsRequest request, Path zip, byte[] sha256, long size,
      int recordCount, long checkpointTreeSize, long auditIndex, String firstBates,
      String lastBates) {
    /** A file name for the zip, e.g. {@code production-request-7-size-1234.zip}. */
    public String fileName() {
      return "production-request-" + request.id() + "-size-" + checkpointTreeSize + ".zip";
    }
  }

  /** Produces the records of request {@code requestId}, numbering pages from CHAP-0000001. */
  public Production produce(Caller caller, long requestId) {
    return produce(caller, requestId, BatesNumbering.defaults());
  }

  /** Produces the records of request {@code requestId}, numbering its pages with {@code bates}. */
  public Production produce(Caller caller, long requestId, BatesNumbering bates) {
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
      Written written = write(zip, request, records, checkpoint, caller, now, bates);
      byte[] zipHash = sha256(zip);
      long size = Files.size(zip);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("records_request", request.name());
      details.put("records", records.stream().map(ArchiveEntry::index).toList());
      details.put("checkpoint_tree_size", checkpoint.treeSize());
      details.put("manifest_sha256", HexFormat.of().formatHex(written.manifestHash()));
      details.put("bates_first", written.firstBates());
      details.put("bates_last", written.lastBates());
      details.put("redacted_records", written.redactedRecords());
      details.put("redactions", (long) written.redactions());
      details.put("zip_sha256", HexFormat.of().formatHex(zipHash));
      details.put("zip_bytes", size);
      long audit = store.write(tx -> tx.append(new ArchiveEvent("records.produced",
          caller.personId(), request.name(), now, details)));
      return new Production(request, zip, zipHash, size, records.size(), checkpoint.treeSize(),
          audit, written.firstBates(), written.lastBates());
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
    TreeMap<Long, ArchiveEntry> found = new TreeMap<>();
    for (RecordQuery q : request.scopeQueries()) {
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

  /** What a written production holds, beyond its records. */
  private record Written(byte[] manifestHash, String firstBates, String lastBates,
      long redactedRecords, int redactions) {}

  private Written write(Path zip, RecordsRequest request, List<ArchiveEntry> records,
      Checkpoint checkpoint, Caller caller, Instant now, BatesNumbering bates) throws IOException {
    List<Object> files = new ArrayList<>();
    Map<Long, Map<String, Object>> manifestRecords = new LinkedHashMap<>();
    Mbox mbox = new Mbox();
    int messages = 0;
    Map<String, MailFormat.Party> parties = new HashMap<>();
    Map<String, TranscriptDocument> documents = new LinkedHashMap<>();
    ProductionRedactor redactor = new ProductionRedactor(redaction(request));
    Map<Long, ProductionRedactor.Scope> scopes = new HashMap<>();
    long redactedRecords = 0;
    try (OutputStream raw = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(raw)) {
      ZipFiles z = new ZipFiles(out, now, files);
      z.add("checkpoint.txt", checkpoint.note().getBytes(StandardCharsets.UTF_8));
      for (ArchiveEntry e : records) {
        String recordFile = "records/" + e.index() + ".json";
        ProductionRedactor.Scope scope = redactor.scope("records/" + e.index());
        scopes.put(e.index(), scope);
        byte[] payload = e.payload();
        Optional<ArchiveEvent> event = e.event();
        boolean redacted = false;
        if (redactor.active() && event.isPresent()) {
          // Burned in: the file holds the entry with markers, never the withheld text.
          ArchiveEvent withheld = scope.event(event.get());
          byte[] bytes = withheld.entryBytes();
          if (!Arrays.equals(bytes, payload)) {
            payload = bytes;
            event = Optional.of(withheld);
            redacted = true;
            redactedRecords++;
            scope.foundIn(new String(bytes, StandardCharsets.UTF_8), recordFile);
          }
        }
        z.add(recordFile, payload);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("record", "records/" + e.index());
        r.put("leaf_index", e.index());
        r.put("event_type", e.type());
        r.put("file", recordFile);
        r.put("leaf_hash", HexFormat.of().formatHex(e.leafHash()));
        r.put("inclusion_proof", checkpoints.tree().inclusionProof(e.index(), checkpoint.treeSize())
            .stream().map(HexFormat.of()::formatHex).toList());
        r.put("eml", "");
        r.put("bates_begin", "");
        r.put("bates_end", "");
        r.put("redacted", redacted);
        Optional<MailFormat.ExportedMessage> message =
            event.flatMap(ev -> message(e.index(), ev, parties, scope));
        if (message.isPresent()) {
          byte[] eml = mail.eml(message.get());
          String emlFile = "messages/" + e.index() + ".eml";
          z.add(emlFile, eml);
          mbox.append(eml, message.get().time());
          r.put("eml", emlFile);
          scope.foundIn(mailText(message.get()), emlFile, "messages.mbox");
          messages++;
          documents.put(e.subject(), document(e, message.get(), emlFile));
        } else if (event.isPresent() && LATER_EVENTS.contains(e.type())
            && e.subject().startsWith("channels/") && e.subject().contains("/messages/")) {
          TranscriptDocument.Event later = laterEvent(e.index(), event.get(), parties);
          TranscriptDocument doc = documents.get(e.subject());
          documents.put(e.subject(), (doc != null ? doc : standalone(e, event.get(), parties, scope))
              .with(later));
        }
        manifestRecords.put(e.index(), r);
      }
      if (messages > 0) {
        z.add("messages.mbox", mbox.bytes());
      }
      Map<String, Object> transcript = null;
      String first = "";
      String last = "";
      if (!documents.isEmpty()) {
        List<TranscriptDocument> ordered = byChannel(documents.values());
        List<TranscriptPdf.Block> blocks = ordered.stream()
            .map(d -> new TranscriptPdf.Block(d.channelTitle(), d.lines())).toList();
        String header = "Chaperone production of " + request.name() + " (" + request.kind().key()
            + "), checkpoint of " + checkpoint.origin() + " at tree size " + checkpoint.treeSize()
            + ", produced " + now;
        TranscriptPdf.Rendered pdf = TranscriptPdf.render("Chaperone production of "
            + request.name(), header, blocks, bates, now);
        z.add(TRANSCRIPT, pdf.pdf());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
          TranscriptDocument d = ordered.get(i);
          String begin = bates.page(pdf.firstPages().get(i));
          String end = bates.page(pdf.lastPages().get(i));
          List<Long> rendered = new ArrayList<>();
          rendered.add(d.recordIndex());
          d.events().forEach(ev -> rendered.add(ev.recordIndex()));
          boolean withheld = false;
          List<String> row = loadFileRow(d, begin, end, false);
          String shown = String.join("\n", d.lines().stream().map(TranscriptPdf.Line::text).toList());
          for (long index : rendered) {
            manifestRecords.get(index).put("bates_begin", begin);
            manifestRecords.get(index).put("bates_end", end);
            withheld |= scopes.get(index).foundIn(shown, TRANSCRIPT);
            scopes.get(index).foundIn(String.join("\n", row), LOAD_FILE);
          }
          rows.add(loadFileRow(d, begin, end, withheld));
        }
        z.add(LOAD_FILE, ConcordanceLoadFile.write(LOAD_FILE_COLUMNS, rows));
        first = bates.page(0);
        last = bates.page(pdf.pages() - 1);
        transcript = new LinkedHashMap<>();
        transcript.put("file", TRANSCRIPT);
        transcript.put("pages", (long) pdf.pages());
        transcript.put("bates_prefix", bates.prefix());
        transcript.put("bates_start", bates.start());
        transcript.put("bates_first", first);
        transcript.put("bates_last", last);
        transcript.put("load_file", LOAD_FILE);
        transcript.put("documents", (long) ordered.size());
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
      ProductionRedactor.Scope about = redactor.scope("manifest");
      Object scopeDescription = about.value(request.scope().describe());
      List<String> subjects = request.subjects().stream().map(about::person).toList();
      about.foundIn(new String(CanonicalJson.encode(List.of(scopeDescription, subjects)),
          StandardCharsets.UTF_8), "manifest.json");
      manifest.put("scope", scopeDescription);
      manifest.put("subjects", subjects);
      manifest.put("checkpoint", cp);
      manifest.put("verifier_key", checkpoints.publicKey().encoded());
      if (transcript != null) {
        manifest.put("transcript", transcript);
      }
      if (redactor.active()) {
        z.add(ProductionRedactor.LOG, redactor.log());
        manifest.put("redaction", redactor.describe(request.kind(), redactedRecords));
      }
      manifest.put("files", files);
      manifest.put("records", new ArrayList<>(manifestRecords.values()));
      byte[] manifestBytes = CanonicalJson.encode(manifest);
      z.addUnlisted("manifest.json", manifestBytes);
      return new Written(sha256(manifestBytes), first, last, redactedRecords, redactor.redactions());
    }
  }

  /** The transcript's documents grouped by channel (in order of first appearance), oldest first. */
  private static List<TranscriptDocument> byChannel(Collection<TranscriptDocument> documents) {
    Map<String, List<TranscriptDocument>> channels = new LinkedHashMap<>();
    documents.stream().sorted(Comparator.comparingLong(TranscriptDocument::recordIndex))
        .forEach(d -> channels.computeIfAbsent(d.channelId(), k -> new ArrayList<>()).add(d));
    List<TranscriptDocument> ordered = new ArrayList<>();
    channels.values().forEach(ordered::addAll);
    return ordered;
  }

  private static List<String> loadFileRow(TranscriptDocument d, String begin, String end,
      boolean redacted) {
    long versions = 1 + d.events().stream().filter(e -> e.type().equals("message.edited")).count();
    String custodian = d.sender().displayName().isEmpty() ? d.sender().personId()
        : d.sender().displayName();
    return List.of(begin, end, custodian, TranscriptDocument.describe(d.sender()),
        TranscriptDocument.describe(d.to()), TranscriptDocument.describe(d.cc()),
        d.time().toString(), d.channelTitle(), d.messageName(), "records/" + d.recordIndex(),
        d.leafHash(), d.emlPath(), Long.toString(versions), d.retracted() ? "Y" : "N",
        redacted ? "Y" : "N");
  }

  private static TranscriptDocument document(ArchiveEntry e, MailFormat.ExportedMessage m,
      String emlFile) {
    return new TranscriptDocument(e.index(), e.type(), m.messageName(), channelId(m.messageName()),
        m.channelTitle(), m.sender(), m.recipients(), m.copied(), m.time(), m.text(),
        HexFormat.of().formatHex(e.leafHash()), emlFile, List.of());
  }

  /** A document for an event of a message whose creation is not in the production. */
  private TranscriptDocument standalone(ArchiveEntry e, ArchiveEvent event,
      Map<String, MailFormat.Party> parties, ProductionRedactor.Scope scope) {
    String channelId = channelId(event.subject());
    return new TranscriptDocument(e.index(), e.type(), event.subject(), channelId,
        scope.text(title(channelId)),
        party(event.actorId(), parties), List.of(), List.of(), event.time(), "",
        HexFormat.of().formatHex(e.leafHash()), "", List.of());
  }

  private TranscriptDocument.Event laterEvent(long index, ArchiveEvent event,
      Map<String, MailFormat.Party> parties) {
    String actor = ArchiveEntry.stringDetail(event, "editor")
        .or(() -> ArchiveEntry.stringDetail(event, "retracted_by")).orElse(event.actorId());
    long version = event.details().get("version") instanceof Long v ? v : 0;
    return new TranscriptDocument.Event(index, event.type(), event.time(), party(actor, parties),
        version, ArchiveEntry.stringDetail(event, "text").orElse(""),
        ArchiveEntry.stringDetail(event, "reason").orElse(""));
  }

  private static String channelId(String messageName) {
    int slash = messageName.indexOf("/messages/");
    return slash < 0 ? messageName : messageName.substring("channels/".length(), slash);
  }

  private String title(String channelId) {
    return store.reader().channel(channelId).map(c -> c.displayName()).orElse(channelId);
  }

  /** The message an entry records, when it records one this production can render. */
  private Optional<MailFormat.ExportedMessage> message(long index, ArchiveEvent event,
      Map<String, MailFormat.Party> parties, ProductionRedactor.Scope scope) {
    Optional<String> text = ArchiveEntry.stringDetail(event, "text");
    if (!MESSAGE_EVENTS.contains(event.type()) || text.isEmpty()
        || !event.subject().startsWith("channels/") || !event.subject().contains("/messages/")) {
      return Optional.empty();
    }
    String channelId = channelId(event.subject());
    List<MailFormat.Party> recipients = new ArrayList<>();
    List<MailFormat.Party> copied = new ArrayList<>();
    for (Object r : ArchiveEntry.listDetail(event, "recipients").orElse(List.of())) {
      String id = String.valueOf(r);
      (guardian(scope.original(id)) ? copied : recipients).add(party(id, parties));
    }
    return Optional.of(new MailFormat.ExportedMessage(index, event.subject(),
        scope.text(title(channelId)),
        party(event.actorId(), parties), recipients, copied, event.time(), text.get()));
  }

  /** What a rendered message says, for finding the markers in it. */
  private static String mailText(MailFormat.ExportedMessage m) {
    StringBuilder b = new StringBuilder(m.channelTitle()).append('\n').append(m.text());
    for (MailFormat.Party p : concat(List.of(m.sender()), m.recipients(), m.copied())) {
      b.append('\n').append(p.personId()).append(' ').append(p.displayName());
    }
    return b.toString();
  }

  @SafeVarargs
  private static List<MailFormat.Party> concat(List<MailFormat.Party>... lists) {
    List<MailFormat.Party> all = new ArrayList<>();
    for (List<MailFormat.Party> l : lists) {
      all.addAll(l);
    }
    return all;
  }

  /**
   * The redaction the request's kind calls for (ADR 28): for public-records requests and FERPA
   * inspections, over every person the directory has held.
   */
  private FerpaRedaction redaction(RecordsRequest request) {
    if (request.kind() != RecordsRequestKind.PUBLIC_RECORDS
        && request.kind() != RecordsRequestKind.FERPA_INSPECTION) {
      return FerpaRedaction.none();
    }
    List<Person> people = new ArrayList<>();
    for (String after = ""; ; ) {
      List<Person> page = store.archive().directoryPeople(after, PAGE);
      people.addAll(page);
      if (page.size() < PAGE) {
        break;
      }
      after = page.getLast().id();
    }
    List<GuardianLink> links = new ArrayList<>();
    for (GuardianLink after = new GuardianLink("", ""); ; ) {
      List<GuardianLink> page = store.archive().guardianLinks(after.guardianId(), after.studentId(), PAGE);
      links.addAll(page);
      if (page.size() < PAGE) {
        break;
      }
      after = page.getLast();
    }
    return FerpaRedaction.forRequest(request.kind(), request.subjects(), people, links);
  }

  private boolean guardian(String personId) {
    return store.reader().person(personId).map(p -> p.role() == Role.GUARDIAN).orElse(false);
  }

  private MailFormat.Party party(String personId, Map<String, MailFormat.Party> parties) {
    if (FerpaRedaction.MARKER.matcher(personId).matches()) {
      return new MailFormat.Party(personId, personId, "");
    }
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
