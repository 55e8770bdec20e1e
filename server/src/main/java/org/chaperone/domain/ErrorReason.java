package org.chaperone.domain;

/**
 * Why a request was refused: the {@code reason} of the {@code google.rpc.ErrorInfo} clients
 * receive. Clients switch on these names, so they are part of the API (listed in
 * {@code proto/README.md}): never rename one.
 */
public enum ErrorReason {
  /** One or more fields are missing or malformed; see the field violations. */
  INVALID_FIELD(Kind.INVALID),
  /** The message text is longer than the gateway allows. */
  TEXT_TOO_LONG(Kind.INVALID),
  /** A page token was not issued for this request. */
  INVALID_PAGE_TOKEN(Kind.INVALID),
  /** A stream cursor was not issued by this gateway. */
  INVALID_CURSOR(Kind.INVALID),
  /** The roster bundle is malformed; nothing was imported. */
  ROSTER_INVALID(Kind.INVALID),
  /** No bearer token was sent. */
  TOKEN_MISSING(Kind.UNAUTHENTICATED),
  /** The token's signature, issuer, audience or format is wrong. */
  TOKEN_INVALID(Kind.UNAUTHENTICATED),
  /** The token has expired. */
  TOKEN_EXPIRED(Kind.UNAUTHENTICATED),
  /** The token is valid but names nobody in the directory. */
  UNKNOWN_PERSON(Kind.UNAUTHENTICATED),
  /** The caller is not a member of the channel. */
  NOT_A_MEMBER(Kind.DENIED),
  /** The caller may read the channel but not post in it. */
  POSTING_NOT_ALLOWED(Kind.DENIED),
  /** Only administrators may do this. */
  ADMINISTRATOR_REQUIRED(Kind.DENIED),
  /** The caller may not see this person. */
  PERSON_NOT_VISIBLE(Kind.DENIED),
  /** No such channel. */
  CHANNEL_NOT_FOUND(Kind.NOT_FOUND),
  /** No such message. */
  MESSAGE_NOT_FOUND(Kind.NOT_FOUND),
  /** No such person. */
  PERSON_NOT_FOUND(Kind.NOT_FOUND),
  /** No such class. */
  CLASS_NOT_FOUND(Kind.NOT_FOUND),
  /** The caller named an administrator read without saying why (P000-monitoring). */
  OVERSIGHT_REASON_REQUIRED(Kind.INVALID),
  /** An approval answer other than a plain approval needs a written explanation (P001-authorization). */
  EXPLANATION_REQUIRED(Kind.INVALID),
  /** Staff may reach a student only through a rostered relationship (P000-friending). */
  NO_RELATIONSHIP(Kind.DENIED),
  /** Supervisors are added by the gateway and cannot be removed by participants (P003-copy). */
  SUPERVISOR_NOT_REMOVABLE(Kind.DENIED),
  /** The caller's role may not override quiet hours (P000-time-place-manner). */
  EMERGENCY_NOT_ALLOWED(Kind.DENIED),
  /** Only district staff may do this (start conversations, own channels: P002-maintainer). */
  STAFF_REQUIRED(Kind.DENIED),
  /** Only the channel's owner or an administrator of its school may do this. */
  NOT_CHANNEL_OWNER(Kind.DENIED),
  /** Class channel membership follows the roster; change it in the SIS. */
  ROSTER_MANAGED(Kind.PRECONDITION),
  /** The caller may not decide this approval (only an administrator of its school). */
  APPROVER_REQUIRED(Kind.DENIED),
  /** No such approval request. */
  APPROVAL_NOT_FOUND(Kind.NOT_FOUND),
  /** The approval request was already answered. */
  APPROVAL_ALREADY_DECIDED(Kind.PRECONDITION),
  /** The channel waits for an administrator's approval; nothing can be sent yet. */
  CHANNEL_PENDING_APPROVAL(Kind.PRECONDITION),
  /** Students may message each other only where a staff member is in the channel. */
  STAFF_MEMBER_REQUIRED(Kind.PRECONDITION),
  /** The integration's client id or secret is wrong. */
  INTEGRATION_CREDENTIALS_INVALID(Kind.UNAUTHENTICATED),
  /** The integration is not approved (pending, rejected or revoked). */
  INTEGRATION_NOT_APPROVED(Kind.DENIED),
  /** The integration is approved, but not for this operation, school or person. */
  INTEGRATION_LIMIT_EXCEEDED(Kind.DENIED),
  /** An integration's call must name the staff member it acts for (x-on-behalf-of). */
  ON_BEHALF_OF_REQUIRED(Kind.UNAUTHENTICATED),
  /** Too many calls from this integration or sender; retry after the RetryInfo delay. */
  RATE_LIMITED(Kind.EXHAUSTED),
  /**
   * The caller (or the whole gateway) already runs as many calls of this method as allowed at
   * once (open message streams, productions); retry after one ends.
   */
  TOO_MANY_CONCURRENT_CALLS(Kind.EXHAUSTED),
  /** The request id was already used by this sender for a different message. */
  REQUEST_ID_REUSED(Kind.CONFLICT),
  /** The channel is closed (its class left the roster). */
  CHANNEL_CLOSED(Kind.PRECONDITION),
  /**
   * The conversation has no supervisor (guardian or second staff member) for a student in it;
   * nothing was delivered (board policies P003-copy, P000-one-to-one).
   */
  SUPERVISOR_REQUIRED(Kind.PRECONDITION),
  /**
   * The district's content policy blocks the message (ADR 33): {@code ErrorInfo.metadata} lists
   * every violation as {@code violation_<i>_rule}, {@code _clause}, {@code _explanation} and
   * {@code _spans}, plus {@code policy_version}. The blocked message is archived.
   */
  POLICY_VIOLATION(Kind.PRECONDITION),
  /** Only an administrator of the channel's school may review its held messages. */
  REVIEWER_REQUIRED(Kind.DENIED),
  /** The held message was already released or rejected; it can be decided once. */
  REVIEW_ALREADY_DECIDED(Kind.PRECONDITION),
  /** The message was not held for review (it was delivered, blocked or is waiting for quiet hours). */
  NOT_AWAITING_REVIEW(Kind.PRECONDITION),
  /**
   * Only records officers may do this (search and view archived records); checkpoints and proofs
   * are also open to administrators.
   */
  RECORDS_OFFICER_REQUIRED(Kind.DENIED),
  /** No archive record (log entry) with this index. */
  RECORD_NOT_FOUND(Kind.NOT_FOUND),
  /** No checkpoint was signed at this tree size. */
  CHECKPOINT_NOT_FOUND(Kind.NOT_FOUND),
  /** No such records request. */
  RECORDS_REQUEST_NOT_FOUND(Kind.NOT_FOUND),
  /** The records request is closed; it cannot be closed again. */
  RECORDS_REQUEST_CLOSED(Kind.PRECONDITION),
  /** The request's scope matches more records than one production may hold; narrow it. */
  PRODUCTION_TOO_LARGE(Kind.PRECONDITION),
  /**
   * The stored archive no longer matches a checkpoint it signed; the gateway signs nothing until
   * an operator runs {@code chaperone archive verify}.
   */
  ARCHIVE_INCONSISTENT(Kind.INTERNAL),
  /** Only a message's sender may do this (edit it; retract it, besides school administrators). */
  NOT_MESSAGE_SENDER(Kind.DENIED),
  /** The message was retracted; it can no longer be edited or retracted. */
  MESSAGE_RETRACTED(Kind.PRECONDITION),
  /**
   * An edit of a delivered message would reach students during quiet hours
   * (P000-time-place-manner); edit it once they end.
   */
  QUIET_HOURS(Kind.PRECONDITION),
  /**
   * The message was held for review, rejected or blocked by the content policy: it cannot be
   * edited; send a new message.
   */
  MESSAGE_NOT_EDITABLE(Kind.PRECONDITION),
  /** No such legal hold. */
  LEGAL_HOLD_NOT_FOUND(Kind.NOT_FOUND),
  /** The legal hold was already released. */
  LEGAL_HOLD_RELEASED(Kind.PRECONDITION),
  /** The store cannot take writes right now; retry with the same request id. */
  STORE_UNAVAILABLE(Kind.UNAVAILABLE),
  /** An unexpected error; the server logged it under the request id. */
  INTERNAL(Kind.INTERNAL);

  /** The class of failure, which the transport maps to a status code. */
  public enum Kind {
    INVALID,
    UNAUTHENTICATED,
    DENIED,
    NOT_FOUND,
    CONFLICT,
    PRECONDITION,
    UNAVAILABLE,
    EXHAUSTED,
    INTERNAL
  }

  private final Kind kind;

  ErrorReason(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
