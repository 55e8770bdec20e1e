package org.chaperone.transport.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.chaperone.api.v1.ArchiveServiceGrpc;
import org.chaperone.api.v1.ConsistencyProof;
import org.chaperone.api.v1.GetCheckpointRequest;
import org.chaperone.api.v1.GetConsistencyProofRequest;
import org.chaperone.api.v1.GetInclusionProofRequest;
import org.chaperone.api.v1.GetRecordRequest;
import org.chaperone.api.v1.InclusionProof;
import org.chaperone.api.v1.Record;
import org.chaperone.api.v1.SearchRecordsRequest;
import org.chaperone.api.v1.SearchRecordsResponse;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchivePublicKey;
import org.chaperone.archive.Checkpoint;
import org.chaperone.domain.RequestRejected;
import org.chaperone.records.ArchiveProofs;
import org.chaperone.records.RecordQuery;
import org.chaperone.records.RecordsSearch;

/** Transport for {@code chaperone.v1.ArchiveService}: validates shape and maps, nothing more. */
final class ArchiveGrpcService extends ArchiveServiceGrpc.ArchiveServiceImplBase {
  private static final Pattern EVENT_TYPE = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
  private static final int MAX_EVENT_TYPES = 32;

  private final ArchiveProofs proofs;
  private final RecordsSearch search;
  private final ArchivePublicKey publicKey;

  ArchiveGrpcService(ArchiveProofs proofs, RecordsSearch search, ArchivePublicKey publicKey) {
    this.proofs = proofs;
    this.search = search;
    this.publicKey = publicKey;
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
    if (request.getEventTypesCount() > MAX_EVENT_TYPES) {
      throw RequestRejected.invalidField("event_types", "at most " + MAX_EVENT_TYPES);
    }
    for (String type : request.getEventTypesList()) {
      if (type.length() > 64 || !EVENT_TYPE.matcher(type).matches()) {
        throw RequestRejected.invalidField("event_types",
            "an event type looks like message.created");
      }
    }
    String participant = request.getParticipant().isEmpty()
        ? "" : ResourceNames.id("participant", request.getParticipant(), "people");
    String channel = request.getChannel().isEmpty()
        ? "" : ResourceNames.id("channel", request.getChannel(), "channels");
    Instant start = request.hasStartTime() ? instant("start_time", request.getStartTime()) : null;
    Instant end = request.hasEndTime() ? instant("end_time", request.getEndTime()) : null;
    List<String> words = RecordsSearch.words(request.getWords());
    if (words.isEmpty() && !request.getWords().isBlank()) {
      throw RequestRejected.invalidField("words", "holds no letters or digits");
    }
    RecordQuery query = new RecordQuery(request.getEventTypesList(), participant, channel, start,
        end, words);
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
