package org.chaperone.transport.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.chaperone.api.v1.ArchiveServiceGrpc;
import org.chaperone.api.v1.CloseRecordsRequestRequest;
import org.chaperone.api.v1.ConsistencyProof;
import org.chaperone.api.v1.CreateLegalHoldRequest;
import org.chaperone.api.v1.CreateRecordsRequestRequest;
import org.chaperone.api.v1.ExportProductionRequest;
import org.chaperone.api.v1.GetCheckpointRequest;
import org.chaperone.api.v1.GetConsistencyProofRequest;
import org.chaperone.api.v1.GetInclusionProofRequest;
import org.chaperone.api.v1.GetLegalHoldRequest;
import org.chaperone.api.v1.GetRecordRequest;
import org.chaperone.api.v1.GetRecordsRequestRequest;
import org.chaperone.api.v1.InclusionProof;
import org.chaperone.api.v1.ListLegalHoldsRequest;
import org.chaperone.api.v1.ListLegalHoldsResponse;
import org.chaperone.api.v1.ListRecordsRequestsRequest;
import org.chaperone.api.v1.ListRecordsRequestsResponse;
import org.chaperone.api.v1.Production;
import org.chaperone.api.v1.ProductionChunk;
import org.chaperone.api.v1.Record;
import org.chaperone.api.v1.RecordScope;
import org.chaperone.api.v1.ReleaseLegalHoldRequest;
import org.chaperone.api.v1.SearchRecordsRequest;
import org.chaperone.api.v1.SearchRecordsResponse;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchivePublicKey;
import org.chaperone.archive.Checkpoint;
import org.chaperone.domain.RequestRejected;
import org.chaperone.records.ArchiveProofs;
import org.chaperone.records.LegalHold;
import org.chaperone.records.LegalHolds;
import org.chaperone.records.RecordQuery;
import org.chaperone.records.BatesNumbering;
import org.chaperone.records.RecordsProductions;
import org.chaperone.records.RecordsRequest;
import org.chaperone.records.RecordsRequestKind;
import org.chaperone.records.RecordsRequests;
import org.chaperone.records.RecordsSearch;

/** Transport for {@code chaperone.v1.ArchiveService}: validates shape and maps, nothing more. */
final class ArchiveGrpcService extends ArchiveServiceGrpc.ArchiveServiceImplBase {
  private static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
  private static final int MAX_EVENT_TYPES = 32;

  private static final int CHUNK_BYTES = 256 * 1024;

  private final ArchiveProofs proofs;
  private final RecordsSearch search;
  private final ArchivePublicKey publicKey;
  private final RecordsRequests requests;
  private final RecordsProductions productions;
  private final LegalHolds holds;

  ArchiveGrpcService(ArchiveProofs proofs, RecordsSearch search, ArchivePublicKey publicKey,
      RecordsRequests requests, RecordsProductions productions, LegalHolds holds) {
    this.holds = holds;
    this.proofs = proofs;
    this.search = search;
    this.publicKey = publicKey;
    this.requests = requests;
    this.productions = productions;
  }

  @Override
  public void getCheckpoint(GetCheckpointRequest request,
      StreamObserver<org.chaperone.api.v1.Checkpoint> response) {
    long size = nonNegative("tree_size", request.getTreeSize());
    Checkpoint c = proofs.checkpoint(CallerContext.caller(), size);
    response.onNext(org.chaperone.api.v1.Checkpoint.newBuilder()
        .setOrigin(c.origin())
        .setTreeSize(c.treeSize())
        .setRootHash(ByteString.copyFrom(c.rootHash()))
        .setSignTime(ProtoMapping.timestamp(c.time()))
        .setKeyId(c.keyId())
        .setNote(c.note())
        .setVerifierKey(publicKey.encoded())
        .build());
    response.onCompleted();
  }

  @Override
  public void getInclusionProof(GetInclusionProofRequest request,
      StreamObserver<InclusionProof> response) {
    long index = nonNegative("leaf_index", request.getLeafIndex());
    long size = positive("tree_size", request.getTreeSize());
    ArchiveProofs.InclusionProof p = proofs.inclusionProof(CallerContext.caller(), index, size);
    response.onNext(InclusionProof.newBuilder()
        .setLeafIndex(p.leafIndex())
        .setTreeSize(p.treeSize())
        .setLeafHash(ByteString.copyFrom(p.leafHash()))
        .addAllHashes(p.hashes().stream().map(ByteString::copyFrom).toList())
        .build());
    response.onCompleted();
  }

