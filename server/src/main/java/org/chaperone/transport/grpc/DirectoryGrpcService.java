package org.chaperone.transport.grpc;

import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import org.chaperone.api.v1.DirectoryServiceGrpc;
import org.chaperone.api.v1.GetClassRequest;
import org.chaperone.api.v1.GetMyPersonRequest;
import org.chaperone.api.v1.GetPersonRequest;
import org.chaperone.api.v1.ImportOverridesRequest;
import org.chaperone.api.v1.ImportRosterRequest;
import org.chaperone.api.v1.ImportRosterResponse;
import org.chaperone.directory.DirectoryQueries;
import org.chaperone.directory.OverridesFile;
import org.chaperone.directory.RosterBundle;
import org.chaperone.directory.RosterImport;
import org.chaperone.directory.RosterProblem;
import org.chaperone.directory.RosterRejectedException;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.FieldViolation;
import org.chaperone.domain.RequestRejected;
import org.chaperone.domain.PersonFlags;
import org.chaperone.domain.Role;

/** Transport for {@code chaperone.v1.DirectoryService}. */
final class DirectoryGrpcService extends DirectoryServiceGrpc.DirectoryServiceImplBase {
  private final DirectoryQueries directory;
  private final RosterImport rosterImport;

  DirectoryGrpcService(DirectoryQueries directory, RosterImport rosterImport) {
    this.directory = directory;
    this.rosterImport = rosterImport;
  }

  @Override
  public void getMyPerson(GetMyPersonRequest request,
      StreamObserver<org.chaperone.api.v1.Person> response) {
    Caller caller = CallerContext.caller();
    DirectoryQueries.PersonView view = directory.person(caller, caller.personId());
    response.onNext(ProtoMapping.person(view.person(), view.relatedPeople()));
    response.onCompleted();
  }

  @Override
  public void getPerson(GetPersonRequest request, StreamObserver<org.chaperone.api.v1.Person> response) {
    String id = ResourceNames.id("name", request.getName(), "people");
    DirectoryQueries.PersonView view = directory.person(CallerContext.caller(), id);
    response.onNext(ProtoMapping.person(view.person(), view.relatedPeople()));
    response.onCompleted();
  }

  @Override
  public void getClass(GetClassRequest request, StreamObserver<org.chaperone.api.v1.Class> response) {
    String id = ResourceNames.id("name", request.getName(), "classes");
    response.onNext(ProtoMapping.schoolClass(directory.schoolClass(CallerContext.caller(), id)));
    response.onCompleted();
  }

  @Override
  public void importRoster(ImportRosterRequest request, StreamObserver<ImportRosterResponse> response) {
    Caller caller = CallerContext.caller();
    if (caller.role() != Role.ADMINISTRATOR) {
      throw new RequestRejected(ErrorReason.ADMINISTRATOR_REQUIRED,
          "only administrators may import a roster");
    }
    if (request.getBundleZip().isEmpty()) {
      throw RequestRejected.invalidField("bundle_zip", "is required: a OneRoster CSV bundle as a zip");
    }
    RosterBundle bundle;
    try {
      bundle = OneRosterReader.readZip(request.getBundleZip().toByteArray());
    } catch (RosterRejectedException e) {
      throw rejected(e, "bundle_zip/");
    }
    RosterImport.Summary s = rosterImport.apply(caller.personId(), bundle, request.getValidateOnly());
    response.onNext(summary(s));
    response.onCompleted();
  }

  @Override
  public void importOverrides(ImportOverridesRequest request, StreamObserver<ImportRosterResponse> response) {
    Caller caller = CallerContext.caller();
    if (caller.role() != Role.ADMINISTRATOR) {
      throw new RequestRejected(ErrorReason.ADMINISTRATOR_REQUIRED,
          "only administrators may import the override file");
    }
    if (request.getOverridesCsv().isEmpty()) {
      throw RequestRejected.invalidField("overrides_csv", "is required");
    }
    Map<String, PersonFlags> flags;
    try {
      flags = OverridesFile.parse(request.getOverridesCsv().toByteArray());
    } catch (RosterRejectedException e) {
      throw rejected(e, "overrides_csv/");
    }
    directory.requireAdministers(caller, flags.keySet());
    response.onNext(summary(rosterImport.applyFlags(caller.personId(), flags)));
    response.onCompleted();
  }

  private static RequestRejected rejected(RosterRejectedException e, String prefix) {
    List<FieldViolation> violations = e.problems().stream()
        .limit(100)
        .map(p -> new FieldViolation(prefix + location(p), p.reason()))
        .toList();
    return new RequestRejected(ErrorReason.ROSTER_INVALID,
        "the file was rejected, nothing was imported: " + e.problems().size()
            + " problem(s), first: " + e.problems().getFirst(),
        violations, Map.of("problem_count", Integer.toString(e.problems().size())));
  }

  private static ImportRosterResponse summary(RosterImport.Summary s) {
    return ImportRosterResponse.newBuilder()
        .setOnerosterVersion(s.version())
        .setPeopleAdded(s.count("people_added"))
        .setPeopleUpdated(s.count("people_updated"))
        .setPeopleRemoved(s.count("people_removed"))
        .setClassesAdded(s.count("classes_added"))
        .setClassesRemoved(s.count("classes_removed"))
        .setEnrollmentsAdded(s.count("enrollments_added"))
        .setEnrollmentsRemoved(s.count("enrollments_removed"))
        .setGuardianLinksAdded(s.count("guardian_links_added"))
        .setGuardianLinksRemoved(s.count("guardian_links_removed"))
        .setChannelMembersAdded(s.count("channel_members_added"))
        .setChannelMembersRemoved(s.count("channel_members_removed"))
        .build();
  }

  /** A BadRequest field path for a roster problem: {@code bundle_zip/users.csv:12:email}. */
  private static String location(RosterProblem p) {
    return p.file() + (p.line() > 0 ? ":" + p.line() : "")
        + (p.column().isEmpty() ? "" : ":" + p.column());
  }
}
