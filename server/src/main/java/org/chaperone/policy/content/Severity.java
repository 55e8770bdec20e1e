package org.chaperone.policy.content;

/** How serious a violation is. Harassment actions are chosen per severity. */
public enum Severity {
  /** Mild language (e.g. "stupid", "crap") not aimed at anyone. */
  LOW,
  /** Insults aimed at a person, uncertain signals. */
  MEDIUM,
  /** Profanity, strong signals. */
  HIGH,
  /** Slurs, threats, contact details: no benign reading. */
  SEVERE
}
