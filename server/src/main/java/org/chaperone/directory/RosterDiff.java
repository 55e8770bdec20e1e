package org.chaperone.directory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.chaperone.directory.RosterBundle.ImportMode;
import org.chaperone.directory.RosterBundle.RosterFile;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelKind;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.ChannelState;
import org.chaperone.domain.EnrollmentRole;
import org.chaperone.domain.MemberRole;
import org.chaperone.policy.SupervisionPolicy;
import org.chaperone.supervision.ChannelMembership;
import org.chaperone.supervision.RosterView;
import org.chaperone.domain.Enrollment;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Org;
import org.chaperone.domain.Person;
import org.chaperone.domain.SchoolClass;

/**
 * Computes what a roster bundle changes in the directory. Pure: the same directory and bundle
 * always give the same changes, so re-importing a bundle changes nothing.
 *
 * <p>Applying {@link RosterBundle#noChanges()} recomputes memberships only (after a flags import,
 * a policy change, or a new channel).
 *
 * <p>Files provided in bulk replace their kind of record wholesale; files provided as a delta add,
 * update and ({@code tobedeleted}) remove the records they list. Removing a person or a class also
 * removes their enrollments and links. Class channels and their members are then derived from the
 * resulting roster for every open channel ({@link ChannelMembership}): class channels take their
 * participants from enrollments, group and direct channels keep theirs, and the supervisors of
 * every channel follow the roster's guardian links, the district's flags and the policy.
 */
public final class RosterDiff {
  private RosterDiff() {}

  /** The changes that turn {@code current} into what {@code bundle} describes. */
  public static DirectoryChanges between(DirectoryState current, RosterBundle bundle,
      SupervisionPolicy policy, Instant now) {
    Map<String, Org> orgs = merge(current.orgs(), bundle.mode(RosterFile.ORGS), bundle.orgs(),
        bundle.deletedOrgIds(), Org::id);
    Map<String, Person> people = merge(current.people(), bundle.mode(RosterFile.USERS),
        bundle.people(), bundle.deletedPersonIds(), Person::id);
    Map<String, SchoolClass> classes = merge(current.classes(), bundle.mode(RosterFile.CLASSES),
        bundle.classes(), bundle.deletedClassIds(), SchoolClass::id);
    Map<String, Enrollment> enrollments = merge(current.enrollments(),
        bundle.mode(RosterFile.ENROLLMENTS), bundle.enrollments(), bundle.deletedEnrollmentIds(),
        Enrollment::id);
    // Cascade: an enrollment of a person or class that is gone goes with it.
    enrollments.values().removeIf(
        e -> !people.containsKey(e.personId()) || !classes.containsKey(e.classId()));

    Set<GuardianLink> links = links(current.guardianLinks(), bundle);
    links.removeIf(l -> !people.containsKey(l.guardianId()) || !people.containsKey(l.studentId()));

    List<Org> orgUpserts = changed(current.orgs(), orgs);
    Set<String> orgRemovals = removed(current.orgs(), orgs);
    List<Person> peopleAdded = added(current.people(), people);
    List<Person> peopleUpdated = updated(current.people(), people);
    Set<String> peopleRemoved = removed(current.people(), people);
    List<SchoolClass> classesAdded = added(current.classes(), classes);
    List<SchoolClass> classesUpdated = updated(current.classes(), classes);
    Set<String> classesRemoved = removed(current.classes(), classes);
    // Enrollments are immutable facts: a changed enrollment is a removal plus an addition.
    List<Enrollment> enrollmentsAdded = changed(current.enrollments(), enrollments);
    Set<String> enrollmentsRemoved = new HashSet<>(removed(current.enrollments(), enrollments));
    for (Enrollment e : enrollmentsAdded) {
      if (current.enrollments().containsKey(e.id())) {
        enrollmentsRemoved.add(e.id());
      }
    }
    Set<GuardianLink> linksAdded = new HashSet<>(links);
    linksAdded.removeAll(current.guardianLinks());
    Set<GuardianLink> linksRemoved = new HashSet<>(current.guardianLinks());
    linksRemoved.removeAll(links);

    List<Channel> channelUpserts = new ArrayList<>();
    List<ChannelMember> membersAdded = new ArrayList<>();
    List<ChannelMember> membersUpdated = new ArrayList<>();
    List<ChannelMember> membersRemoved = new ArrayList<>();
    Map<String, List<Enrollment>> enrollmentsByClass = enrollments.values().stream()
        .collect(Collectors.groupingBy(Enrollment::classId, TreeMap::new, Collectors.toList()));
    Map<String, List<String>> guardiansByStudent = links.stream().collect(Collectors.groupingBy(
        GuardianLink::studentId, Collectors.mapping(GuardianLink::guardianId, Collectors.toList())));
    RosterView roster = new RosterView(people, guardiansByStudent, current.flags());

    // Every class has a channel (its id is the class id); every other channel keeps its own.
    Map<String, Channel> channels = new TreeMap<>(current.channels());
    for (SchoolClass k : classes.values()) {
      channels.putIfAbsent(k.id(), new Channel(k.id(), ChannelKind.CLASS, k.title(), k.id(),
          k.schoolId(), now, ChannelState.OPEN, 0, "", ""));
    }
    for (Channel existing : channels.values()) {
      Map<String, ChannelMember> before = current.channelMembers().getOrDefault(existing.id(), Map.of());
      Channel wanted;
      Map<String, MemberRole> participants;
      if (existing.kind() == ChannelKind.CLASS) {
        SchoolClass k = classes.get(existing.classId());
        participants = k == null ? Map.of() : classParticipants(enrollmentsByClass.getOrDefault(k.id(), List.of()));
        wanted = k == null
            ? existing.withState(existing.state() == ChannelState.OPEN ? ChannelState.CLOSED : existing.state(), 0)
            : new Channel(existing.id(), ChannelKind.CLASS, k.title(), k.id(), k.schoolId(),
                existing.createTime(), ChannelState.OPEN, 0, "", "");
      } else {
        participants = current.participants().getOrDefault(existing.id(), Map.of());
        wanted = existing;
      }
      // Only open channels have members; a pending or closed one delivers to nobody.
      Map<String, ChannelMember> after = wanted.open()
          ? ChannelMembership.derive(wanted.id(), wanted.schoolId(), participants, roster, policy)
          : Map.of();
      wanted = wanted.withState(wanted.state(), after.size());
      if (!wanted.equals(current.channels().get(existing.id()))) {
        channelUpserts.add(wanted);
      }
      for (ChannelMember m : after.values()) {
        ChannelMember old = before.get(m.personId());
        if (old == null) {
          membersAdded.add(m);
        } else if (!old.equals(m)) {
          membersUpdated.add(m);
        }
      }
      for (ChannelMember m : before.values()) {
        if (!after.containsKey(m.personId())) {
          membersRemoved.add(m);
        }
      }
    }
    return new DirectoryChanges(orgUpserts, orgRemovals, peopleAdded, peopleUpdated, peopleRemoved,
        classesAdded, classesUpdated, classesRemoved, enrollmentsAdded, enrollmentsRemoved,
        linksAdded, linksRemoved, channelUpserts, membersAdded, membersUpdated, membersRemoved);
  }

