package org.chaperone.domain;

/** Whether a message has reached its recipients, and if not, why. */
public enum MessageState {
  /** Delivered to every recipient. */
  DELIVERED,
  /** Accepted and archived, waiting (quiet hours) for its release time; nobody but the sender sees it. */
  HELD,
  /**
   * Accepted and archived, held by the content policy until an administrator of the channel's
   * school releases or rejects it; nobody but the sender and the school's reviewers sees it.
   */
  PENDING_REVIEW,
  /** Held for review and rejected by a reviewer: archived, never delivered. */
  REJECTED,
  /** Refused by the content policy: archived with its decision, never delivered. */
  BLOCKED
}
