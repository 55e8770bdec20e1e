package org.chaperone.directory;

import java.util.List;
import java.util.Set;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Enrollment;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Org;
import org.chaperone.domain.Person;
import org.chaperone.domain.SchoolClass;

/**
 * What a roster import changes, computed by {@link RosterDiff} and applied by the store in one
 * transaction. Removals are soft for people, classes and channels (records keep referring to
 * them) and hard for enrollments, links and memberships (their history is in the archive).
 */
public record DirectoryChanges(
    List<Org> orgUpserts,
    Set<String> orgRemovals,
    List<Person> peopleAdded,
    List<Person> peopleUpdated,
    Set<String> peopleRemoved,
    List<SchoolClass> classesAdded,
    List<SchoolClass> classesUpdated,
    Set<String> classesRemoved,
    List<Enrollment> enrollmentsAdded,
    Set<String> enrollmentsRemoved,
    Set<GuardianLink> linksAdded,
    Set<GuardianLink> linksRemoved,
    List<Channel> channelUpserts,
    List<ChannelMember> membersAdded,
    List<ChannelMember> membersUpdated,
    List<ChannelMember> membersRemoved) {

  public DirectoryChanges {
    orgUpserts = List.copyOf(orgUpserts);
    orgRemovals = Set.copyOf(orgRemovals);
    peopleAdded = List.copyOf(peopleAdded);
    peopleUpdated = List.copyOf(peopleUpdated);
    peopleRemoved = Set.copyOf(peopleRemoved);
    classesAdded = List.copyOf(classesAdded);
    classesUpdated = List.copyOf(classesUpdated);
    classesRemoved = Set.copyOf(classesRemoved);
    enrollmentsAdded = List.copyOf(enrollmentsAdded);
    enrollmentsRemoved = Set.copyOf(enrollmentsRemoved);
    linksAdded = Set.copyOf(linksAdded);
    linksRemoved = Set.copyOf(linksRemoved);
    channelUpserts = List.copyOf(channelUpserts);
    membersAdded = List.copyOf(membersAdded);
    membersUpdated = List.copyOf(membersUpdated);
    membersRemoved = List.copyOf(membersRemoved);
  }

  /** True when applying these changes would change nothing. */
  public boolean isEmpty() {
    return orgUpserts.isEmpty() && orgRemovals.isEmpty() && peopleAdded.isEmpty()
        && peopleUpdated.isEmpty() && peopleRemoved.isEmpty() && classesAdded.isEmpty()
        && classesUpdated.isEmpty() && classesRemoved.isEmpty() && enrollmentsAdded.isEmpty()
        && enrollmentsRemoved.isEmpty() && linksAdded.isEmpty() && linksRemoved.isEmpty()
        && channelUpserts.isEmpty() && membersAdded.isEmpty() && membersUpdated.isEmpty()
        && membersRemoved.isEmpty();
  }
}
