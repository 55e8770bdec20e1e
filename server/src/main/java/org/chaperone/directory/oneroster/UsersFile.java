package org.chaperone.directory.oneroster;

import static org.chaperone.directory.oneroster.SourcedRows.SOURCED_ID;
import static org.chaperone.directory.oneroster.SourcedRows.STATUS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Person;
import org.chaperone.domain.Role;

/**
 * Reads {@code users.csv}, together with {@code roles.csv} for OneRoster 1.2, into people and
 * guardian links.
 *
 * <p><b>Roles.</b> In 1.1 each user row has a {@code role}. In 1.2 roles live in {@code roles.csv};
 * a user's role is their first active {@code primary} role, else their first active role. A 1.2
 * {@code users.csv} that still has a {@code role} column is accepted: the column is used for users
 * {@code roles.csv} gives no role. Role names are mapped by {@link OneRosterRoles}.
 *
 * <p><b>Orgs.</b> A person's org ids are {@code primaryOrgSourcedId} (1.2), then {@code
 * orgSourcedIds}, then the orgs of their active {@code roles.csv} rows, without repeats.
 *
 * <p><b>Guardian links.</b> From {@code agentSourcedIds}: a student row naming a guardian, or a
 * guardian row naming a student, gives one link (both directions collapse into one). Agents of any
 * other pairing (a teacher named on a student, say) are ignored. An agent missing from a bulk
 * {@code users.csv} is a problem; in a delta file an agent outside the file cannot be resolved and
 * is ignored, as are {@code roles.csv} rows for users outside a delta file.
 *
 * <p>{@code enabledUser} is not read: {@link Person} has no such flag. Stateless.
 */
final class UsersFile {
  static final String ORG_IDS = "orgSourcedIds";
  static final String PRIMARY_ORG = "primaryOrgSourcedId";
  static final String ROLE = "role";
  static final String USERNAME = "username";
  static final String GIVEN_NAME = "givenName";
  static final String FAMILY_NAME = "familyName";
  static final String EMAIL = "email";
  static final String AGENTS = "agentSourcedIds";
  static final String GRADES = "grades";

  static final String ROLE_USER = "userSourcedId";
  static final String ROLE_TYPE = "roleType";
  static final String ROLE_ORG = "orgSourcedId";

  /** OneRoster 1.1 users.csv: every user carries a role and orgs. */
  static final List<String> REQUIRED_1_1 =
      List.of(SOURCED_ID, ORG_IDS, ROLE, GIVEN_NAME, FAMILY_NAME);

  /** OneRoster 1.2 users.csv: roles and orgs come from roles.csv. */
  static final List<String> REQUIRED_1_2 = List.of(SOURCED_ID, GIVEN_NAME, FAMILY_NAME);

  static final List<String> OPTIONAL =
      List.of(STATUS, ORG_IDS, PRIMARY_ORG, ROLE, USERNAME, EMAIL, AGENTS, GRADES);

  static final List<String> ROLES_REQUIRED =
      List.of(SOURCED_ID, ROLE_USER, ROLE_TYPE, ROLE, ROLE_ORG);
  static final List<String> ROLES_OPTIONAL = List.of(STATUS);

  /**
   * The people and links of the users file.
   *
   * @param people active people, deleted ids, and ids for reference checks
   * @param links guardian links named by active people, without repeats
   */
  record Result(Parsed<Person> people, List<GuardianLink> links) {
    Result {
      links = List.copyOf(links);
    }
  }

  /** One active roles.csv row. */
  private record Assignment(Role role, boolean primary, String orgId) {}

  private UsersFile() {}

  /**
   * @param users the users.csv table
   * @param roles the roles.csv table, when the bundle provides one (1.2) and it is readable
   * @param rolesProvided true when the bundle provides roles.csv, readable or not
   * @param bulk true when users.csv is a bulk file
   * @param orgs org ids for reference checks
   */
  static Result read(
      CsvTable users,
      Optional<CsvTable> roles,
      boolean rolesProvided,
      boolean bulk,
      KnownIds orgs) {
    SourcedRows userRows = SourcedRows.of(users);
    KnownIds userIds = userRows.knownIds(bulk);
    Result idsOnly = new Result(new Parsed<>(List.of(), userRows.deletedIds(), userIds), List.of());
    if (rolesProvided && roles.isEmpty()) {
      return idsOnly; // roles.csv is unreadable and says why; per-user role problems would bury it
    }
    if (!rolesProvided && !users.has(ROLE)) {
      // why: one problem for the file instead of one per user, which would bury the cause
      users.problem(
          1,
          ROLE,
          "users.csv has no role column and the bundle has no roles.csv, so no user has a role");
      return idsOnly;
    }
    Map<String, List<Assignment>> assigned =
        roles.map(t -> readRoles(t, userRows, userIds, orgs)).orElse(Map.of());

    List<Person> people = new ArrayList<>();
    Map<String, CsvTable.Row> rowOf = new HashMap<>();
    for (SourcedRows.Entry entry : userRows.active()) {
      CsvTable.Row row = entry.row();
      Optional<Role> role =
          role(row, assigned.getOrDefault(entry.id(), List.of()), roles.isPresent());
      Optional<List<String>> orgIds =
          orgIds(row, assigned.getOrDefault(entry.id(), List.of()), orgs);
      if (role.isEmpty() || orgIds.isEmpty()) {
        continue;
      }
      people.add(
          new Person(
              entry.id(),
              role.get(),
              row.get(GIVEN_NAME),
              row.get(FAMILY_NAME),
              row.get(EMAIL),
              row.get(USERNAME),
              orgIds.get(),
              row.list(GRADES)));
      rowOf.put(entry.id(), row);
    }
    List<GuardianLink> links = links(people, rowOf, userIds);
    return new Result(new Parsed<>(people, userRows.deletedIds(), userIds), links);
  }

