package org.chaperone.store;

import java.util.List;
import java.util.Optional;
import org.chaperone.domain.Channel;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Message;
import org.chaperone.domain.Person;
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

  /** A channel's messages, newest first, with ids below {@code beforeId}. */
  List<Message> messages(String channelId, long beforeId, int limit);

  /**
   * Messages delivered to {@code personId} with ids above {@code afterId}, oldest first;
   * only of {@code channelId} unless it is empty.
   */
  List<Message> inbox(String personId, long afterId, String channelId, int limit);

  /** The id of the newest message delivered to {@code personId}, or 0. */
  long newestInboxId(String personId);

  /** Number of active people in the directory. */
  long peopleCount();

  /** The archive log's size: the number of entries appended so far. */
  long archiveSize();

  /** The email outbox. */
  OutboxReader outbox();
}
