package org.chaperone.transport.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.chaperone.domain.ErrorReason;
import org.chaperone.domain.RequestRejected;

/**
 * Opaque page tokens and stream cursors. A token encodes the position after which the next page
 * starts, bound to the request it continues (the method and parent), so a token cannot be replayed
 * against another list. Clients must not parse them; the encoding may change.
 */
final class PageTokens {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private PageTokens() {}

  static String encode(String scope, String position) {
    return ENCODER.encodeToString(("v1\n" + scope + "\n" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The position in {@code token}, or {@code initial} for an empty token. */
  static String decode(String token, String scope, String initial) {
    if (token.isEmpty()) {
      return initial;
    }
    try {
      String[] parts = new String(DECODER.decode(token), StandardCharsets.UTF_8).split("\n", 3);
      if (parts.length == 3 && parts[0].equals("v1") && parts[1].equals(scope)) {
        return parts[2];
      }
    } catch (IllegalArgumentException malformed) {
      // Falls through to the rejection below.
    }
    throw new RequestRejected(ErrorReason.INVALID_PAGE_TOKEN,
        "page_token was not issued for this request; start again without it");
  }

  static long decodeLong(String token, String scope, long initial) {
    String position = decode(token, scope, Long.toString(initial));
    try {
      return Long.parseLong(position);
    } catch (NumberFormatException e) {
      throw new RequestRejected(ErrorReason.INVALID_PAGE_TOKEN, "page_token is damaged");
    }
  }

  static String cursor(long messageId) {
    return encode("stream", Long.toString(messageId));
  }

  static long cursorPosition(String cursor) {
    try {
      return decodeLong(cursor, "stream", 0);
    } catch (RequestRejected e) {
      throw new RequestRejected(ErrorReason.INVALID_CURSOR,
          "cursor was not issued by this gateway; resume from a MessageEvent's cursor");
    }
  }

  /** {@code requested} within [1, max], or {@code fallback} when unset. */
  static int pageSize(int requested, int fallback, int max) {
    if (requested < 0) {
      throw RequestRejected.invalidField("page_size", "must not be negative");
    }
    return requested == 0 ? fallback : Math.min(requested, max);
  }
}