  @Override
  public void getConsistencyProof(GetConsistencyProofRequest request,
      StreamObserver<ConsistencyProof> response) {
    long first = nonNegative("first_tree_size", request.getFirstTreeSize());
    long second = positive("second_tree_size", request.getSecondTreeSize());
    ArchiveProofs.ConsistencyProof p = proofs.consistencyProof(CallerContext.caller(), first, second);
    response.onNext(ConsistencyProof.newBuilder()
        .setFirstTreeSize(p.firstTreeSize())
        .setSecondTreeSize(p.secondTreeSize())
        .addAllHashes(p.hashes().stream().map(ByteString::copyFrom).toList())
        .build());
    response.onCompleted();
  }

  @Override
  public void searchRecords(SearchRecordsRequest request,
      StreamObserver<SearchRecordsResponse> response) {
    RecordQuery query = query("", RecordScope.newBuilder()
        .addAllEventTypes(request.getEventTypesList())
        .setParticipant(request.getParticipant())
        .setChannel(request.getChannel())
        .setWords(request.getWords())
        .build(), request.hasStartTime() ? request.getStartTime() : null,
        request.hasEndTime() ? request.getEndTime() : null);
    int size = PageTokens.pageSize(request.getPageSize(), 50, 500);
    String scope = "records:" + RecordsSearch.fingerprint(query);
    long before = PageTokens.decodeLong(request.getPageToken(), scope, Long.MAX_VALUE);
    RecordsSearch.Page page = search.search(CallerContext.caller(), query, before, size);
    SearchRecordsResponse.Builder b = SearchRecordsResponse.newBuilder()
        .setAuditRecord("records/" + page.auditIndex());
    page.records().forEach(r -> b.addRecords(record(r)));
    if (page.nextBeforeIndex() >= 0) {
      b.setNextPageToken(PageTokens.encode(scope, Long.toString(page.nextBeforeIndex())));
    }
    response.onNext(b.build());
    response.onCompleted();
  }

  @Override
  public void getRecord(GetRecordRequest request, StreamObserver<Record> response) {
    String id = ResourceNames.id("name", request.getName(), "records");
    long index;
    try {
      index = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw RequestRejected.invalidField("name", "must look like records/{leaf_index}");
    }
    nonNegative("name", index);
    response.onNext(record(search.view(CallerContext.caller(), index).record()));
    response.onCompleted();
  }

  /** The query of search criteria; {@code prefix} names the fields' parent in violations. */
  private static RecordQuery query(String prefix, RecordScope scope, Timestamp startTime,
      Timestamp endTime) {
    if (scope.getEventTypesCount() > MAX_EVENT_TYPES) {
      throw RequestRejected.invalidField(prefix + "event_types", "at most " + MAX_EVENT_TYPES);
    }
    for (String type : scope.getEventTypesList()) {
      if (type.length() > 64 || !EVENT_TYPE.matcher(type).matches()) {
        throw RequestRejected.invalidField(prefix + "event_types",
            "an event type looks like message.created");
      }
    }
    String participant = scope.getParticipant().isEmpty()
        ? "" : ResourceNames.id(prefix + "participant", scope.getParticipant(), "people");
    String channel = scope.getChannel().isEmpty()
        ? "" : ResourceNames.id(prefix + "channel", scope.getChannel(), "channels");
    Instant start = startTime != null ? instant(prefix + "start_time", startTime) : null;
    Instant end = endTime != null ? instant(prefix + "end_time", endTime) : null;
    List<String> words;
    try {
      words = RecordsSearch.words(scope.getWords());
    } catch (RequestRejected e) {
      throw RequestRejected.invalidField(prefix + "words", e.violations().getFirst().description());
    }
    if (words.isEmpty() && !scope.getWords().isBlank()) {
      throw RequestRejected.invalidField(prefix + "words", "holds no letters or digits");
    }
    if (start != null && end != null && !start.isBefore(end)) {
      throw RequestRejected.invalidField(prefix + "end_time", "must be after start_time");
    }
    return new RecordQuery(scope.getEventTypesList(), participant, channel, start, end, words);
  }

