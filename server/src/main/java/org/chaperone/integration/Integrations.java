package org.chaperone.integration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.ApprovalRequest;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.Integration;
import org.chaperone.domain.Person;
import org.chaperone.domain.RequestRejected;
import org.chaperone.domain.Role;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.store.Store;
import org.chaperone.store.StoreTransaction;

/**
 * Integrations as approved tools (board policies P000-approved-tools, P001-authorization,
 * P000-anonymous): registration as an approval request, short-lived access tokens for approved
 * integrations only, acting strictly for a named person within the approved schools and
 * operations, and revocation that takes effect on the next call. Thread-safe.
 */
public final class Integrations {
  /** How long an integration access token lives. */
  public static final Duration TOKEN_TTL = Duration.ofMinutes(15);

  /** Signs integration access tokens for a client id. */
  @FunctionalInterface
  public interface TokenIssuer {
    String issue(String clientId, Duration ttl);
  }

  private final Store store;
  private final Clock clock;
  private final Supplier<DistrictPolicy> policy;
  private final TokenIssuer tokens;
  private final SecureRandom random = new SecureRandom();

  public Integrations(Store store, Clock clock, Supplier<DistrictPolicy> policy, TokenIssuer tokens) {
    this.store = store;
    this.clock = clock;
    this.policy = policy;
    this.tokens = tokens;
  }

  /** A new registration: the integration, its client secret (shown once), its approval request. */
  public record Registration(Integration integration, String clientSecret, ApprovalRequest approval) {}

