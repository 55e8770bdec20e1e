package org.chaperone.transport.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.chaperone.api.v1.ChannelKind;
import org.chaperone.api.v1.Member;
import org.chaperone.api.v1.MemberRole;
import org.chaperone.api.v1.PersonRole;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Message;
import org.chaperone.domain.Person;
import org.chaperone.domain.SchoolClass;

/** Maps domain values to their {@code chaperone.v1} messages. */
final class ProtoMapping {
  private ProtoMapping() {}

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  static org.chaperone.api.v1.Person person(Person p, Iterable<String> related) {
    org.chaperone.api.v1.Person.Builder b = org.chaperone.api.v1.Person.newBuilder()
        .setName(ResourceNames.person(p.id()))
        .setDisplayName(p.displayName())
        .setRole(switch (p.role()) {
          case STUDENT -> PersonRole.STUDENT;
          case GUARDIAN -> PersonRole.GUARDIAN;
          case TEACHER -> PersonRole.TEACHER;
          case ADMINISTRATOR -> PersonRole.ADMINISTRATOR;
          case STAFF -> PersonRole.STAFF;
        })
        .setEmail(p.email())
        .addAllGrades(p.grades());
    p.schoolIds().forEach(s -> b.addSchools("schools/" + s));
    related.forEach(r -> b.addRelatedPeople(ResourceNames.person(r)));
    return b.build();
  }

  static org.chaperone.api.v1.Class schoolClass(SchoolClass c) {
    return org.chaperone.api.v1.Class.newBuilder()
        .setName("classes/" + c.id())
        .setTitle(c.title())
        .setSchool("schools/" + c.schoolId())
        .setChannel(ResourceNames.channel(c.id()))
        .build();
  }

  static org.chaperone.api.v1.Channel channel(Channel c) {
    return org.chaperone.api.v1.Channel.newBuilder()
        .setName(ResourceNames.channel(c.id()))
        .setKind(switch (c.kind()) {
          case CLASS -> ChannelKind.CLASS;
        })
        .setDisplayName(c.displayName())
        .setClass_(c.classId().isEmpty() ? "" : "classes/" + c.classId())
        .setSchool(c.schoolId().isEmpty() ? "" : "schools/" + c.schoolId())
        .setCreateTime(timestamp(c.createTime()))
        .setMemberCount(c.memberCount())
        .build();
  }

  static Member member(ChannelMember m, String displayName) {
    Member.Builder b = Member.newBuilder()
        .setName(ResourceNames.channel(m.channelId()) + "/members/" + m.personId())
        .setPerson(ResourceNames.person(m.personId()))
        .setDisplayName(displayName)
        .setRole(switch (m.role()) {
          case TEACHER -> MemberRole.MEMBER_TEACHER;
          case STUDENT -> MemberRole.MEMBER_STUDENT;
          case GUARDIAN_OBSERVER -> MemberRole.MEMBER_GUARDIAN_OBSERVER;
        })
        .setCanPost(m.canPost());
    m.observingFor().forEach(s -> b.addObservingFor(ResourceNames.person(s)));
    return b.build();
  }

  static org.chaperone.api.v1.Message message(Message m, String senderDisplayName) {
    return org.chaperone.api.v1.Message.newBuilder()
        .setName(ResourceNames.message(m.channelId(), m.id()))
        .setSender(ResourceNames.person(m.senderId()))
        .setSenderDisplayName(senderDisplayName)
        .setText(m.text())
        .setCreateTime(timestamp(m.createTime()))
        .setChannel(ResourceNames.channel(m.channelId()))
        .setRecipientCount(m.recipientCount())
        .setArchiveIndex(m.archiveIndex())
        .build();
  }
}
