package org.chaperone.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.directory.DirectoryState;
import org.chaperone.directory.Relationships;
import org.chaperone.domain.ApprovalRequest;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelKind;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.ChannelState;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.MemberRole;
import org.chaperone.domain.Person;
import org.chaperone.domain.RequestRejected;
import org.chaperone.outbox.EmailOutbox;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.store.Store;
import org.chaperone.store.StoreTransaction;
import org.chaperone.supervision.Draft;
import org.chaperone.supervision.Supervision;
import org.chaperone.supervision.SupervisionDecision;

/**
 * Starts conversations beyond class channels, always supervised: direct conversations between a
 * staff member and one student, and group channels (team, club, activity) that open once a school
 * administrator approves them. Staff reach only students the roster relates them to
 * ({@link Relationships}); supervisors are derived, never chosen, and cannot be removed.
 *
 * <p>Thread-safe.
 */
public final class Conversations {
  private final Store store;
  private final Clock clock;
  private final Supplier<DistrictPolicy> policy;
  private final EmailOutbox mail;

  public Conversations(Store store, Clock clock, Supplier<DistrictPolicy> policy, EmailOutbox mail) {
    this.store = store;
    this.clock = clock;
    this.policy = policy;
    this.mail = mail;
  }

  /**
   * A direct conversation between the calling staff member and {@code studentId}, created with the
   * student's supervisors in it (or returned, if the two already have one). Refused when the
   * roster shows no relationship, or when nobody could supervise it.
   */
  public Channel direct(Caller caller, String studentId, String purpose) {
    requireStaff(caller);
    DistrictPolicy p = policy.get();
    return store.write(tx -> {
      DirectoryState directory = tx.loadDirectory();
      Person student = student(directory, studentId);
      String why = relationship(caller, student, directory);
      for (Channel c : directory.channels().values()) {
        Map<String, MemberRole> who = directory.participants().getOrDefault(c.id(), Map.of());
        if (c.kind() == ChannelKind.DIRECT && c.ownerId().equals(caller.personId())
            && who.containsKey(studentId) && (c.open() || c.state() == ChannelState.PENDING_APPROVAL)) {
          return c;
        }
      }
      Instant now = clock.instant();
      String id = "direct-" + UUID.randomUUID();
      String title = caller.person().displayName() + " and " + student.displayName();
      Map<String, MemberRole> participants = new LinkedHashMap<>();
      participants.put(caller.personId(), MemberRole.TEACHER);
      participants.put(studentId, MemberRole.STUDENT);
      String school = caller.person().schoolIds().stream().filter(student.schoolIds()::contains)
          .findFirst().orElse(student.schoolIds().isEmpty() ? "" : student.schoolIds().getFirst());
      Channel channel = new Channel(id, ChannelKind.DIRECT, title, "", school, now,
          p.directNeedsApproval() ? ChannelState.PENDING_APPROVAL : ChannelState.OPEN, 0,
          caller.personId(), purpose);
      tx.createChannel(channel, participants);
      tx.append(new ArchiveEvent("channel.created", caller.personId(), "channels/" + id, now,
          Map.of("kind", "DIRECT", "student", studentId, "purpose", purpose, "relationship", why,
              "policy_version", p.label())));
      if (p.directNeedsApproval()) {
        request(tx, caller, ApprovalRequest.Kind.DIRECT_CHANNEL, school, id, purpose, "", p, now);
        return channel;
      }
      ChannelOpening.open(tx, channel, caller.personId(), p.supervision(), now, mail);
      requireSupervised(tx, caller, channel, p, now);
      return channel;
    });
  }

  /**
   * Requests a group channel with {@code studentIds}; it opens when a school administrator
   * approves (board policy P002-group-approval).
   */
  public ApprovalRequest group(Caller caller, String title, String purpose, String objectives,
      List<String> studentIds) {
    requireStaff(caller);
    if (purpose.isBlank()) {
      throw RequestRejected.invalidField("purpose", "say what the group is for; guardians are told");
    }
    DistrictPolicy p = policy.get();
    return store.write(tx -> {
      DirectoryState directory = tx.loadDirectory();
      Map<String, MemberRole> participants = new LinkedHashMap<>();
      participants.put(caller.personId(), MemberRole.TEACHER);
      String school = caller.person().schoolIds().isEmpty() ? "" : caller.person().schoolIds().getFirst();
      for (String studentId : studentIds) {
        Person student = student(directory, studentId);
        relationship(caller, student, directory);
        participants.put(studentId, MemberRole.STUDENT);
        if (!student.schoolIds().isEmpty() && !caller.person().schoolIds().contains(school)) {
          school = student.schoolIds().getFirst();
        }
      }
      Instant now = clock.instant();
      String id = "group-" + UUID.randomUUID();
      Channel channel = new Channel(id, ChannelKind.GROUP, title, "", school, now,
          ChannelState.PENDING_APPROVAL, 0, caller.personId(), purpose);
      tx.createChannel(channel, participants);
      tx.append(new ArchiveEvent("channel.created", caller.personId(), "channels/" + id, now,
          Map.of("kind", "GROUP", "title", title, "purpose", purpose, "students", studentIds,
              "policy_version", p.label())));
      return request(tx, caller, ApprovalRequest.Kind.GROUP_CHANNEL, school, id, purpose, objectives, p, now);
    });
  }