  @Override
  public void createRecordsRequest(CreateRecordsRequestRequest request,
      StreamObserver<org.chaperone.api.v1.RecordsRequest> response) {
    if (!request.hasRecordsRequest()) {
      throw RequestRejected.invalidField("records_request", "is required");
    }
    org.chaperone.api.v1.RecordsRequest r = request.getRecordsRequest();
    RecordsRequestKind kind = switch (r.getKind()) {
      case PUBLIC_RECORDS -> RecordsRequestKind.PUBLIC_RECORDS;
      case FERPA_INSPECTION -> RecordsRequestKind.FERPA_INSPECTION;
      case LITIGATION -> RecordsRequestKind.LITIGATION;
      case INTERNAL -> RecordsRequestKind.INTERNAL;
      default -> throw RequestRejected.invalidField("records_request.kind", "is required");
    };
    List<String> subjects = new ArrayList<>();
    for (String s : r.getSubjectsList()) {
      subjects.add(ResourceNames.id("records_request.subjects", s, "people"));
    }
    if (!r.hasReceivedDate()) {
      throw RequestRejected.invalidField("records_request.received_date", "is required");
    }
    LocalDate received;
    try {
      received = LocalDate.of(r.getReceivedDate().getYear(), r.getReceivedDate().getMonth(),
          r.getReceivedDate().getDay());
    } catch (java.time.DateTimeException e) {
      throw RequestRejected.invalidField("records_request.received_date", "is not a valid date");
    }
    RecordScope scope = r.getScope();
    RecordQuery query = query("records_request.scope.", scope,
        scope.hasStartTime() ? scope.getStartTime() : null,
        scope.hasEndTime() ? scope.getEndTime() : null);
    RecordsRequest opened = requests.open(CallerContext.caller(), new RecordsRequests.Draft(kind,
        r.getRequester(), subjects, r.getDescription(), received, query));
    response.onNext(recordsRequest(opened));
    response.onCompleted();
  }

  @Override
  public void getRecordsRequest(GetRecordsRequestRequest request,
      StreamObserver<org.chaperone.api.v1.RecordsRequest> response) {
    long id = numericId("name", request.getName(), "recordsRequests");
    response.onNext(recordsRequest(requests.get(CallerContext.caller(), id)));
    response.onCompleted();
  }

  @Override
  public void listRecordsRequests(ListRecordsRequestsRequest request,
      StreamObserver<ListRecordsRequestsResponse> response) {
    RecordsRequest.State state = switch (request.getState()) {
      case OPEN -> RecordsRequest.State.OPEN;
      case CLOSED -> RecordsRequest.State.CLOSED;
      default -> null;
    };
    int size = PageTokens.pageSize(request.getPageSize(), 50, 500);
    String scope = "recordsRequests:" + request.getState().name();
    long before = PageTokens.decodeLong(request.getPageToken(), scope, Long.MAX_VALUE);
    List<RecordsRequest> page = requests.list(CallerContext.caller(), state, before, size + 1);
    ListRecordsRequestsResponse.Builder b = ListRecordsRequestsResponse.newBuilder();
    page.stream().limit(size).forEach(r -> b.addRecordsRequests(recordsRequest(r)));
    if (page.size() > size) {
      b.setNextPageToken(PageTokens.encode(scope, Long.toString(page.get(size - 1).id())));
    }
    response.onNext(b.build());
    response.onCompleted();
  }

  @Override
  public void closeRecordsRequest(CloseRecordsRequestRequest request,
      StreamObserver<org.chaperone.api.v1.RecordsRequest> response) {
    long id = numericId("name", request.getName(), "recordsRequests");
    response.onNext(recordsRequest(requests.close(CallerContext.caller(), id, request.getReason())));
    response.onCompleted();
  }

  @Override
  public void exportProduction(ExportProductionRequest request,
      StreamObserver<ProductionChunk> response) {
    long id = numericId("name", request.getName(), "recordsRequests");
    BatesNumbering bates = new BatesNumbering(
        request.getBatesPrefix().isEmpty() ? BatesNumbering.DEFAULT_PREFIX : request.getBatesPrefix(),
        request.getBatesStart() == 0 ? 1 : request.getBatesStart());
    RecordsProductions.Production p = productions.produce(CallerContext.caller(), id, bates);
    Production meta = Production.newBuilder()
        .setRecordsRequest(p.request().name())
        .setFileName(p.fileName())
        .setRecordCount(p.recordCount())
        .setSizeBytes(p.size())
        .setSha256(ByteString.copyFrom(p.sha256()))
        .setCheckpointTreeSize(p.checkpointTreeSize())
        .setAuditRecord("records/" + p.auditIndex())
        .setFirstBates(p.firstBates())
        .setLastBates(p.lastBates())
        .build();
    ChunkSender sender;
    try {
      sender = new ChunkSender(p.zip(), meta, (ServerCallStreamObserver<ProductionChunk>) response,
          CallerContext.requestId());
    } catch (IOException e) {
      deleteQuietly(p.zip());
      throw new UncheckedIOException("cannot read the production", e);
    }
    sender.stream.setOnCancelHandler(sender::close);
    sender.stream.setOnReadyHandler(sender::drain);
    sender.drain();
  }

