package org.chaperone.store;

import java.util.List;
import java.util.Optional;
import org.chaperone.domain.ApprovalRequest;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Integration;
import org.chaperone.domain.DeliveryKind;
import org.chaperone.domain.Message;
import org.chaperone.domain.Notice;
import org.chaperone.domain.Person;
import org.chaperone.domain.PersonFlags;
import org.chaperone.domain.SchoolClass;

/** Queries over committed data. Thread-safe. */
public interface StoreReader {

  /** An active person. */
  Optional<Person> person(String id);

  /** An active person by district email address (case-insensitive). */
  Optional<Person> personByEmail(String email);

  /** The links where {@code personId} is the guardian or the student. */
  List<GuardianLink> guardianLinks(String personId);

  /** True when both people are members of one channel. */
  boolean shareChannel(String personId, String otherPersonId);

  /** An active class. */
  Optional<SchoolClass> schoolClass(String id);

  /** A channel, active or not. */
  Optional<Channel> channel(String id);

  /** {@code personId}'s membership of {@code channelId}. */
  Optional<ChannelMember> member(String channelId, String personId);

  /** The active channels {@code personId} belongs to, ordered by id, after {@code afterId}. */
  List<Channel> channelsOf(String personId, String afterId, int limit);

  /** A channel's members ordered by person id, after {@code afterPersonId}. */
  List<ChannelMember> members(String channelId, String afterPersonId, int limit);

  /** A message. */
  Optional<Message> message(long id);

  /**
   * A channel's messages, newest first, with ids below {@code beforeId}: the delivered ones, and
   * the held ones only when {@code viewerId} sent them (or {@code viewerId} is empty: every one).
   */
  List<Message> messages(String channelId, long beforeId, int limit, String viewerId);

  /**
   * Messages delivered to {@code personId} after delivery position {@code afterDeliveryId}, in
   * delivery (commit) order; only of {@code channelId} unless it is empty.
   */
  List<Delivery> inbox(String personId, long afterDeliveryId, String channelId, int limit);

  /** The newest delivery position of {@code personId}'s inbox, or 0. */
  long newestInboxId(String personId);

  /**
   * A message in a person's inbox, its position there (the stream cursor), and what the delivery
   * tells: the message arrived, was edited, or was retracted.
   */
  record Delivery(long deliveryId, Message message, DeliveryKind kind) {
    public Delivery {
      java.util.Objects.requireNonNull(kind, "kind");
    }

    /** The arrival of a message. */
    public Delivery(long deliveryId, Message message) {
      this(deliveryId, message, DeliveryKind.CREATED);
    }
  }

  /** The district's flags for a person. */
  PersonFlags flags(String personId);

  /** Every active student with the district's flags for them (media releases), by id. */
  List<FlaggedPerson> students();

  /** A person with the district's flags for them. */
  record FlaggedPerson(Person person, PersonFlags flags) {}

  /**
   * The directory's version: the archive index of the latest roster or override-file import
   * (both archive under the subject {@code roster}), or -1 before the first. Every change to
   * people, their names or their flags comes with such an import, so a read model built from the
   * directory is current as long as this has not changed — also when another process (a
   * command-line import, another gateway node) imported.
   */
  long directoryVersion();

  /**
   * Messages waiting for review (and not retracted by their sender) in channels of
   * {@code schoolIds}, oldest first, with ids above {@code afterId}.
   */
  List<Message> messagesAwaitingReview(java.util.Collection<String> schoolIds, long afterId, int limit);

  /** An approval request. */
  Optional<ApprovalRequest> approval(String id);

  /**
   * Approval requests, oldest due first: of {@code schoolId} (every school when empty), only
   * undecided ones when {@code openOnly}, only those due before {@code dueBefore} when not null.
   */
  List<ApprovalRequest> approvals(String schoolId, boolean openOnly, java.time.Instant dueBefore, int limit);

  /** An integration by client id. */
  Optional<Integration> integration(String id);

  /** Every registered integration, by id. */
  List<Integration> integrations();

  /** Notices owed to a person, oldest first. */
  List<Notice> notices(String personId);

  /** Number of active people in the directory. */
  long peopleCount();

  /** The archive log's size: the number of entries appended so far. */
  long archiveSize();

  /** The email outbox. */
  OutboxReader outbox();
}
