package org.chaperone.directory;

import java.util.Map;
import java.util.Set;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Enrollment;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Org;
import org.chaperone.domain.Person;
import org.chaperone.domain.PersonFlags;
import org.chaperone.domain.SchoolClass;

/**
 * The directory as it stands: every active roster record and every class channel with its members.
 * A roster import is computed as the difference between this and the bundle.
 *
 * @param orgs active orgs by id
 * @param people active people by id
 * @param classes active classes by id
 * @param enrollments enrollments by id
 * @param guardianLinks guardian links
 * @param flags the district's flags by person id
 * @param channels every channel by id
 * @param participants chosen participants of group and direct channels, by channel id
 * @param channelMembers members by channel id, then person id
 */
public record DirectoryState(
    Map<String, Org> orgs,
    Map<String, Person> people,
    Map<String, SchoolClass> classes,
    Map<String, Enrollment> enrollments,
    Set<GuardianLink> guardianLinks,
    Map<String, PersonFlags> flags,
    Map<String, Channel> channels,
    Map<String, Map<String, MemberRole>> participants,
    Map<String, Map<String, ChannelMember>> channelMembers) {

  /** A directory with nothing in it. */
  public static DirectoryState empty() {
    return new DirectoryState(Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), Map.of(), Map.of(),
        Map.of(), Map.of());
  }
}
