package org.chaperone.outbox;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import org.chaperone.domain.Role;

/**
 * The district's rules for email copies (board policy P003-copy).
 *
 * <p>Who receives copies: every recipient of a message who is a guardian, or a staff member, and
 * whose delivery is not {@link CopyDelivery#NONE}. Without a stored preference, guardians and
 * staff observers (staff members in the channel who cannot post: they are there to supervise)
 * receive each message; staff participants read through the API and receive none. Students never
 * receive email copies: they are participants, and the district does not email students outside
 * its own tools (P000-personal-email).
 *
 * @param allowOptOut whether guardians and staff may choose {@link CopyDelivery#NONE}; when false,
 *     a stored NONE counts as the default
 * @param zone the district's time zone: digests follow its days, emails show its local times
 * @param digestTime the local time digests go out; a digest holds the copies of the 24 hours
 *     before it
 * @param conversationUrl where people read a conversation: a URL with {@code {channel}} and
 *     {@code {message}} placeholders, or empty to tell them to open the district's Chaperone app
 */
public record CopyPolicy(boolean allowOptOut, ZoneId zone, LocalTime digestTime,
    String conversationUrl) {

  public CopyPolicy {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(digestTime, "digestTime");
    conversationUrl = Objects.requireNonNullElse(conversationUrl, "");
  }

  /** No opt-out, UTC, digests at 18:00, no conversation URL. */
  public static CopyPolicy defaults() {
    return new CopyPolicy(false, ZoneId.of("UTC"), LocalTime.of(18, 0), "");
  }

  /** Whether a person in {@code role} may receive email copies at all. */
  public static boolean mayReceiveCopies(Role role) {
    return role == Role.GUARDIAN || role.isStaff();
  }

  /** The delivery that applies to {@code a}, or NONE when they receive no email copies. */
  public CopyDelivery effectiveDelivery(Addressee a) {
    Role role = a.person().role();
    if (!mayReceiveCopies(role)) {
      return CopyDelivery.NONE;
    }
    CopyDelivery fallback = role == Role.GUARDIAN
        || a.membership().map(m -> !m.canPost()).orElse(false)
        ? CopyDelivery.EACH_MESSAGE : CopyDelivery.NONE;
    CopyDelivery chosen = a.preference().orElse(fallback);
    if (chosen == CopyDelivery.NONE && !allowOptOut) {
      // Why: a copy the district requires cannot be switched off by a stored preference once the
      // policy stops allowing it; the default applies again.
      return fallback;
    }
    return chosen;
  }

  /** The first digest time strictly after {@code t}: when a copy made at {@code t} goes out. */
  public Instant digestDue(Instant t) {
    ZonedDateTime local = t.atZone(zone);
    ZonedDateTime due = local.toLocalDate().atTime(digestTime).atZone(zone);
    if (!due.isAfter(local)) {
      due = local.toLocalDate().plusDays(1).atTime(digestTime).atZone(zone);
    }
    return due.toInstant();
  }

  /** The link to a conversation, or empty when none is configured. */
  public String conversationLink(String channelId, long messageId) {
    if (conversationUrl.isEmpty()) {
      return "";
    }
    return conversationUrl.replace("{channel}", urlEncode(channelId))
        .replace("{message}", Long.toString(messageId));
  }

  private static String urlEncode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