  @Override
  public void createLegalHold(CreateLegalHoldRequest request,
      StreamObserver<org.chaperone.api.v1.LegalHold> response) {
    if (!request.hasLegalHold()) {
      throw RequestRejected.invalidField("legal_hold", "is required");
    }
    RecordScope scope = request.getLegalHold().getScope();
    RecordQuery query = query("legal_hold.scope.", scope,
        scope.hasStartTime() ? scope.getStartTime() : null,
        scope.hasEndTime() ? scope.getEndTime() : null);
    response.onNext(legalHold(holds.create(CallerContext.caller(),
        request.getLegalHold().getReason(), query)));
    response.onCompleted();
  }

  @Override
  public void getLegalHold(GetLegalHoldRequest request,
      StreamObserver<org.chaperone.api.v1.LegalHold> response) {
    long id = numericId("name", request.getName(), "legalHolds");
    response.onNext(legalHold(holds.get(CallerContext.caller(), id)));
    response.onCompleted();
  }

  @Override
  public void listLegalHolds(ListLegalHoldsRequest request,
      StreamObserver<ListLegalHoldsResponse> response) {
    Boolean active = switch (request.getState()) {
      case ACTIVE -> true;
      case RELEASED -> false;
      default -> null;
    };
    int size = PageTokens.pageSize(request.getPageSize(), 50, 500);
    String scope = "legalHolds:" + request.getState().name();
    long before = PageTokens.decodeLong(request.getPageToken(), scope, Long.MAX_VALUE);
    List<LegalHold> page = holds.list(CallerContext.caller(), active, before, size + 1);
    ListLegalHoldsResponse.Builder b = ListLegalHoldsResponse.newBuilder();
    page.stream().limit(size).forEach(h -> b.addLegalHolds(legalHold(h)));
    if (page.size() > size) {
      b.setNextPageToken(PageTokens.encode(scope, Long.toString(page.get(size - 1).id())));
    }
    response.onNext(b.build());
    response.onCompleted();
  }

  @Override
  public void releaseLegalHold(ReleaseLegalHoldRequest request,
      StreamObserver<org.chaperone.api.v1.LegalHold> response) {
    long id = numericId("name", request.getName(), "legalHolds");
    response.onNext(legalHold(holds.release(CallerContext.caller(), id, request.getReason())));
    response.onCompleted();
  }

  static org.chaperone.api.v1.LegalHold legalHold(LegalHold h) {
    org.chaperone.api.v1.LegalHold.Builder b = org.chaperone.api.v1.LegalHold.newBuilder()
        .setName(h.name())
        .setReason(h.reason())
        .setScope(scope(h.scope()))
        .setState(h.active() ? org.chaperone.api.v1.LegalHold.State.ACTIVE
            : org.chaperone.api.v1.LegalHold.State.RELEASED)
        .setCreateTime(ProtoMapping.timestamp(h.createTime()))
        .setCreator("people/" + h.creatorId())
        .setReleasedBy(h.releasedBy().isEmpty() ? "" : "people/" + h.releasedBy())
        .setReleaseReason(h.releaseReason());
    if (h.releaseTime() != null) {
      b.setReleaseTime(ProtoMapping.timestamp(h.releaseTime()));
    }
    return b.build();
  }

  /**
   * Sends a production file in chunks as fast as the client reads them (HTTP/2 flow control),
   * then deletes it; also deletes it when the client cancels.
   */
  private static final class ChunkSender {
    final ServerCallStreamObserver<ProductionChunk> stream;
    private final Path file;
    private final InputStream in;
    private final Production meta;
    private final String requestId;
    private boolean first = true;
    private boolean done;
    private boolean draining;

    ChunkSender(Path file, Production meta, ServerCallStreamObserver<ProductionChunk> stream,
        String requestId) throws IOException {
      this.file = file;
      this.in = Files.newInputStream(file);
      this.meta = meta;
      this.stream = stream;
      this.requestId = requestId;
    }

    synchronized void drain() {
      // The transport may call back into drain from onNext; the loop below re-checks readiness.
      if (done || draining) {
        return;
      }
      draining = true;
      try {
        while (!done && stream.isReady()) {
          byte[] data = in.readNBytes(CHUNK_BYTES);
          if (data.length > 0 || first) {
            ProductionChunk.Builder chunk = ProductionChunk.newBuilder()
                .setData(ByteString.copyFrom(data));
            if (first) {
              chunk.setProduction(meta);
              first = false;
            }
            stream.onNext(chunk.build());
          }
          if (data.length < CHUNK_BYTES) {
            close();
            stream.onCompleted();
          }
        }
      } catch (IOException | RuntimeException e) {
        close();
        stream.onError(GrpcErrors.toStatus(e, requestId));
      } finally {
        draining = false;
      }
    }

