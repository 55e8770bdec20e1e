package org.chaperone.domain;

import java.util.List;
import java.util.Map;

/**
 * A request refused for a reason the client can act on. The transport turns it into a
 * {@code google.rpc.Status} with an {@code ErrorInfo} carrying {@link #reason()} and
 * {@link #metadata()}, plus a {@code BadRequest} when there are field violations.
 */
public final class RequestRejected extends RuntimeException {
  private final ErrorReason reason;
  private final List<FieldViolation> violations;
  private final Map<String, String> metadata;

  public RequestRejected(ErrorReason reason, String message) {
    this(reason, message, List.of(), Map.of());
  }

  public RequestRejected(ErrorReason reason, String message, List<FieldViolation> violations,
      Map<String, String> metadata) {
    super(message, null, false, false);
    this.reason = reason;
    this.violations = List.copyOf(violations);
    this.metadata = Map.copyOf(metadata);
  }

  /** An {@link ErrorReason#INVALID_FIELD} rejection for one field. */
  public static RequestRejected invalidField(String field, String description) {
    return new RequestRejected(ErrorReason.INVALID_FIELD, field + ": " + description,
        List.of(new FieldViolation(field, description)), Map.of());
  }

  public ErrorReason reason() {
    return reason;
  }

  public List<FieldViolation> violations() {
    return violations;
  }

  public Map<String, String> metadata() {
    return metadata;
  }
}
