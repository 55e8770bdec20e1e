/**
 * The content-policy engine: decides, before delivery, whether a draft message may be delivered
 * ({@link org.chaperone.policy.content.ContentDecision.Outcome#ALLOW ALLOW}), must wait for a
 * school administrator's review ({@code HOLD}) or is refused ({@code BLOCK}).
 *
 * <p>Pure: {@link org.chaperone.policy.content.ContentPolicy#evaluate ContentPolicy.evaluate} is a
 * function of the draft, the directory names it is given, the settings and the instant it is
 * given; it performs no I/O. Every {@link org.chaperone.policy.content.Violation} names its rule,
 * the board-policy clause it enforces and the offending spans as offsets into the original text,
 * even when the text was normalised to defeat evasion (see {@link
 * org.chaperone.policy.content.TextNormalizer}).
 */
package org.chaperone.policy.content;
