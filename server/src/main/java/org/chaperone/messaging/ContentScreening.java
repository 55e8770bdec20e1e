package org.chaperone.messaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.chaperone.domain.Attachment;
import org.chaperone.domain.Caller;
import org.chaperone.domain.ChannelMember;
import org.chaperone.domain.Role;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.policy.content.AttachmentDeclaration;
import org.chaperone.policy.content.ContentDraft;
import org.chaperone.policy.content.ContentPolicy;
import org.chaperone.policy.content.Participant;
import org.chaperone.policy.content.StudentDirectory;
import org.chaperone.store.StoreReader;

/**
 * Puts the district's content policy in front of sending (ADR 50, "How it plugs into sending";
 * ADR 53): one {@link ContentPolicy} per policy version, built from the policy file's
 * {@code content.} keys, and one {@link StudentDirectory} (students' names and media releases)
 * per directory version ({@link StoreReader#directoryVersion()}), both cached. A roster or
 * override-file import gives the directory a new version, so the next send builds a new
 * directory — whichever process imported.
 *
 * <p>Caches hold read models only, never authorization outcomes. Thread-safe.
 */
public final class ContentScreening {
  private final StoreReader reader;
  private final Supplier<DistrictPolicy> policy;
  private final Cache<String, ContentPolicy> engines = Caffeine.newBuilder().maximumSize(4).build();
  private final Cache<Long, StudentDirectory> directories = Caffeine.newBuilder().maximumSize(2).build();

  public ContentScreening(StoreReader reader, Supplier<DistrictPolicy> policy) {
    this.reader = reader;
    this.policy = policy;
  }

  /** The engine and directory to judge with now. */
  public Screen current() {
    DistrictPolicy p = policy.get();
    ContentPolicy engine = engines.get(p.label(), label -> new ContentPolicy(p.content()));
    // The version is read before the students, so a directory is never older than its key.
    long version = reader.directoryVersion();
    StudentDirectory directory = directories.get(version, v -> StudentDirectory.of(
        reader.students().stream().map(s -> new StudentDirectory.Student(s.person().id(),
            s.person().givenName(), s.person().familyName(), s.flags().mediaRelease())).toList()));
    return new Screen(engine, directory, p.label());
  }

  /**
   * A content policy with the directory it judges against and the policy version it records.
   * Evaluating is pure: no I/O.
   */
  public record Screen(ContentPolicy engine, StudentDirectory directory, String policyVersion) {
    /**
     * The verdict on {@code text} and {@code attachments} from {@code sender} to every member of
     * the channel but the sender (supervisors included), as of {@code now}.
     */
    public ContentVerdict evaluate(Caller sender, String text, List<Attachment> attachments,
        List<ChannelMember> members, Instant now) {
      List<Participant> recipients = members.stream()
          .filter(m -> !m.personId().equals(sender.personId()))
          .map(m -> new Participant(m.personId(), role(m))).toList();
      List<AttachmentDeclaration> declared = attachments.stream()
          .map(a -> new AttachmentDeclaration(a.fileName(), a.depictedStudentIds())).toList();
      ContentDraft draft = new ContentDraft(text, new Participant(sender.personId(), sender.role()),
          recipients, declared);
      return new ContentVerdict(engine.evaluate(draft, directory, now), policyVersion);
    }

    /**
     * The directory role a member stands for. The content rules distinguish students, guardians
     * and staff, which a member's role in the channel already tells.
     */
    private static Role role(ChannelMember m) {
      return switch (m.role()) {
        case STUDENT -> Role.STUDENT;
        case GUARDIAN_OBSERVER -> Role.GUARDIAN;
        case TEACHER -> Role.TEACHER;
        case STAFF_SUPERVISOR -> Role.STAFF;
      };
    }
  }
}
