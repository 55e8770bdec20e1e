package org.chaperone.client;

/**
 * The {@code ErrorInfo} reasons of the gateway (domain {@value ChaperoneException#ERROR_DOMAIN}),
 * to compare with {@link ChaperoneException#reason()}. The API contract ({@code proto/README.md}
 * in the {@code chaperone-proto} jar's project) says what each means and what a client should do.
 * Reasons are never renamed; the gateway may add new ones, so treat an unknown reason by its
 * {@link ChaperoneException#code() code}.
 */
public final class ErrorReasons {
  /** A field is missing or malformed; see {@link ChaperoneException#fieldViolations()}. */
  public static final String INVALID_FIELD = "INVALID_FIELD";
  /** The message text exceeds the gateway's limit (metadata {@code limit_bytes}). */
  public static final String TEXT_TOO_LONG = "TEXT_TOO_LONG";
  /** The page token was not issued for this request. */
  public static final String INVALID_PAGE_TOKEN = "INVALID_PAGE_TOKEN";
  /** The stream cursor was not issued by this gateway. */
  public static final String INVALID_CURSOR = "INVALID_CURSOR";
  /** The roster bundle was rejected whole; the field violations name file, line and column. */
  public static final String ROSTER_INVALID = "ROSTER_INVALID";
  /** No bearer token was sent. */
  public static final String TOKEN_MISSING = "TOKEN_MISSING";
  /** The token's signature, issuer, audience or format is wrong. */
  public static final String TOKEN_INVALID = "TOKEN_INVALID";
  /** The token has expired. */
  public static final String TOKEN_EXPIRED = "TOKEN_EXPIRED";
  /** The token names nobody active in the directory. */
  public static final String UNKNOWN_PERSON = "UNKNOWN_PERSON";
  /** The caller is not in the channel or class. */
  public static final String NOT_A_MEMBER = "NOT_A_MEMBER";
  /** The caller may read the channel but not post in it. */
  public static final String POSTING_NOT_ALLOWED = "POSTING_NOT_ALLOWED";
  /** Only administrators may do this. */
  public static final String ADMINISTRATOR_REQUIRED = "ADMINISTRATOR_REQUIRED";
  /** The caller shares no channel or guardian link with the person. */
  public static final String PERSON_NOT_VISIBLE = "PERSON_NOT_VISIBLE";
  /** No such channel. */
  public static final String CHANNEL_NOT_FOUND = "CHANNEL_NOT_FOUND";
  /** No such message. */
  public static final String MESSAGE_NOT_FOUND = "MESSAGE_NOT_FOUND";
  /** No such person. */
  public static final String PERSON_NOT_FOUND = "PERSON_NOT_FOUND";
  /** No such class. */
  public static final String CLASS_NOT_FOUND = "CLASS_NOT_FOUND";
  /** The request id was used by this sender for a different message (metadata {@code message}). */
  public static final String REQUEST_ID_REUSED = "REQUEST_ID_REUSED";
  /** The channel's class left the roster. */
  public static final String CHANNEL_CLOSED = "CHANNEL_CLOSED";
  /**
   * A student in the conversation has no supervisor (guardian or second staff member); nothing was
   * delivered (metadata {@code unsupervised_students}).
   */
  public static final String SUPERVISOR_REQUIRED = "SUPERVISOR_REQUIRED";
  /**
   * The district's content policy refused the message; see {@link
   * ChaperoneException#policyViolations()}.
   */
  public static final String POLICY_VIOLATION = "POLICY_VIOLATION";
  /** Only the message's sender may edit it (or, besides school administrators, retract it). */
  public static final String NOT_MESSAGE_SENDER = "NOT_MESSAGE_SENDER";
  /** The message was retracted: it cannot be edited or retracted again. */
  public static final String MESSAGE_RETRACTED = "MESSAGE_RETRACTED";
  /** Editing a delivered message now would reach students during quiet hours (metadata {@code hold_until}). */
  public static final String QUIET_HOURS = "QUIET_HOURS";
  /** No such legal hold. */
  public static final String LEGAL_HOLD_NOT_FOUND = "LEGAL_HOLD_NOT_FOUND";
  /** The legal hold was already released. */
  public static final String LEGAL_HOLD_RELEASED = "LEGAL_HOLD_RELEASED";
  /** The archive store cannot take writes now; nothing was committed. Retried by the client. */
  public static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";
  /** Unexpected; the gateway logged it under {@link ChaperoneException#requestId()}. */
  public static final String INTERNAL = "INTERNAL";

  private ErrorReasons() {}
}
