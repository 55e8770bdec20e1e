package org.chaperone.domain;

/** What kind of conversation a channel is. */
public enum ChannelKind {
  /** One per roster class; its members follow the roster. */
  CLASS
}
