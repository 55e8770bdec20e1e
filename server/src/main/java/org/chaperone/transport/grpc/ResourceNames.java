package org.chaperone.transport.grpc;

import org.chaperone.domain.RequestRejected;

/** Parses and formats the API's resource names ({@code people/x}, {@code channels/c/messages/m}). */
final class ResourceNames {
  private static final int MAX_ID_LENGTH = 256;

  private ResourceNames() {}

  /** The id in {@code <collection>/<id>}; rejects anything else as a bad {@code field}. */
  static String id(String field, String name, String collection) {
    String prefix = collection + "/";
    if (name.isEmpty()) {
      throw RequestRejected.invalidField(field, "is required (" + prefix + "{id})");
    }
    if (!name.startsWith(prefix) || name.length() == prefix.length()) {
      throw RequestRejected.invalidField(field, "must look like " + prefix + "{id}, got '" + clip(name) + "'");
    }
    String id = name.substring(prefix.length());
    if (id.length() > MAX_ID_LENGTH || id.contains("/") || id.chars().anyMatch(Character::isISOControl)) {
      throw RequestRejected.invalidField(field, "has an invalid id: '" + clip(id) + "'");
    }
    return id;
  }

  /** The channel id and message id of {@code channels/{c}/messages/{m}}. */
  static MessageName message(String field, String name) {
    int at = name.lastIndexOf("/messages/");
    if (!name.startsWith("channels/") || at < 0) {
      throw RequestRejected.invalidField(field,
          "must look like channels/{channel}/messages/{message}, got '" + clip(name) + "'");
    }
    String channelId = id(field, name.substring(0, at), "channels");
    String idText = name.substring(at + "/messages/".length());
    try {
      long id = Long.parseLong(idText);
      if (id <= 0) {
        throw new NumberFormatException();
      }
      return new MessageName(channelId, id);
    } catch (NumberFormatException e) {
      throw RequestRejected.invalidField(field, "has an invalid message id: '" + clip(idText) + "'");
    }
  }

  record MessageName(String channelId, long messageId) {}

  static String person(String id) {
    return "people/" + id;
  }

  static String channel(String id) {
    return "channels/" + id;
  }

  static String message(String channelId, long id) {
    return "channels/" + channelId + "/messages/" + id;
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