    synchronized void close() {
      if (done) {
        return;
      }
      done = true;
      try {
        in.close();
      } catch (IOException ignored) {
        // The file is deleted next.
      }
      deleteQuietly(file);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A temporary file; the system cleans its temporary directory.
    }
  }

  private static long numericId(String field, String name, String collection) {
    String id = ResourceNames.id(field, name, collection);
    try {
      long value = Long.parseLong(id);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw RequestRejected.invalidField(field, "must look like " + collection + "/{number}");
    }
  }

  /** A records query as the API's scope. */
  static RecordScope scope(RecordQuery q) {
    RecordScope.Builder scope = RecordScope.newBuilder()
        .addAllEventTypes(q.eventTypes())
        .setParticipant(q.participantId().isEmpty() ? "" : "people/" + q.participantId())
        .setChannel(q.channelId().isEmpty() ? "" : "channels/" + q.channelId())
        .setWords(String.join(" ", q.words()));
    if (q.startTime() != null) {
      scope.setStartTime(ProtoMapping.timestamp(q.startTime()));
    }
    if (q.endTime() != null) {
      scope.setEndTime(ProtoMapping.timestamp(q.endTime()));
    }
    return scope.build();
  }

  static org.chaperone.api.v1.RecordsRequest recordsRequest(RecordsRequest r) {
    RecordScope scope = scope(r.scope());
    org.chaperone.api.v1.RecordsRequest.Builder b = org.chaperone.api.v1.RecordsRequest.newBuilder()
        .setName(r.name())
        .setKind(switch (r.kind()) {
          case PUBLIC_RECORDS -> org.chaperone.api.v1.RecordsRequestKind.PUBLIC_RECORDS;
          case FERPA_INSPECTION -> org.chaperone.api.v1.RecordsRequestKind.FERPA_INSPECTION;
          case LITIGATION -> org.chaperone.api.v1.RecordsRequestKind.LITIGATION;
          case INTERNAL -> org.chaperone.api.v1.RecordsRequestKind.INTERNAL;
        })
        .setRequester(r.requester())
        .addAllSubjects(r.subjects().stream().map(s -> "people/" + s).toList())
        .setDescription(r.description())
        .setReceivedDate(date(r.receivedDate()))
        .setDueDate(date(r.dueDate()))
        .setState(r.state() == RecordsRequest.State.OPEN
            ? org.chaperone.api.v1.RecordsRequest.State.OPEN
            : org.chaperone.api.v1.RecordsRequest.State.CLOSED)
        .setScope(scope)
        .setCreateTime(ProtoMapping.timestamp(r.createTime()))
        .setCreator("people/" + r.creatorId())
        .setCloseReason(r.closeReason());
    if (r.closeTime() != null) {
      b.setCloseTime(ProtoMapping.timestamp(r.closeTime()));
    }
    return b.build();
  }

  private static com.google.type.Date date(LocalDate d) {
    return com.google.type.Date.newBuilder().setYear(d.getYear()).setMonth(d.getMonthValue())
        .setDay(d.getDayOfMonth()).build();
  }

  static Record record(ArchiveEntry e) {
    return Record.newBuilder()
        .setName("records/" + e.index())
        .setLeafIndex(e.index())
        .setEventType(e.type())
        .setActorId(e.actorId())
        .setSubject(e.subject())
        .setRecordTime(ProtoMapping.timestamp(e.time()))
        .setEntry(ByteString.copyFrom(e.payload()))
        .setLeafHash(ByteString.copyFrom(e.leafHash()))
        .setDisposedBy(e.tombstone().map(t -> "records/" + t.disposedBy()).orElse(""))
        .build();
  }

  private static long nonNegative(String field, long value) {
    if (value < 0) {
      throw RequestRejected.invalidField(field, "must not be negative");
    }
    return value;
  }

  private static long positive(String field, long value) {
    if (value <= 0) {
      throw RequestRejected.invalidField(field, "is required and must be positive");
    }
    return value;
  }

  private static Instant instant(String field, Timestamp t) {
    // The range google.protobuf.Timestamp allows: 0001-01-01 to 9999-12-31.
    if (t.getSeconds() < -62_135_596_800L || t.getSeconds() > 253_402_300_799L
        || t.getNanos() < 0 || t.getNanos() > 999_999_999) {
      throw RequestRejected.invalidField(field, "is not a valid timestamp");
    }
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
