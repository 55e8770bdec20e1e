package org.chaperone.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.type.Date;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaperone.api.v1.ApprovalRequest;
import org.chaperone.api.v1.ApprovalServiceGrpc;
import org.chaperone.api.v1.ArchiveServiceGrpc;
import org.chaperone.api.v1.ChannelServiceGrpc;
import org.chaperone.api.v1.CloseRecordsRequestRequest;
import org.chaperone.api.v1.CreateAccessTokenRequest;
import org.chaperone.api.v1.CreateDirectChannelRequest;
import org.chaperone.api.v1.CreateExemptionRequestRequest;
import org.chaperone.api.v1.CreateGroupChannelRequest;
import org.chaperone.api.v1.CreateLegalHoldRequest;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.CreateRecordsRequestRequest;
import org.chaperone.api.v1.DecideApprovalRequest;
import org.chaperone.api.v1.DirectoryServiceGrpc;
import org.chaperone.api.v1.EvaluateMessageRequest;
import org.chaperone.api.v1.ExportProductionRequest;
import org.chaperone.api.v1.GetChannelRequest;
import org.chaperone.api.v1.GetCheckpointRequest;
import org.chaperone.api.v1.GetClassRequest;
import org.chaperone.api.v1.GetConsistencyProofRequest;
import org.chaperone.api.v1.GetInclusionProofRequest;
import org.chaperone.api.v1.GetLegalHoldRequest;
import org.chaperone.api.v1.GetMessageRequest;
import org.chaperone.api.v1.GetMyPersonRequest;
import org.chaperone.api.v1.GetPersonRequest;
import org.chaperone.api.v1.GetRecordRequest;
import org.chaperone.api.v1.GetRecordsRequestRequest;
import org.chaperone.api.v1.ImportOverridesRequest;
import org.chaperone.api.v1.ImportRosterRequest;
import org.chaperone.api.v1.IntegrationOperation;
import org.chaperone.api.v1.IntegrationServiceGrpc;
import org.chaperone.api.v1.ListApprovalsRequest;
import org.chaperone.api.v1.ListChannelsRequest;
import org.chaperone.api.v1.ListIntegrationsRequest;
import org.chaperone.api.v1.LegalHold;
import org.chaperone.api.v1.ListLegalHoldsRequest;
import org.chaperone.api.v1.ListMembersRequest;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.ListRecordsRequestsRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.ListHeldMessagesRequest;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.RejectMessageRequest;
import org.chaperone.api.v1.ReleaseMessageRequest;
import org.chaperone.api.v1.ReviewServiceGrpc;
import org.chaperone.api.v1.RecordScope;
import org.chaperone.api.v1.RecordsRequest;
import org.chaperone.api.v1.RecordsRequestKind;
import org.chaperone.api.v1.RegisterIntegrationRequest;
import org.chaperone.api.v1.RegisterIntegrationResponse;
import org.chaperone.api.v1.ReleaseLegalHoldRequest;
import org.chaperone.api.v1.RemoveMemberRequest;
import org.chaperone.api.v1.RetractMessageRequest;
import org.chaperone.api.v1.RevokeIntegrationRequest;
import org.chaperone.api.v1.SearchRecordsRequest;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.api.v1.UpdateMessageRequest;
import org.chaperone.app.GatewaySettings;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every RPC of every service, called by every kind of caller on resources of their own school and
 * of another school, through the production wiring: each cell's outcome must be the expected
 * allow or deny, and a denied call must leave the store exactly as it was (no row anywhere, no
 * archive entry other than an audit event).
 *
 * <p>The expectations are written here, per RPC, as the district would state them; they are not
 * derived from the implementation. A new RPC fails {@link #everyRpcOfEveryServiceHasARule()} until
 * it is given its rule below.
 *
 * <p>"Denied" means {@code PERMISSION_DENIED} or {@code UNAUTHENTICATED}; any other answer
 * (success, or a failure about the request's content or state) means the caller got past
 * authorization. {@code INTERNAL} and {@code UNKNOWN} are always defects.
 */
class AuthorizationMatrixTest {
  /** Who calls. Resources of "school 1" are their own school's for all but OTHER_SCHOOL_ADMIN. */
  enum Principal {
    ANONYMOUS, STUDENT, GUARDIAN, CLASS_TEACHER, OTHER_CLASS_TEACHER, SCHOOL_ADMIN,
    OTHER_SCHOOL_ADMIN, RECORDS_OFFICER, INTEGRATION, LIMITED_INTEGRATION
  }

  /** Whose resource: school 1 (Lincoln High) or school 2 (Washington Middle); NONE: unscoped. */
  enum Scope { SCHOOL_1, SCHOOL_2, NONE }

  /** Event types a denied call may leave in the archive (its own audit record). */
  private static final Set<String> AUDIT_EVENT_TYPES = Set.of("access.denied");

  private static final Set<Principal> PEOPLE_STAFF = EnumSet.of(Principal.CLASS_TEACHER,
      Principal.OTHER_CLASS_TEACHER, Principal.SCHOOL_ADMIN, Principal.OTHER_SCHOOL_ADMIN,
      Principal.RECORDS_OFFICER);
  private static final Set<Principal> ADMINS = EnumSet.of(Principal.SCHOOL_ADMIN,
      Principal.OTHER_SCHOOL_ADMIN);
  private static final Set<Principal> INTEGRATIONS = EnumSet.of(Principal.INTEGRATION,
      Principal.LIMITED_INTEGRATION);

  @TempDir static Path dataDir;
  private static TestGateway gw;
  private static StoreFingerprint fingerprint;
  private static final Map<Principal, ClientInterceptor> credentials = new LinkedHashMap<>();
  private static final Map<Scope, Resources> resources = new LinkedHashMap<>();
  private static String spareClientId;
  private static String spareClientSecret;
  private static String openRecordsRequest;
  private static String legalHold;
  private static String closableRecordsRequest;

  /** The resources of one school that calls name. */
  record Resources(String channel, String message, String person, String schoolClass,
      String approval, String integration, String directChannel, String directStudent,
      String overridesPerson) {}

  @FunctionalInterface
  interface Call {
    void run(Channel channel, Resources r) throws Exception;
  }

  /** One RPC: how to call it, whether it is per school, and who may call it. */
  record Rule(MethodDescriptor<?, ?> method, boolean scoped, Call call, Expectation allowed) {}

  @FunctionalInterface
  interface Expectation {
    boolean allows(Principal p, Scope s);
  }

  @BeforeAll
  static void startDistrict() {
    GatewaySettings settings = GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withRateLimits(GatewaySettings.RateLimits.OFF);
    settings = settings.withArchive(settings.archive().withCheckpointInterval(java.time.Duration.ZERO)
        .withRecordsOfficers(Set.of(TestDistrict.CLERK)));
    gw = TestGateway.start(settings, Clock.systemUTC(), TestDistrict.zip(TestDistrict.twoSchools()));
    fingerprint = new StoreFingerprint(dataDir);

    Message m1 = gw.messages(TestDistrict.TEACHER).createMessage(CreateMessageRequest.newBuilder()
        .setParent("channels/" + TestDistrict.MATH)
        .setMessage(Message.newBuilder().setText("Unit 3 quiz on Friday; calculators allowed."))
        .build());
    Message m2 = gw.messages(TestDistrict.SCIENCE_TEACHER).createMessage(CreateMessageRequest.newBuilder()
        .setParent("channels/" + TestDistrict.SCIENCE)
        .setMessage(Message.newBuilder().setText("Lab report due Monday, bring goggles."))
        .build());
    String direct1 = gw.channels(TestDistrict.TEACHER).createDirectChannel(CreateDirectChannelRequest
        .newBuilder().setStudent("people/" + TestDistrict.S2).setPurpose("Missed assignments").build()).getName();
    String direct2 = gw.channels(TestDistrict.SCIENCE_TEACHER).createDirectChannel(
        CreateDirectChannelRequest.newBuilder().setStudent("people/" + TestDistrict.S5)
            .setPurpose("Missed labs").build()).getName();
    ApprovalRequest group1 = gw.channels(TestDistrict.TEACHER).createGroupChannel(
        CreateGroupChannelRequest.newBuilder().setDisplayName("Math club").setPurpose("Competitions")
            .addStudents("people/" + TestDistrict.S1).build());
    ApprovalRequest group2 = gw.channels(TestDistrict.SCIENCE_TEACHER).createGroupChannel(
        CreateGroupChannelRequest.newBuilder().setDisplayName("Robotics").setPurpose("Robot league")
            .addStudents("people/" + TestDistrict.S5).build());

    RegisterIntegrationResponse full = approvedIntegration(TestDistrict.TEACHER, TestDistrict.ADMIN,
        TestDistrict.SCHOOL, IntegrationOperation.SEND_MESSAGES, IntegrationOperation.READ_MESSAGES,
        IntegrationOperation.READ_DIRECTORY, IntegrationOperation.IMPORT_ROSTER);
    RegisterIntegrationResponse limited = approvedIntegration(TestDistrict.TEACHER, TestDistrict.ADMIN,
        TestDistrict.SCHOOL, IntegrationOperation.READ_DIRECTORY);
    RegisterIntegrationResponse victim1 = approvedIntegration(TestDistrict.TEACHER, TestDistrict.ADMIN,
        TestDistrict.SCHOOL, IntegrationOperation.READ_MESSAGES);
    RegisterIntegrationResponse victim2 = approvedIntegration(TestDistrict.SCIENCE_TEACHER,
        TestDistrict.ADMIN_2, TestDistrict.SCHOOL_2, IntegrationOperation.READ_MESSAGES);
    RegisterIntegrationResponse spare = approvedIntegration(TestDistrict.TEACHER, TestDistrict.ADMIN,
        TestDistrict.SCHOOL, IntegrationOperation.READ_MESSAGES);
    spareClientId = spare.getClientId();
    spareClientSecret = spare.getClientSecret();

    legalHold = gw.archive(TestDistrict.CLERK).createLegalHold(CreateLegalHoldRequest.newBuilder()
        .setLegalHold(LegalHold.newBuilder().setReason("Audit")).build()).getName();
    openRecordsRequest = recordsRequest();
    closableRecordsRequest = recordsRequest();

    resources.put(Scope.SCHOOL_1, new Resources("channels/" + TestDistrict.MATH, m1.getName(),
        "people/" + TestDistrict.S1, "classes/" + TestDistrict.MATH, group1.getName(),
        "integrations/" + victim1.getClientId(), direct1, TestDistrict.S2, TestDistrict.S3));
    resources.put(Scope.SCHOOL_2, new Resources("channels/" + TestDistrict.SCIENCE, m2.getName(),
        "people/" + TestDistrict.S5, "classes/" + TestDistrict.SCIENCE, group2.getName(),
        "integrations/" + victim2.getClientId(), direct2, TestDistrict.S5, TestDistrict.S5));
    resources.put(Scope.NONE, resources.get(Scope.SCHOOL_1));

    credentials.put(Principal.ANONYMOUS, MetadataUtils.newAttachHeadersInterceptor(new Metadata()));
    credentials.put(Principal.STUDENT, person(TestDistrict.S1));
    credentials.put(Principal.GUARDIAN, person(TestDistrict.G1));
    credentials.put(Principal.CLASS_TEACHER, person(TestDistrict.TEACHER));
    credentials.put(Principal.OTHER_CLASS_TEACHER, person(TestDistrict.ART_TEACHER));
    credentials.put(Principal.SCHOOL_ADMIN, person(TestDistrict.ADMIN));
    credentials.put(Principal.OTHER_SCHOOL_ADMIN, person(TestDistrict.ADMIN_2));
    credentials.put(Principal.RECORDS_OFFICER, person(TestDistrict.CLERK));
    credentials.put(Principal.INTEGRATION, integration(full, TestDistrict.TEACHER));
    credentials.put(Principal.LIMITED_INTEGRATION, integration(limited, TestDistrict.TEACHER));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  private static RegisterIntegrationResponse approvedIntegration(String owner, String admin,
      String school, IntegrationOperation... operations) {
    RegisterIntegrationResponse r = IntegrationServiceGrpc.newBlockingStub(gw.channel())
        .withCallCredentials(TestGateway.bearer(gw.token(owner)))
        .registerIntegration(RegisterIntegrationRequest.newBuilder().setDisplayName("LMS " + school)
            .setPurpose("Assignment reminders").addSchools("schools/" + school)
            .addAllOperations(List.of(operations)).build());
    gw.approvals(admin).decideApproval(DecideApprovalRequest.newBuilder()
        .setName(r.getApproval().getName()).setOutcome(ApprovalRequest.State.APPROVED).build());
    return r;
  }

  private static String recordsRequest() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return gw.archive(TestDistrict.CLERK).createRecordsRequest(CreateRecordsRequestRequest.newBuilder()
        .setRecordsRequest(RecordsRequest.newBuilder().setKind(RecordsRequestKind.PUBLIC_RECORDS)
            .setRequester("Lincoln Gazette")
            .setReceivedDate(Date.newBuilder().setYear(today.getYear()).setMonth(today.getMonthValue())
                .setDay(today.getDayOfMonth()))
            .setScope(RecordScope.newBuilder().setChannel("channels/" + TestDistrict.MATH)))
        .build()).getName();
  }

  private static ClientInterceptor person(String personId) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + gw.token(personId));
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  private static ClientInterceptor integration(RegisterIntegrationResponse r, String onBehalfOf) {
    String token = IntegrationServiceGrpc.newBlockingStub(gw.channel()).createAccessToken(
        CreateAccessTokenRequest.newBuilder().setClientId(r.getClientId())
            .setClientSecret(r.getClientSecret()).build()).getAccessToken();
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    headers.put(Metadata.Key.of("x-on-behalf-of", Metadata.ASCII_STRING_MARSHALLER), "people/" + onBehalfOf);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  // ---------------------------------------------------------------- who may do what, per RPC

  private static boolean in(Principal p, Principal... ps) {
    return List.of(ps).contains(p);
  }

  /** Administrator of the resource's school. */
  private static boolean adminOf(Principal p, Scope s) {
    return (p == Principal.SCHOOL_ADMIN && s == Scope.SCHOOL_1)
        || (p == Principal.OTHER_SCHOOL_ADMIN && s == Scope.SCHOOL_2);
  }

  /** Members of Math 101 (the integration acts for its teacher and may read messages). */
  private static boolean readsClassChannel(Principal p, Scope s) {
    return s == Scope.SCHOOL_1 && in(p, Principal.STUDENT, Principal.GUARDIAN,
        Principal.CLASS_TEACHER, Principal.INTEGRATION);
  }

  private static boolean postsInClassChannel(Principal p, Scope s) {
    return s == Scope.SCHOOL_1 && in(p, Principal.STUDENT, Principal.CLASS_TEACHER, Principal.INTEGRATION);
  }

  /** Staff the roster relates to the school's student, calling directly. */
  private static boolean reachesStudent(Principal p, Scope s) {
    return (s == Scope.SCHOOL_1 && p == Principal.CLASS_TEACHER) || adminOf(p, s);
  }

  private static final Expectation NOBODY_BUT_AUTHENTICATED =
      (p, s) -> p != Principal.ANONYMOUS;
  private static final Expectation RECORDS_OFFICER_ONLY = (p, s) -> p == Principal.RECORDS_OFFICER;
  private static final Expectation PROOF_READERS =
      (p, s) -> p == Principal.RECORDS_OFFICER || ADMINS.contains(p);

  static List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    // MessageService
    rules.add(new Rule(MessageServiceGrpc.getCreateMessageMethod(), true, (c, r) ->
        MessageServiceGrpc.newBlockingStub(c).createMessage(CreateMessageRequest.newBuilder()
            .setParent(r.channel()).setMessage(Message.newBuilder().setText("Homework: page 12."))
            .build()), AuthorizationMatrixTest::postsInClassChannel));
    rules.add(new Rule(MessageServiceGrpc.getEvaluateMessageMethod(), true, (c, r) ->
        MessageServiceGrpc.newBlockingStub(c).evaluateMessage(EvaluateMessageRequest.newBuilder()
            .setParent(r.channel()).setMessage(Message.newBuilder().setText("Homework: page 12."))
            .build()), AuthorizationMatrixTest::postsInClassChannel));
    rules.add(new Rule(MessageServiceGrpc.getGetMessageMethod(), true, (c, r) ->
        MessageServiceGrpc.newBlockingStub(c).getMessage(GetMessageRequest.newBuilder()
            .setName(r.message()).setOversightReason("authorization review").build()),
        (p, s) -> readsClassChannel(p, s) || adminOf(p, s)));
    rules.add(new Rule(MessageServiceGrpc.getListMessagesMethod(), true, (c, r) ->
        MessageServiceGrpc.newBlockingStub(c).listMessages(ListMessagesRequest.newBuilder()
            .setParent(r.channel()).setOversightReason("authorization review").build()),
        (p, s) -> readsClassChannel(p, s) || adminOf(p, s)));
    rules.add(new Rule(MessageServiceGrpc.getStreamMessagesMethod(), true,
        AuthorizationMatrixTest::streamFirstEvent, AuthorizationMatrixTest::readsClassChannel));
    // Only the sender (or an integration acting for them) edits; the sender or an administrator
    // of the school retracts.
    rules.add(new Rule(MessageServiceGrpc.getUpdateMessageMethod(), true, (c, r) ->
        MessageServiceGrpc.newBlockingStub(c).updateMessage(UpdateMessageRequest.newBuilder()
            .setMessage(Message.newBuilder().setName(r.message()).setText("Homework: page 13."))
            .build()),
        (p, s) -> s == Scope.SCHOOL_1 && in(p, Principal.CLASS_TEACHER, Principal.INTEGRATION)));
    rules.add(new Rule(MessageServiceGrpc.getRetractMessageMethod(), true, (c, r) ->
        MessageServiceGrpc.newBlockingStub(c).retractMessage(RetractMessageRequest.newBuilder()
            .setName(r.message()).setReason("authorization review").build()),
        (p, s) -> adminOf(p, s)
            || (s == Scope.SCHOOL_1 && in(p, Principal.CLASS_TEACHER, Principal.INTEGRATION))));
    // ReviewService: administrators of the message's school, calling directly. The message named
    // is delivered, not held: an allowed reviewer gets past authorization to NOT_AWAITING_REVIEW.
    rules.add(new Rule(ReviewServiceGrpc.getListHeldMessagesMethod(), true, (c, r) ->
        ReviewServiceGrpc.newBlockingStub(c).listHeldMessages(ListHeldMessagesRequest.newBuilder()
            .setParent(school(r)).build()), AuthorizationMatrixTest::adminOf));
    rules.add(new Rule(ReviewServiceGrpc.getReleaseMessageMethod(), true, (c, r) ->
        ReviewServiceGrpc.newBlockingStub(c).releaseMessage(ReleaseMessageRequest.newBuilder()
            .setName(r.message()).setReason("authorization review").build()),
        AuthorizationMatrixTest::adminOf));
    rules.add(new Rule(ReviewServiceGrpc.getRejectMessageMethod(), true, (c, r) ->
        ReviewServiceGrpc.newBlockingStub(c).rejectMessage(RejectMessageRequest.newBuilder()
            .setName(r.message()).setReason("authorization review").build()),
        AuthorizationMatrixTest::adminOf));
    // ChannelService
    rules.add(new Rule(ChannelServiceGrpc.getGetChannelMethod(), true, (c, r) ->
        ChannelServiceGrpc.newBlockingStub(c).getChannel(GetChannelRequest.newBuilder()
            .setName(r.channel()).build()), AuthorizationMatrixTest::readsClassChannel));
    rules.add(new Rule(ChannelServiceGrpc.getListChannelsMethod(), false, (c, r) ->
        ChannelServiceGrpc.newBlockingStub(c).listChannels(ListChannelsRequest.getDefaultInstance()),
        (p, s) -> p != Principal.ANONYMOUS && p != Principal.LIMITED_INTEGRATION));
    rules.add(new Rule(ChannelServiceGrpc.getListMembersMethod(), true, (c, r) ->
        ChannelServiceGrpc.newBlockingStub(c).listMembers(ListMembersRequest.newBuilder()
            .setParent(r.channel()).build()),
        (p, s) -> readsClassChannel(p, s) || adminOf(p, s)));
    rules.add(new Rule(ChannelServiceGrpc.getCreateDirectChannelMethod(), true, (c, r) ->
        ChannelServiceGrpc.newBlockingStub(c).createDirectChannel(CreateDirectChannelRequest
            .newBuilder().setStudent("people/" + r.directStudent()).setPurpose("Check-in").build()),
        AuthorizationMatrixTest::reachesStudent));
    rules.add(new Rule(ChannelServiceGrpc.getCreateGroupChannelMethod(), true, (c, r) ->
        ChannelServiceGrpc.newBlockingStub(c).createGroupChannel(CreateGroupChannelRequest
            .newBuilder().setDisplayName("Study group").setPurpose("Exam review")
            .addStudents("people/" + r.directStudent()).build()),
        AuthorizationMatrixTest::reachesStudent));
    rules.add(new Rule(ChannelServiceGrpc.getRemoveMemberMethod(), true, (c, r) ->
        ChannelServiceGrpc.newBlockingStub(c).removeMember(RemoveMemberRequest.newBuilder()
            .setName(r.directChannel() + "/members/" + r.directStudent())
            .setReason("authorization review").build()),
        AuthorizationMatrixTest::reachesStudent));
    // ApprovalService
    rules.add(new Rule(ApprovalServiceGrpc.getListApprovalsMethod(), false, (c, r) ->
        ApprovalServiceGrpc.newBlockingStub(c).listApprovals(ListApprovalsRequest.getDefaultInstance()),
        (p, s) -> p != Principal.ANONYMOUS && !INTEGRATIONS.contains(p)));
    rules.add(new Rule(ApprovalServiceGrpc.getDecideApprovalMethod(), true, (c, r) ->
        ApprovalServiceGrpc.newBlockingStub(c).decideApproval(DecideApprovalRequest.newBuilder()
            .setName(r.approval()).setOutcome(ApprovalRequest.State.MORE_INFORMATION_REQUESTED)
            .setExplanation("Which competitions?").build()),
        AuthorizationMatrixTest::adminOf));
    rules.add(new Rule(ApprovalServiceGrpc.getCreateExemptionRequestMethod(), false, (c, r) ->
        ApprovalServiceGrpc.newBlockingStub(c).createExemptionRequest(CreateExemptionRequestRequest
            .newBuilder().setPurpose("Pen-pal project").build()),
        (p, s) -> PEOPLE_STAFF.contains(p)));
    // IntegrationService
    rules.add(new Rule(IntegrationServiceGrpc.getRegisterIntegrationMethod(), true, (c, r) ->
        IntegrationServiceGrpc.newBlockingStub(c).registerIntegration(RegisterIntegrationRequest
            .newBuilder().setDisplayName("Gradebook").setPurpose("Grade notices")
            .addSchools(r == resources.get(Scope.SCHOOL_1) ? "schools/" + TestDistrict.SCHOOL
                : "schools/" + TestDistrict.SCHOOL_2)
            .addOperations(IntegrationOperation.SEND_MESSAGES).build()),
        (p, s) -> PEOPLE_STAFF.contains(p)));
    rules.add(new Rule(IntegrationServiceGrpc.getCreateAccessTokenMethod(), false, (c, r) ->
        IntegrationServiceGrpc.newBlockingStub(c).createAccessToken(CreateAccessTokenRequest
            .newBuilder().setClientId(spareClientId).setClientSecret(spareClientSecret).build()),
        (p, s) -> true));
    rules.add(new Rule(IntegrationServiceGrpc.getListIntegrationsMethod(), false, (c, r) ->
        IntegrationServiceGrpc.newBlockingStub(c).listIntegrations(ListIntegrationsRequest.getDefaultInstance()),
        (p, s) -> ADMINS.contains(p)));
    rules.add(new Rule(IntegrationServiceGrpc.getRevokeIntegrationMethod(), true, (c, r) ->
        IntegrationServiceGrpc.newBlockingStub(c).revokeIntegration(RevokeIntegrationRequest
            .newBuilder().setName(r.integration()).setReason("authorization review").build()),
        AuthorizationMatrixTest::adminOf));
    // DirectoryService
    rules.add(new Rule(DirectoryServiceGrpc.getGetMyPersonMethod(), false, (c, r) ->
        DirectoryServiceGrpc.newBlockingStub(c).getMyPerson(GetMyPersonRequest.getDefaultInstance()),
        NOBODY_BUT_AUTHENTICATED));
    rules.add(new Rule(DirectoryServiceGrpc.getGetPersonMethod(), true, (c, r) ->
        DirectoryServiceGrpc.newBlockingStub(c).getPerson(GetPersonRequest.newBuilder()
            .setName(r.person()).build()),
        (p, s) -> adminOf(p, s) || (s == Scope.SCHOOL_1 && in(p, Principal.STUDENT,
            Principal.GUARDIAN, Principal.CLASS_TEACHER, Principal.INTEGRATION,
            Principal.LIMITED_INTEGRATION))));
    rules.add(new Rule(DirectoryServiceGrpc.getGetClassMethod(), true, (c, r) ->
        DirectoryServiceGrpc.newBlockingStub(c).getClass(GetClassRequest.newBuilder()
            .setName(r.schoolClass()).build()),
        (p, s) -> adminOf(p, s) || (s == Scope.SCHOOL_1 && in(p, Principal.STUDENT,
            Principal.GUARDIAN, Principal.CLASS_TEACHER, Principal.INTEGRATION,
            Principal.LIMITED_INTEGRATION))));
    rules.add(new Rule(DirectoryServiceGrpc.getImportRosterMethod(), false, (c, r) ->
        DirectoryServiceGrpc.newBlockingStub(c).importRoster(ImportRosterRequest.newBuilder()
            .setBundleZip(ByteString.copyFrom(TestDistrict.zip(TestDistrict.twoSchools())))
            .setValidateOnly(true).build()),
        (p, s) -> ADMINS.contains(p)));
    rules.add(new Rule(DirectoryServiceGrpc.getImportOverridesMethod(), true, (c, r) ->
        DirectoryServiceGrpc.newBlockingStub(c).importOverrides(ImportOverridesRequest.newBuilder()
            .setOverridesCsv(ByteString.copyFrom("sourcedId,noContact,noRecordsAccess,eligibleStudent,"
                + "mediaRelease\n" + r.overridesPerson() + ",false,false,false,false\n",
                StandardCharsets.UTF_8)).build()),
        AuthorizationMatrixTest::adminOf));
    // ArchiveService: district-wide, no school scope.
    rules.add(new Rule(ArchiveServiceGrpc.getGetCheckpointMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).getCheckpoint(GetCheckpointRequest.getDefaultInstance()),
        PROOF_READERS));
    rules.add(new Rule(ArchiveServiceGrpc.getGetInclusionProofMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).getInclusionProof(GetInclusionProofRequest.newBuilder()
            .setLeafIndex(0).setTreeSize(2).build()), PROOF_READERS));
    rules.add(new Rule(ArchiveServiceGrpc.getGetConsistencyProofMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).getConsistencyProof(GetConsistencyProofRequest
            .newBuilder().setFirstTreeSize(1).setSecondTreeSize(2).build()), PROOF_READERS));
    rules.add(new Rule(ArchiveServiceGrpc.getSearchRecordsMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).searchRecords(SearchRecordsRequest.newBuilder()
            .setWords("quiz").build()), RECORDS_OFFICER_ONLY));
    rules.add(new Rule(ArchiveServiceGrpc.getGetRecordMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).getRecord(GetRecordRequest.newBuilder()
            .setName("records/0").build()), RECORDS_OFFICER_ONLY));
    rules.add(new Rule(ArchiveServiceGrpc.getCreateRecordsRequestMethod(), false, (c, r) -> {
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      ArchiveServiceGrpc.newBlockingStub(c).createRecordsRequest(CreateRecordsRequestRequest.newBuilder()
          .setRecordsRequest(RecordsRequest.newBuilder().setKind(RecordsRequestKind.FERPA_INSPECTION)
              .setRequester("A parent").setReceivedDate(Date.newBuilder().setYear(today.getYear())
                  .setMonth(today.getMonthValue()).setDay(today.getDayOfMonth())))
          .build());
    }, RECORDS_OFFICER_ONLY));
    rules.add(new Rule(ArchiveServiceGrpc.getGetRecordsRequestMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).getRecordsRequest(GetRecordsRequestRequest.newBuilder()
            .setName(openRecordsRequest).build()), RECORDS_OFFICER_ONLY));
    rules.add(new Rule(ArchiveServiceGrpc.getListRecordsRequestsMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).listRecordsRequests(ListRecordsRequestsRequest
            .getDefaultInstance()), RECORDS_OFFICER_ONLY));
    rules.add(new Rule(ArchiveServiceGrpc.getCloseRecordsRequestMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).closeRecordsRequest(CloseRecordsRequestRequest
            .newBuilder().setName(closableRecordsRequest).setReason("fulfilled").build()),
        RECORDS_OFFICER_ONLY));
    rules.add(new Rule(ArchiveServiceGrpc.getExportProductionMethod(), false, (c, r) -> {
      Iterator<?> chunks = ArchiveServiceGrpc.newBlockingStub(c).exportProduction(
          ExportProductionRequest.newBuilder().setName(openRecordsRequest).build());
      chunks.forEachRemaining(chunk -> { });
    }, RECORDS_OFFICER_ONLY));
    rules.add(new Rule(ArchiveServiceGrpc.getCreateLegalHoldMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).createLegalHold(CreateLegalHoldRequest.newBuilder()
            .setLegalHold(LegalHold.newBuilder().setReason("Doe v. District")
                .setScope(RecordScope.newBuilder().setChannel("channels/" + TestDistrict.MATH)))
            .build()), RECORDS_OFFICER_ONLY));
    rules.add(new Rule(ArchiveServiceGrpc.getGetLegalHoldMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).getLegalHold(GetLegalHoldRequest.newBuilder()
            .setName(legalHold).build()), RECORDS_OFFICER_ONLY));
    rules.add(new Rule(ArchiveServiceGrpc.getListLegalHoldsMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).listLegalHolds(ListLegalHoldsRequest.getDefaultInstance()),
        RECORDS_OFFICER_ONLY));
    rules.add(new Rule(ArchiveServiceGrpc.getReleaseLegalHoldMethod(), false, (c, r) ->
        ArchiveServiceGrpc.newBlockingStub(c).releaseLegalHold(ReleaseLegalHoldRequest.newBuilder()
            .setName(legalHold).setReason("audit closed").build()), RECORDS_OFFICER_ONLY));
    return rules;
  }

  /** The school of a scope's resources. */
  private static String school(Resources r) {
    return "schools/" + (r == resources.get(Scope.SCHOOL_2) ? TestDistrict.SCHOOL_2 : TestDistrict.SCHOOL);
  }

  /** Opens the channel's stream from the beginning and waits for its first event or error. */
  private static void streamFirstEvent(Channel channel, Resources r) throws Exception {
    CompletableFuture<Void> first = new CompletableFuture<>();
    MessageServiceGrpc.newStub(channel).streamMessages(StreamMessagesRequest.newBuilder()
        .setChannel(r.channel()).setFromBeginning(true).build(),
        new ClientResponseObserver<StreamMessagesRequest, MessageEvent>() {
          private ClientCallStreamObserver<StreamMessagesRequest> call;

          @Override
          public void beforeStart(ClientCallStreamObserver<StreamMessagesRequest> requestStream) {
            call = requestStream;
          }

          @Override
          public void onNext(MessageEvent value) {
            first.complete(null);
            call.cancel("seen the first event", null);
          }

          @Override
          public void onError(Throwable t) {
            first.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            first.complete(null);
          }
        });
    try {
      first.get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.CANCELLED) {
        return;
      }
      throw (Exception) e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the stream neither sent an event nor failed within 5 s", e);
    }
  }

  // ---------------------------------------------------------------- the matrix

  @Test
  void everyRpcOfEveryServiceHasARule() {
    Set<String> ruled = new TreeSet<>();
    rules().forEach(rule -> ruled.add(rule.method().getFullMethodName()));
    Set<String> all = new TreeSet<>();
    for (ServiceDescriptor service : List.of(MessageServiceGrpc.getServiceDescriptor(),
        ChannelServiceGrpc.getServiceDescriptor(), ApprovalServiceGrpc.getServiceDescriptor(),
        IntegrationServiceGrpc.getServiceDescriptor(), DirectoryServiceGrpc.getServiceDescriptor(),
        ArchiveServiceGrpc.getServiceDescriptor(), ReviewServiceGrpc.getServiceDescriptor())) {
      service.getMethods().forEach(m -> all.add(m.getFullMethodName()));
    }
    assertThat(ruled).as("every RPC needs a rule in AuthorizationMatrixTest.rules(): who may call"
        + " it, on whose resources").containsAll(all);
  }

  @Test
  void everyCellIsAllowedOrDeniedAsExpectedAndDeniedCallsLeaveNoTrace() {
    List<String> mismatches = new ArrayList<>();
    List<String> leaks = new ArrayList<>();
    List<String> defects = new ArrayList<>();
    Map<String, AtomicInteger> allowedCount = new TreeMap<>();
    int cells = 0;
    for (Rule rule : rules()) {
      List<Scope> scopes = rule.scoped() ? List.of(Scope.SCHOOL_1, Scope.SCHOOL_2) : List.of(Scope.NONE);
      for (Scope scope : scopes) {
        for (Principal principal : Principal.values()) {
          cells++;
          String cell = rule.method().getFullMethodName() + " × " + principal + " × " + scope;
          gw.awaitEmailsSettled();
          TreeMap<String, String> before = fingerprint.tables();
          long archiveBefore = fingerprint.archiveSize();
          Status.Code code = Status.Code.OK;
          String description = "";
          try {
            rule.call().run(io.grpc.ClientInterceptors.intercept(gw.channel(), credentials.get(principal)),
                resources.get(scope));
          } catch (StatusRuntimeException e) {
            code = e.getStatus().getCode();
            description = e.getStatus().getDescription();
          } catch (Exception e) {
            defects.add(cell + ": " + e);
            continue;
          }
          boolean denied = code == Status.Code.PERMISSION_DENIED || code == Status.Code.UNAUTHENTICATED;
          boolean expectedAllowed = rule.allowed().allows(principal, scope);
          if (code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN) {
            defects.add(cell + ": " + code + " " + description);
          }
          if (denied == expectedAllowed) {
            mismatches.add(cell + ": expected " + (expectedAllowed ? "allow" : "deny") + ", got "
                + code + " " + description);
          }
          if (!denied) {
            allowedCount.computeIfAbsent(rule.method().getBareMethodName(), k -> new AtomicInteger())
                .incrementAndGet();
            continue;
          }
          gw.awaitEmailsSettled();
          TreeMap<String, String> after = fingerprint.tables();
          List<String> changed = new ArrayList<>();
          before.forEach((table, hash) -> {
            if (!hash.equals(after.get(table))) {
              changed.add(table);
            }
          });
          List<String> appended = fingerprint.appendedEventTypes(archiveBefore);
          List<String> notAudit = appended.stream().filter(t -> !AUDIT_EVENT_TYPES.contains(t)).toList();
          if (!changed.isEmpty() || !notAudit.isEmpty()) {
            leaks.add(cell + ": tables changed " + changed + ", archive entries " + notAudit);
          }
        }
      }
    }
    System.out.printf("Authorization matrix: %d RPCs, %d cells, %d mismatches, %d leaks, %d defects%n",
        rules().size(), cells, mismatches.size(), leaks.size(), defects.size());
    assertThat(mismatches).as("cells whose allow/deny differs from the rule").isEmpty();
    assertThat(leaks).as("denied calls that left a trace").isEmpty();
    assertThat(defects).as("cells answered INTERNAL/UNKNOWN or failing in the client").isEmpty();
    assertThat(cells).isGreaterThanOrEqualTo(rules().size() * Principal.values().length);
  }
}