  /** Registers an integration on behalf of a staff member; it is refused until approved. */
  public Registration register(Caller caller, String name, String purpose, Set<String> schools,
      Set<Integration.Operation> operations) {
    if (!caller.role().isStaff() || caller.viaIntegration()) {
      throw new RequestRejected(ErrorReason.STAFF_REQUIRED, "only district staff register integrations");
    }
    if (name.isBlank() || purpose.isBlank()) {
      throw RequestRejected.invalidField(name.isBlank() ? "display_name" : "purpose", "is required");
    }
    if (schools.isEmpty() || operations.isEmpty()) {
      throw RequestRejected.invalidField(schools.isEmpty() ? "schools" : "operations",
          "name at least one; an integration is approved for specific schools and operations");
    }
    byte[] secretBytes = new byte[32];
    random.nextBytes(secretBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    DistrictPolicy p = policy.get();
    return store.write(tx -> {
      Instant now = clock.instant();
      String school = schools.iterator().next();
      ApprovalRequest request = new ApprovalRequest("ar-" + UUID.randomUUID(),
          ApprovalRequest.Kind.INTEGRATION, caller.personId(), school, "", name + ": " + purpose,
          "schools " + String.join(",", schools) + "; operations " + operations, ApprovalRequest.State.PENDING,
          "", "", "", now, now.plus(Duration.ofDays(p.approvalDueDays())), null);
      tx.saveApproval(request);
      Integration integration = new Integration("int-" + UUID.randomUUID(), name, purpose,
          caller.personId(), schools, operations, Integration.State.PENDING, Set.of(), Set.of(),
          sha256(secret), request.id(), now);
      tx.saveIntegration(integration);
      tx.append(new ArchiveEvent("integration.registered", caller.personId(),
          "integrations/" + integration.id(), now, Map.of("name", name, "purpose", purpose,
              "schools", List.copyOf(schools), "operations", operations.stream().map(Enum::name).sorted().toList(),
              "approval", request.id())));
      return new Registration(integration, secret, request);
    });
  }

  /** An access token for an approved integration presenting its client id and secret. */
  public String token(String clientId, String clientSecret) {
    Integration integration = store.reader().integration(clientId)
        .filter(i -> MessageDigest.isEqual(i.secretHash(), sha256(clientSecret)))
        .orElseThrow(() -> new RequestRejected(ErrorReason.INTEGRATION_CREDENTIALS_INVALID,
            "unknown client id or wrong client secret"));
    requireActive(integration);
    return tokens.issue(clientId, TOKEN_TTL);
  }

  /**
   * The caller for an integration acting for {@code personId}: refused unless the integration is
   * approved (and not revoked), may perform {@code operation}, and the person is active and belongs
   * to a school the integration was approved for.
   */
  public Caller actFor(String clientId, String personId, Integration.Operation operation) {
    Integration integration = store.reader().integration(clientId).orElseThrow(() ->
        new RequestRejected(ErrorReason.INTEGRATION_NOT_APPROVED, "integrations/" + clientId + " is not registered"));
    requireActive(integration);
    if (operation == null || !integration.operations().contains(operation)) {
      throw new RequestRejected(ErrorReason.INTEGRATION_LIMIT_EXCEEDED, "integrations/" + clientId
          + " is not approved for " + (operation == null ? "this call" : operation.name()),
          List.of(), Map.of("approved_operations", String.join(",",
              integration.operations().stream().map(Enum::name).sorted().toList())));
    }
    Person person = store.reader().person(personId).orElseThrow(() -> new RequestRejected(
        ErrorReason.UNKNOWN_PERSON, "the integration acts for '" + personId + "', who is not an active person"));
    if (person.role() != Role.ADMINISTRATOR && person.role() != Role.TEACHER && person.role() != Role.STAFF) {
      throw new RequestRejected(ErrorReason.INTEGRATION_LIMIT_EXCEEDED,
          "integrations act only for district staff, not for people/" + personId);
    }
    if (person.schoolIds().stream().noneMatch(integration.schools()::contains)) {
      throw new RequestRejected(ErrorReason.INTEGRATION_LIMIT_EXCEEDED, "integrations/" + clientId
          + " is not approved for the schools of people/" + personId);
    }
    return new Caller(person, clientId, integration.schools());
  }

  /** Revokes an integration at once (district administrators); its tokens stop working. */
  public Integration revoke(Caller caller, String clientId, String reason) {
    if (caller.role() != Role.ADMINISTRATOR || caller.viaIntegration()) {
      throw new RequestRejected(ErrorReason.ADMINISTRATOR_REQUIRED, "only administrators revoke integrations");
    }
    if (reason.isBlank()) {
      throw RequestRejected.invalidField("reason", "is required; the revocation is recorded");
    }
    return store.write(tx -> {
      Integration integration = store.reader().integration(clientId).orElseThrow(() ->
          new RequestRejected(ErrorReason.INTEGRATION_NOT_APPROVED, "integrations/" + clientId + " is not registered"));
      // An administrator answers for their own schools: another school's tool is not theirs to stop.
      if (integration.requestedSchools().stream().noneMatch(caller.person().schoolIds()::contains)) {
        throw new RequestRejected(ErrorReason.ADMINISTRATOR_REQUIRED, "only an administrator of a"
            + " school integrations/" + clientId + " serves may revoke it");
      }
      Integration revoked = integration.with(Integration.State.REVOKED, Set.of(), Set.of());
      tx.saveIntegration(revoked);
      tx.append(new ArchiveEvent("integration.revoked", caller.personId(), "integrations/" + clientId,
          clock.instant(), Map.of("reason", reason.strip())));
      return revoked;
    });
  }

  /** Every integration (administrators). */
  public List<Integration> list(Caller caller) {
    if (caller.role() != Role.ADMINISTRATOR || caller.viaIntegration()) {
      throw new RequestRejected(ErrorReason.ADMINISTRATOR_REQUIRED, "only administrators list integrations");
    }
    return store.reader().integrations();
  }

  /**
   * Applies an administrator's answer to the integration it decides (called inside the answer's
   * transaction): approved as proposed, approved limited to {@code schools} and {@code operations}
   * (each within what was requested), or rejected.
   */
  public static void decided(StoreTransaction tx, ApprovalRequest answer, Set<String> schools,
      Set<Integration.Operation> operations) {
    Integration integration = tx.integrationByApproval(answer.id()).orElseThrow();
    Integration changed = switch (answer.state()) {
      case APPROVED -> integration.with(Integration.State.APPROVED, integration.requestedSchools(),
          integration.requestedOperations());
      case APPROVED_LIMITED -> integration.with(Integration.State.APPROVED,
          within(schools, integration.requestedSchools()), within(operations, integration.requestedOperations()));
      case REJECTED -> integration.with(Integration.State.REJECTED, Set.of(), Set.of());
      default -> integration;
    };
    tx.saveIntegration(changed);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", changed.state().name());
    details.put("schools", changed.schools().stream().sorted().toList());
    details.put("operations", changed.operations().stream().map(Enum::name).sorted().toList());
    tx.append(new ArchiveEvent("integration.decided", answer.decidedBy(), "integrations/" + integration.id(),
        answer.decideTime(), details));
  }

  private static <T> Set<T> within(Set<T> limited, Set<T> requested) {
    if (limited.isEmpty()) {
      return requested;
    }
    java.util.Set<T> out = new java.util.HashSet<>(limited);
    out.retainAll(requested);
    return out;
  }

  private static void requireActive(Integration integration) {
    if (!integration.active()) {
      throw new RequestRejected(ErrorReason.INTEGRATION_NOT_APPROVED, "integrations/" + integration.id()
          + " is " + integration.state().name().toLowerCase() + ": only integrations a district"
          + " administrator approved may act (board policy P000-approved-tools)");
    }
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
