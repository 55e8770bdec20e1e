package org.chaperone.policy.content;

/** What a violation of a rule does to a message; the district's policy file chooses. */
public enum Action {
  /** The message is refused; the sender learns why. */
  BLOCK,
  /** The message waits for a school administrator's review. */
  HOLD,
  /** The message is delivered; the violation is recorded with the decision. */
  FLAG,
  /** The rule is not applied. */
  OFF
}
