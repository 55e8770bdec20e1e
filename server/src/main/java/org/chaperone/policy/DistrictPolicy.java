package org.chaperone.policy;

import java.util.Objects;
import org.chaperone.policy.content.ContentPolicySettings;

/**
 * A district's policy, loaded from its policy file. Versioned: every decision records
 * {@link #version()} and {@link #fingerprint()} (the SHA-256 of the file), so a decision can always
 * be traced to the exact settings that produced it (law 9).
 *
 * @param version the version the district gave the file
 * @param fingerprint hex SHA-256 of the file's bytes ("built-in" for the defaults)
 * @param supervision who supervises conversations with students
 * @param quietHours when staff may not message students
 * @param approvalDueDays days an administrator has to answer an approval request (P001-authorization)
 * @param directNeedsApproval whether direct conversations, like groups, need an approval first
 * @param content the content policy's settings: the file's {@code content.} keys (ADR 52)
 * @param retention how long each kind of archive record is kept: the file's {@code retention.}
 *     keys (ADR 24)
 */
public record DistrictPolicy(
    String version,
    String fingerprint,
    SupervisionPolicy supervision,
    QuietHours quietHours,
    int approvalDueDays,
    boolean directNeedsApproval,
    ContentPolicySettings content,
    RetentionPolicy retention) {

  public DistrictPolicy {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(supervision, "supervision");
    Objects.requireNonNull(quietHours, "quietHours");
    if (approvalDueDays < 1) {
      throw new IllegalArgumentException("approvals.due-days must be at least 1");
    }
    content = Objects.requireNonNullElseGet(content, ContentPolicySettings::defaults);
    retention = Objects.requireNonNullElse(retention, RetentionPolicy.KEEP_EVERYTHING);
  }

  /** A policy that keeps every record permanently. */
  public DistrictPolicy(String version, String fingerprint, SupervisionPolicy supervision,
      QuietHours quietHours, int approvalDueDays, boolean directNeedsApproval,
      ContentPolicySettings content) {
    this(version, fingerprint, supervision, quietHours, approvalDueDays, directNeedsApproval,
        content, RetentionPolicy.KEEP_EVERYTHING);
  }

  /** A policy with the default content settings that keeps every record permanently. */
  public DistrictPolicy(String version, String fingerprint, SupervisionPolicy supervision,
      QuietHours quietHours, int approvalDueDays, boolean directNeedsApproval) {
    this(version, fingerprint, supervision, quietHours, approvalDueDays, directNeedsApproval,
        ContentPolicySettings.defaults());
  }

  /** The policy used when the district gives no file. */
  public static final DistrictPolicy DEFAULT = new DistrictPolicy("built-in-1", "built-in",
      SupervisionPolicy.DEFAULT, QuietHours.NONE, 7, false);

  /** This policy without quiet hours (to judge whether a conversation can be supervised at all). */
  public DistrictPolicy withoutQuietHours() {
    return new DistrictPolicy(version, fingerprint, supervision, QuietHours.NONE, approvalDueDays,
        directNeedsApproval, content, retention);
  }

  /** "version (fingerprint prefix)", as decisions record it. */
  public String label() {
    return version + "@" + (fingerprint.length() > 12 ? fingerprint.substring(0, 12) : fingerprint);
  }
}
