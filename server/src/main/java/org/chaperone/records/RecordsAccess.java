package org.chaperone.records;

import java.util.Set;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;
import org.chaperone.domain.Role;

/**
 * Who may use the archive's records functions.
 *
 * <p>OneRoster has no records-officer role, so the district names its records officers in the
 * gateway's configuration ({@code --records-officers}). A listed person is a records officer
 * while the roster shows them as an administrator or other staff; a listed student or guardian
 * (a typo, a reused id) is not. Records functions are for people calling directly: an integration
 * acting for a records officer is refused, so that no LMS plug-in can read the archive.
 *
 * <ul>
 *   <li>Search and view archived content: records officers.
 *   <li>Checkpoints and proofs (hashes, no content): records officers and administrators.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class RecordsAccess {
  private final Set<String> officers;

  public RecordsAccess(Set<String> recordsOfficerIds) {
    this.officers = Set.copyOf(recordsOfficerIds);
  }

  /** True when the caller is a records officer calling directly. */
  public boolean isRecordsOfficer(Caller caller) {
    return caller.integrationId().isEmpty() && officers.contains(caller.personId())
        && (caller.role() == Role.ADMINISTRATOR || caller.role() == Role.STAFF);
  }

  /** Refuses anyone but a records officer. */
  public void requireRecordsOfficer(Caller caller) {
    if (!isRecordsOfficer(caller)) {
      throw new RequestRejected(ErrorReason.RECORDS_OFFICER_REQUIRED,
          "only the district's records officers may search and view archived records");
    }
  }

  /** Refuses anyone but a records officer or an administrator calling directly. */
  public void requireRecordsOfficerOrAdministrator(Caller caller) {
    boolean administrator = caller.integrationId().isEmpty() && caller.role() == Role.ADMINISTRATOR;
    if (!administrator && !isRecordsOfficer(caller)) {
      throw new RequestRejected(ErrorReason.RECORDS_OFFICER_REQUIRED,
          "only records officers and administrators may read archive checkpoints and proofs");
    }
  }
}
