package org.chaperone.transport.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.chaperone.api.v1.ChannelKind;
import org.chaperone.api.v1.Member;
import org.chaperone.api.v1.MemberRole;
import org.chaperone.api.v1.PersonRole;
import org.chaperone.api.v1.ContentViolation;
import org.chaperone.api.v1.TextSpan;
import org.chaperone.domain.ApprovalRequest;
import org.chaperone.domain.Attachment;
import org.chaperone.domain.Review;
import org.chaperone.messaging.ContentVerdict;
import org.chaperone.policy.content.Span;
import org.chaperone.policy.content.Violation;
import org.chaperone.domain.Channel;
import org.chaperone.domain.MessageState;
import org.chaperone.supervision.SupervisionDecision;
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
          case GROUP -> ChannelKind.GROUP;
          case DIRECT -> ChannelKind.DIRECT;
        })
        .setDisplayName(c.displayName())
        .setClass_(c.classId().isEmpty() ? "" : "classes/" + c.classId())
        .setSchool(c.schoolId().isEmpty() ? "" : "schools/" + c.schoolId())
        .setCreateTime(timestamp(c.createTime()))
        .setMemberCount(c.memberCount())
        .setState(switch (c.state()) {
          case PENDING_APPROVAL -> org.chaperone.api.v1.ChannelState.PENDING_APPROVAL;
          case OPEN -> org.chaperone.api.v1.ChannelState.OPEN;
          case REJECTED -> org.chaperone.api.v1.ChannelState.REJECTED;
          case CLOSED -> org.chaperone.api.v1.ChannelState.CLOSED;
        })
        .setOwner(c.ownerId().isEmpty() ? "" : ResourceNames.person(c.ownerId()))
        .setPurpose(c.purpose())
        .build();
  }

  static Member member(ChannelMember m, String displayName) {
    Member.Builder b = Member.newBuilder()
        .setName(ResourceNames.channel(m.channelId()) + "/members/" + m.personId())
        .setPerson(ResourceNames.person(m.personId()))
        .setDisplayName(displayName)
        .setRole(memberRole(m.role()))
        .setCanPost(m.canPost());
    m.observingFor().forEach(s -> b.addObservingFor(ResourceNames.person(s)));
    return b.build();
  }

  static MemberRole memberRole(org.chaperone.domain.MemberRole role) {
    return switch (role) {
      case TEACHER -> MemberRole.MEMBER_TEACHER;
      case STUDENT -> MemberRole.MEMBER_STUDENT;
      case GUARDIAN_OBSERVER -> MemberRole.MEMBER_GUARDIAN_OBSERVER;
      case STAFF_SUPERVISOR -> MemberRole.MEMBER_STAFF_SUPERVISOR;
    };
  }

  static org.chaperone.api.v1.SupervisionDecision decision(SupervisionDecision d) {
    org.chaperone.api.v1.SupervisionDecision.Builder b = org.chaperone.api.v1.SupervisionDecision.newBuilder()
        .setOutcome(switch (d.outcome()) {
          case DELIVER -> org.chaperone.api.v1.SupervisionDecision.Outcome.DELIVER;
          case HOLD -> org.chaperone.api.v1.SupervisionDecision.Outcome.HOLD;
          case REFUSE -> org.chaperone.api.v1.SupervisionDecision.Outcome.REFUSE;
        })
        .setRefusalReason(d.refusal() == null ? "" : d.refusal().name())
        .setExplanation(d.explanation())
        .setPolicyClause(d.policyClause())
        .setEmergencyOverride(d.emergencyOverride())
        .setPolicyVersion(d.policyVersion());
    if (d.holdUntil() != null) {
      b.setHoldUntil(timestamp(d.holdUntil()));
    }
    d.unsupervisedStudents().forEach(s -> b.addUnsupervisedStudents(ResourceNames.person(s)));
    for (SupervisionDecision.Supervisor s : d.supervisors()) {
      org.chaperone.api.v1.SupervisionDecision.Supervisor.Builder sb =
          org.chaperone.api.v1.SupervisionDecision.Supervisor.newBuilder()
              .setPerson(ResourceNames.person(s.personId())).setRole(memberRole(s.role()));
      s.forStudents().forEach(st -> sb.addForStudents(ResourceNames.person(st)));
      b.addSupervisors(sb);
    }
    return b.build();
  }

  static org.chaperone.api.v1.ApprovalRequest approval(ApprovalRequest a) {
    org.chaperone.api.v1.ApprovalRequest.Builder b = org.chaperone.api.v1.ApprovalRequest.newBuilder()
        .setName("approvals/" + a.id())
        .setKind(org.chaperone.api.v1.ApprovalRequest.Kind.valueOf(a.kind().name()))
        .setRequester(ResourceNames.person(a.requesterId()))
        .setSchool(a.schoolId().isEmpty() ? "" : "schools/" + a.schoolId())
        .setChannel(a.channelId().isEmpty() ? "" : ResourceNames.channel(a.channelId()))
        .setPurpose(a.purpose())
        .setObjectives(a.objectives())
        .setState(org.chaperone.api.v1.ApprovalRequest.State.valueOf(a.state().name()))
        .setExplanation(a.explanation())
        .setLimits(a.limits())
        .setDecidedBy(a.decidedBy().isEmpty() ? "" : ResourceNames.person(a.decidedBy()))
        .setCreateTime(timestamp(a.createTime()))
        .setDueTime(timestamp(a.dueTime()));
    if (a.state().decided()) {
      b.setDecideTime(timestamp(a.decideTime()));
    }
    return b.build();
  }

  /** A message with its display name and the people who also read the conversation. */
  static org.chaperone.api.v1.Message message(Message m, String senderDisplayName,
      Iterable<String> alsoVisibleTo) {
    org.chaperone.api.v1.Message.Builder b = message(m, senderDisplayName).toBuilder();
    alsoVisibleTo.forEach(p -> b.addAlsoVisibleTo(ResourceNames.person(p)));
    return b.build();
  }

  static org.chaperone.api.v1.Message message(Message m, String senderDisplayName) {
    org.chaperone.api.v1.Message.Builder b = org.chaperone.api.v1.Message.newBuilder()
        .setName(ResourceNames.message(m.channelId(), m.id()))
        .setSender(ResourceNames.person(m.senderId()))
        .setSenderDisplayName(senderDisplayName)
        .setText(m.text())
        .setCreateTime(timestamp(m.createTime()))
        .setChannel(ResourceNames.channel(m.channelId()))
        .setRecipientCount(m.recipientCount())
        .setArchiveIndex(m.archiveIndex())
        .setState(state(m.state()))
        .setEmergency(m.emergency());
    if (m.state() == MessageState.HELD) {
      b.setReleaseTime(timestamp(m.releaseTime()));
    }
    b.setVersion(m.version());
    if (m.version() > 1) {
      b.setEditTime(timestamp(m.editTime()));
    }
    if (m.retracted()) {
      b.setRetraction(org.chaperone.api.v1.Retraction.newBuilder()
          .setRetractTime(timestamp(m.retractTime()))
          .setRetractedBy(ResourceNames.person(m.retractedBy())));
    }
    for (Attachment a : m.attachments()) {
      org.chaperone.api.v1.AttachmentDeclaration.Builder ab = org.chaperone.api.v1.AttachmentDeclaration
          .newBuilder().setFileName(a.fileName()).setContentType(a.contentType());
      a.depictedStudentIds().forEach(id -> ab.addDepictedStudents(ResourceNames.person(id)));
      b.addAttachments(ab);
    }
    return b.build();
  }

  static org.chaperone.api.v1.MessageState state(MessageState state) {
    return switch (state) {
      case DELIVERED -> org.chaperone.api.v1.MessageState.DELIVERED;
      case HELD -> org.chaperone.api.v1.MessageState.HELD;
      case PENDING_REVIEW -> org.chaperone.api.v1.MessageState.PENDING_REVIEW;
      case REJECTED -> org.chaperone.api.v1.MessageState.REJECTED_IN_REVIEW;
      case BLOCKED -> org.chaperone.api.v1.MessageState.BLOCKED;
    };
  }

  /**
   * {@code view} with what only the sender and the school's reviewers see: the content policy's
   * decision and the review.
   */
  static org.chaperone.api.v1.Message withContentReview(org.chaperone.api.v1.Message view, Message m) {
    org.chaperone.api.v1.Message.Builder b = view.toBuilder();
    ContentVerdict.fromJson(m.contentDecision()).ifPresent(v -> b.setContentDecision(contentDecision(v)));
    if (m.review().decided()) {
      b.setReview(org.chaperone.api.v1.MessageReview.newBuilder()
          .setOutcome(m.review().outcome() == Review.Outcome.RELEASED
              ? org.chaperone.api.v1.MessageReview.Outcome.RELEASED
              : org.chaperone.api.v1.MessageReview.Outcome.REJECTED)
          .setReviewer(ResourceNames.person(m.review().reviewerId()))
          .setReason(m.review().reason())
          .setDecideTime(timestamp(m.review().time())));
    }
    return b.build();
  }

  static org.chaperone.api.v1.ContentDecision contentDecision(ContentVerdict verdict) {
    org.chaperone.api.v1.ContentDecision.Builder b = org.chaperone.api.v1.ContentDecision.newBuilder()
        .setOutcome(switch (verdict.decision().outcome()) {
          case ALLOW -> org.chaperone.api.v1.ContentDecision.Outcome.ALLOW;
          case HOLD -> org.chaperone.api.v1.ContentDecision.Outcome.HOLD;
          case BLOCK -> org.chaperone.api.v1.ContentDecision.Outcome.BLOCK;
        })
        .setPolicyVersion(verdict.policyVersion());
    for (Violation v : verdict.decision().violations()) {
      ContentViolation.Builder vb = ContentViolation.newBuilder()
          .setRule(v.rule().id())
          .setClause(v.clause())
          .setSeverity(ContentViolation.Severity.valueOf(v.severity().name()))
          .setAction(ContentViolation.Action.valueOf(v.action().name()))
          .setExplanation(v.explanation())
          .setAttachment(v.attachment());
      for (Span span : v.spans()) {
        vb.addSpans(TextSpan.newBuilder().setStart(span.start()).setEnd(span.end())
            .setExcerpt(span.excerpt()));
      }
      b.addViolations(vb);
    }
    return b.build();
  }
}
