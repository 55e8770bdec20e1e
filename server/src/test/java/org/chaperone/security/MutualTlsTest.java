package org.chaperone.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chaperone.api.v1.ApprovalRequest;
import org.chaperone.api.v1.ApprovalServiceGrpc;
import org.chaperone.api.v1.CreateAccessTokenRequest;
import org.chaperone.api.v1.DecideApprovalRequest;
import org.chaperone.api.v1.DirectoryServiceGrpc;
import org.chaperone.api.v1.GetMyPersonRequest;
import org.chaperone.api.v1.IntegrationOperation;
import org.chaperone.api.v1.IntegrationServiceGrpc;
import org.chaperone.api.v1.Person;
import org.chaperone.api.v1.RegisterIntegrationRequest;
import org.chaperone.api.v1.RegisterIntegrationResponse;
import org.chaperone.app.EmailSettings;
import org.chaperone.app.Gateway;
import org.chaperone.app.GatewaySettings;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.ErrorReason;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.testing.Errors;
import org.chaperone.testing.TestCertificates;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS for integrations ({@code --tls-client-ca}, ADR 61) over a real socket: the
 * gateway's TLS layer asks for a client certificate but does not require one (people's apps have
 * none); an integration's token exchange and every call it makes must come over a connection
 * whose certificate, issued by the configured authority, names its client id.
 */
class MutualTlsTest {
  @TempDir Path dir;

  private Gateway gateway;
  private Path[] serverTls;
  private TestCertificates.Authority integrationsCa;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private String clientId;
  private String clientSecret;

  @BeforeEach
  void start() throws Exception {
    serverTls = TestCertificates.selfSignedLocalhost(dir);
    integrationsCa = TestCertificates.authority(dir, "integrations");
    GatewaySettings settings = new GatewaySettings(dir.resolve("data"), "", "", "", "127.0.0.1", 0,
        serverTls[0], serverTls[1], false, null, GatewaySettings.DEFAULT_MAX_TEXT_BYTES, false,
        DistrictPolicy.DEFAULT, GatewaySettings.RateLimits.DEFAULT, EmailSettings.embedded(),
        GatewaySettings.Archive.defaults(), GatewaySettings.ResourceLimits.DEFAULT,
        integrationsCa.certificatePem());
    gateway = Gateway.start(settings);
    gateway.rosterImport().apply("test", OneRosterReader.readZip(TestDistrict.zip()), false);

    // A teacher registers the integration and the school's administrator approves it, both
    // over connections without a client certificate.
    ManagedChannel people = channel(null);
    RegisterIntegrationResponse registered = IntegrationServiceGrpc.newBlockingStub(people)
        .withCallCredentials(TestGateway.bearer(token(TestDistrict.TEACHER)))
        .registerIntegration(RegisterIntegrationRequest.newBuilder().setDisplayName("LMS")
            .setPurpose("Reminders").addSchools("schools/" + TestDistrict.SCHOOL)
            .addOperations(IntegrationOperation.READ_DIRECTORY).build());
    ApprovalServiceGrpc.newBlockingStub(people)
        .withCallCredentials(TestGateway.bearer(token(TestDistrict.ADMIN)))
        .decideApproval(DecideApprovalRequest.newBuilder()
            .setName(registered.getApproval().getName()).setOutcome(ApprovalRequest.State.APPROVED)
            .build());
    clientId = registered.getClientId();
    clientSecret = registered.getClientSecret();
  }

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void anIntegrationWithACertificateNamingItsClientIdIsServed() throws Exception {
    ManagedChannel channel = channel(integrationsCa.issue(clientId));
    String accessToken = accessToken(channel);
    Person me = onBehalfOfTeacher(channel, accessToken)
        .getMyPerson(GetMyPersonRequest.getDefaultInstance());
    assertThat(me.getName()).isEqualTo("people/" + TestDistrict.TEACHER);
  }

  @Test
  void anIntegrationWithoutACertificateIsRefused() throws Exception {
    ManagedChannel withoutCertificate = channel(null);
    Errors.assertRejected(() -> accessToken(withoutCertificate), Status.Code.UNAUTHENTICATED,
        ErrorReason.INTEGRATION_CREDENTIALS_INVALID.name());

    // A token obtained over mutual TLS is no good on a connection without the certificate.
    String accessToken = accessToken(channel(integrationsCa.issue(clientId)));
    Errors.assertRejected(() -> onBehalfOfTeacher(withoutCertificate, accessToken)
            .getMyPerson(GetMyPersonRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED, ErrorReason.INTEGRATION_CREDENTIALS_INVALID.name());
  }

  @Test
  void aCertificateNamingAnotherClientIdIsRefused() throws Exception {
    ManagedChannel channel = channel(integrationsCa.issue("integrations-someone-else"));
    Errors.assertRejected(() -> accessToken(channel), Status.Code.UNAUTHENTICATED,
        ErrorReason.INTEGRATION_CREDENTIALS_INVALID.name());
    String accessToken = accessToken(channel(integrationsCa.issue(clientId)));
    Errors.assertRejected(() -> onBehalfOfTeacher(channel, accessToken)
            .getMyPerson(GetMyPersonRequest.getDefaultInstance()),
        Status.Code.UNAUTHENTICATED, ErrorReason.INTEGRATION_CREDENTIALS_INVALID.name());
  }

  @Test
  void aCertificateFromAnotherAuthorityIsRefusedAtTheHandshake() throws Exception {
    TestCertificates.Authority other = TestCertificates.authority(dir, "elsewhere");
    // Issued to the right client id, offered whatever the server asks for: the TLS layer
    // does not accept it, so no call gets through on that connection.
    ManagedChannel channel = channel(other.issue(clientId));
    StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
        () -> accessToken(channel));
    assertThat(refused).as("the token exchange over an untrusted certificate").isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void peopleNeedNoCertificate() throws Exception {
    Person me = DirectoryServiceGrpc.newBlockingStub(channel(null))
        .withCallCredentials(TestGateway.bearer(token(TestDistrict.G1)))
        .getMyPerson(GetMyPersonRequest.getDefaultInstance());
    assertThat(me.getName()).isEqualTo("people/" + TestDistrict.G1);
  }

  private String token(String personId) {
    return gateway.devTokens().orElseThrow().issue(personId, java.time.Duration.ofHours(1));
  }

  private String accessToken(ManagedChannel channel) {
    return IntegrationServiceGrpc.newBlockingStub(channel)
        .createAccessToken(CreateAccessTokenRequest.newBuilder().setClientId(clientId)
            .setClientSecret(clientSecret).build())
        .getAccessToken();
  }

  private static DirectoryServiceGrpc.DirectoryServiceBlockingStub onBehalfOfTeacher(
      ManagedChannel channel, String accessToken) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + accessToken);
    headers.put(Metadata.Key.of("x-on-behalf-of", Metadata.ASCII_STRING_MARSHALLER),
        "people/" + TestDistrict.TEACHER);
    return DirectoryServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** A TLS connection trusting the gateway's certificate, presenting {@code client} if given. */
  private ManagedChannel channel(TestCertificates.Issued client) throws Exception {
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder()
        .trustManager(serverTls[0].toFile());
    if (client != null) {
      tls.keyManager(client.keyManager());
    }
    ChannelCredentials credentials = tls.build();
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", gateway.port(), credentials)
        .build();
    channels.add(channel);
    return channel;
  }
}
