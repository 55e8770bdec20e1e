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