  /** Requests an exemption from a policy rule for a project (board policy P004-exemption). */
  public ApprovalRequest exemption(Caller caller, String purpose, String objectives) {
    requireStaff(caller);
    if (purpose.isBlank()) {
      throw RequestRejected.invalidField("purpose", "describe the project and the exemption sought");
    }
    DistrictPolicy p = policy.get();
    String school = caller.person().schoolIds().isEmpty() ? "" : caller.person().schoolIds().getFirst();
    return store.write(tx -> request(tx, caller, ApprovalRequest.Kind.POLICY_EXEMPTION, school, "",
        purpose, objectives, p, clock.instant()));
  }

  /**
   * Removes a participant. Supervisors cannot be removed by anyone here (only roster changes and
   * the district's override file change them); class channel members follow the roster; a group
   * or direct channel's owner, or an administrator of its school, may remove its students.
   */
  public void removeMember(Caller caller, String channelId, String personId, String reason) {
    Channel channel = store.reader().channel(channelId)
        .orElseThrow(() -> ChannelAccess.notFound(channelId));
    boolean owner = channel.ownerId().equals(caller.personId());
    boolean schoolAdmin = caller.role() == org.chaperone.domain.Role.ADMINISTRATOR
        && caller.person().schoolIds().contains(channel.schoolId());
    // Refuse outsiders before looking at the member, so that the answer tells nobody outside
    // the channel who is in it (its members see that anyway).
    if (!owner && !schoolAdmin && store.reader().member(channelId, caller.personId()).isEmpty()) {
      throw notOwner();
    }
    ChannelMember member = store.reader().member(channelId, personId).orElseThrow(() ->
        new RequestRejected(ErrorReason.PERSON_NOT_FOUND, "people/" + personId + " is not in channels/" + channelId));
    if (member.role().isSupervisor()) {
      throw new RequestRejected(ErrorReason.SUPERVISOR_NOT_REMOVABLE, "people/" + personId
          + " supervises this conversation (board policy P003-copy) and cannot be removed; a"
          + " district administrator changes supervisors through the roster or the override file");
    }
    if (channel.kind() == ChannelKind.CLASS) {
      throw new RequestRejected(ErrorReason.ROSTER_MANAGED,
          "class channel membership follows the roster; change the enrollment in the SIS");
    }
    if (!owner && !schoolAdmin) {
      throw notOwner();
    }
    if (personId.equals(channel.ownerId())) {
      throw new RequestRejected(ErrorReason.NOT_CHANNEL_OWNER, "the owner cannot be removed");
    }
    DistrictPolicy p = policy.get();
    store.write(tx -> {
      Instant now = clock.instant();
      tx.removeParticipant(channelId, personId);
      tx.append(new ArchiveEvent("channel.participant_removed", caller.personId(),
          "channels/" + channelId + "/members/" + personId, now, Map.of("reason", reason)));
      ChannelOpening.open(tx, channel, caller.personId(), p.supervision(), now, mail);
      return null;
    });
  }

  private static RequestRejected notOwner() {
    return new RequestRejected(ErrorReason.NOT_CHANNEL_OWNER,
        "only the channel's owner or an administrator of its school may remove participants");
  }

  static ApprovalRequest request(StoreTransaction tx, Caller caller, ApprovalRequest.Kind kind,
      String school, String channelId, String purpose, String objectives, DistrictPolicy p, Instant now) {
    ApprovalRequest request = new ApprovalRequest("ar-" + UUID.randomUUID(), kind, caller.personId(),
        school, channelId, purpose, objectives, ApprovalRequest.State.PENDING, "", "", "", now,
        now.plus(Duration.ofDays(p.approvalDueDays())), null);
    tx.saveApproval(request);
    tx.append(new ArchiveEvent("approval.requested", caller.personId(), "approvals/" + request.id(),
        now, Map.of("kind", kind.name(), "school", school, "channel", channelId, "purpose", purpose,
            "objectives", objectives, "due", request.dueTime().toString())));
    return request;
  }

  /** Refuses (rolling back the creation) when the new conversation would be unsupervised. */
  private static void requireSupervised(StoreTransaction tx, Caller caller, Channel channel,
      DistrictPolicy p, Instant now) {
    SupervisionDecision d = Supervision.decide(
        new Draft(caller.personId(), caller.role(), channel.id(), false), tx.members(channel.id()),
        p.withoutQuietHours(), now);
    if (d.outcome() == SupervisionDecision.Outcome.REFUSE) {
      throw new RequestRejected(d.refusal(), "the conversation was not created: " + d.explanation(),
          List.of(), Map.of("policy_clause", d.policyClause(),
              "unsupervised_students", String.join(",", d.unsupervisedStudents())));
    }
  }

  private static void requireStaff(Caller caller) {
    if (!caller.role().isStaff()) {
      throw new RequestRejected(ErrorReason.STAFF_REQUIRED,
          "only district staff start conversations and own channels (board policy P002-maintainer)");
    }
  }

  private static Person student(DirectoryState directory, String studentId) {
    Person student = directory.people().get(studentId);
    if (student == null) {
      throw new RequestRejected(ErrorReason.PERSON_NOT_FOUND, "people/" + studentId + " does not exist");
    }
    if (student.role() != org.chaperone.domain.Role.STUDENT) {
      throw RequestRejected.invalidField("student", "people/" + studentId + " is not a student");
    }
    return student;
  }

  private static String relationship(Caller caller, Person student, DirectoryState directory) {
    return Relationships.between(caller.person(), student, directory).orElseThrow(() ->
        new RequestRejected(ErrorReason.NO_RELATIONSHIP, "the roster shows no relationship between"
            + " you and people/" + student.id() + " (you must teach one of their classes, own a"
            + " group they belong to, or hold a role at their school; board policy P000-friending)"));
  }
}