  private static Map<String, List<Assignment>> readRoles(
      CsvTable table, SourcedRows userRows, KnownIds userIds, KnownIds orgs) {
    Map<String, List<Assignment>> assigned = new HashMap<>();
    for (SourcedRows.Entry entry : SourcedRows.of(table).active()) {
      CsvTable.Row row = entry.row();
      String user = row.get(ROLE_USER);
      if (user.isEmpty()) {
        row.problem(ROLE_USER, "userSourcedId is empty");
        continue;
      }
      if (!userRows.declares(user)) {
        if (userIds.lacks(user)) {
          row.problem(ROLE_USER, "user '" + user + "' is not in users.csv");
        }
        continue; // a delta role for a user this bundle does not change: nothing to attach it to
      }
      boolean primary;
      switch (row.get(ROLE_TYPE).toLowerCase(Locale.ROOT)) {
        case "primary" -> primary = true;
        case "secondary" -> primary = false;
        default -> {
          row.problem(
              ROLE_TYPE, "roleType must be primary or secondary, not '" + row.get(ROLE_TYPE) + "'");
          continue;
        }
      }
      Optional<Role> role = mapRole(row, ROLE);
      if (role.isEmpty()) {
        continue;
      }
      String org = row.get(ROLE_ORG);
      if (org.isEmpty()) {
        row.problem(ROLE_ORG, "orgSourcedId is empty");
        continue;
      }
      if (orgs.lacks(org)) {
        row.problem(ROLE_ORG, "org '" + org + "' is not in orgs.csv");
        continue;
      }
      assigned
          .computeIfAbsent(user, u -> new ArrayList<>())
          .add(new Assignment(role.get(), primary, org));
    }
    return assigned;
  }

  private static Optional<Role> role(
      CsvTable.Row row, List<Assignment> assignments, boolean rolesFile) {
    if (!assignments.isEmpty()) {
      return Optional.of(
          assignments.stream()
              .filter(Assignment::primary)
              .findFirst()
              .orElse(assignments.getFirst())
              .role());
    }
    if (!row.get(ROLE).isEmpty()) {
      return mapRole(row, ROLE);
    }
    if (rolesFile) {
      row.problem(SOURCED_ID, "the user has no active role in roles.csv");
    } else {
      row.problem(ROLE, "role is empty");
    }
    return Optional.empty();
  }

  private static Optional<Role> mapRole(CsvTable.Row row, String column) {
    String value = row.get(column);
    Optional<Role> role = OneRosterRoles.personRole(value);
    if (role.isEmpty()) {
      row.problem(
          column,
          value.isEmpty()
              ? "role is empty"
              : "unknown role '"
                  + value
                  + "'; expected a OneRoster role such as student,"
                  + " parent, guardian, teacher, aide or administrator");
    }
    return role;
  }

  /** The person's org ids, or empty when one of them is unknown (logged). */
  private static Optional<List<String>> orgIds(
      CsvTable.Row row, List<Assignment> assignments, KnownIds orgs) {
    Set<String> ids = new LinkedHashSet<>();
    boolean ok = true;
    String primary = row.get(PRIMARY_ORG);
    if (!primary.isEmpty()) {
      ok &= addOrg(row, PRIMARY_ORG, primary, orgs, ids);
    }
    for (String org : row.list(ORG_IDS)) {
      ok &= addOrg(row, ORG_IDS, org, orgs, ids);
    }
    assignments.forEach(a -> ids.add(a.orgId()));
    return ok ? Optional.of(List.copyOf(ids)) : Optional.empty();
  }

  private static boolean addOrg(
      CsvTable.Row row, String column, String org, KnownIds orgs, Set<String> ids) {
    if (orgs.lacks(org)) {
      row.problem(column, "org '" + org + "' is not in orgs.csv");
      return false;
    }
    ids.add(org);
    return true;
  }

  private static List<GuardianLink> links(
      List<Person> people, Map<String, CsvTable.Row> rowOf, KnownIds userIds) {
    Map<String, Role> roleOf = new HashMap<>();
    people.forEach(p -> roleOf.put(p.id(), p.role()));
    Set<GuardianLink> links = new LinkedHashSet<>();
    for (Person person : people) {
      CsvTable.Row row = rowOf.get(person.id());
      for (String agent : row.list(AGENTS)) {
        Role agentRole = roleOf.get(agent);
        if (agentRole == null) {
          if (userIds.lacks(agent)) {
            row.problem(AGENTS, "agent '" + agent + "' is not in users.csv");
          }
          continue; // deleted, invalid, or outside a delta file: no link can be made
        }
        if (person.role() == Role.STUDENT && agentRole == Role.GUARDIAN) {
          links.add(new GuardianLink(agent, person.id()));
        } else if (person.role() == Role.GUARDIAN && agentRole == Role.STUDENT) {
          links.add(new GuardianLink(person.id(), agent));
        }
      }
    }
    return List.copyOf(links);
  }
}
