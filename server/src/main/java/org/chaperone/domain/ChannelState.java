package org.chaperone.domain;

/** Where a channel is in its life. Only open channels deliver messages. */
public enum ChannelState {
  /** Waiting for an administrator's approval (group channels). */
  PENDING_APPROVAL,
  OPEN,
  /** The approval was refused; the channel never opened. */
  REJECTED,
  /** Closed: its class left the roster, or an administrator closed it. */
  CLOSED
}
