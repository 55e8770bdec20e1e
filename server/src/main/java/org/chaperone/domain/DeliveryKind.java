package org.chaperone.domain;

/** What a delivery to a person's inbox tells them about a message. */
public enum DeliveryKind {
  /** The message reached them (sent, or released after quiet hours). */
  CREATED,
  /** A message they received was edited. */
  EDITED,
  /** A message they received was retracted. */
  RETRACTED
}