  /** A class's participants: teachers (and enrolled administrators) as staff, students as students. */
  private static Map<String, MemberRole> classParticipants(List<Enrollment> enrollments) {
    Map<String, MemberRole> participants = new TreeMap<>();
    for (Enrollment e : enrollments) {
      MemberRole role = e.role() == EnrollmentRole.STUDENT ? MemberRole.STUDENT : MemberRole.TEACHER;
      // A person enrolled twice (e.g. as student and teacher in error) keeps the staff role.
      participants.merge(e.personId(), role,
          (a, b) -> a == MemberRole.TEACHER || b == MemberRole.TEACHER ? MemberRole.TEACHER : a);
    }
    return participants;
  }

  private static <T> Map<String, T> merge(Map<String, T> current, ImportMode mode,
      List<T> listed, Set<String> deleted, Function<T, String> id) {
    Map<String, T> result = switch (mode) {
      case ABSENT -> new LinkedHashMap<>(current);
      case BULK -> new LinkedHashMap<>();
      case DELTA -> new LinkedHashMap<>(current);
    };
    for (T record : listed) {
      result.put(id.apply(record), record);
    }
    result.keySet().removeAll(deleted);
    return result;
  }

  private static Set<GuardianLink> links(Set<GuardianLink> current, RosterBundle bundle) {
    return switch (bundle.mode(RosterFile.USERS)) {
      case ABSENT -> new HashSet<>(current);
      case BULK -> new HashSet<>(bundle.guardianLinks());
      case DELTA -> {
        // A user row in a delta states that user's links in full: links touching a listed user
        // are replaced by the bundle's; links between unlisted users stay.
        Set<String> listed = bundle.people().stream().map(Person::id).collect(Collectors.toSet());
        Set<GuardianLink> result = new HashSet<>();
        for (GuardianLink l : current) {
          if (!listed.contains(l.guardianId()) && !listed.contains(l.studentId())) {
            result.add(l);
          }
        }
        result.addAll(bundle.guardianLinks());
        yield result;
      }
    };
  }

  private static <T> List<T> added(Map<String, T> before, Map<String, T> after) {
    return after.entrySet().stream().filter(e -> !before.containsKey(e.getKey()))
        .map(Map.Entry::getValue).toList();
  }

  private static <T> List<T> updated(Map<String, T> before, Map<String, T> after) {
    return after.entrySet().stream()
        .filter(e -> before.containsKey(e.getKey()) && !before.get(e.getKey()).equals(e.getValue()))
        .map(Map.Entry::getValue).toList();
  }

  private static <T> List<T> changed(Map<String, T> before, Map<String, T> after) {
    return after.entrySet().stream()
        .filter(e -> !Objects.equals(before.get(e.getKey()), e.getValue()))
        .map(Map.Entry::getValue).toList();
  }

  private static Set<String> removed(Map<String, ?> before, Map<String, ?> after) {
    Set<String> gone = new HashSet<>(before.keySet());
    gone.removeAll(after.keySet());
    return gone;
  }
}
