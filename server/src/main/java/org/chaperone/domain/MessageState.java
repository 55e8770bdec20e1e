package org.chaperone.domain;

/** Whether a message has reached its recipients. */
public enum MessageState {
  /** Delivered to every recipient. */
  DELIVERED,
  /** Accepted and archived, waiting (quiet hours) for its release time; nobody but the sender sees it. */
  HELD
}
