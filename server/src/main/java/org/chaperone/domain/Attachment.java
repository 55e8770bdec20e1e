package org.chaperone.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sender declares about a file attached to a message. The gateway stores the declaration,
 * not the file; the content policy judges it (board policy P001-media-release).
 *
 * @param fileName the file's name
 * @param contentType its media type (e.g. {@code image/jpeg}), or empty
 * @param depictedStudentIds directory ids of the students it shows; empty when it shows none
 */
public record Attachment(String fileName, String contentType, List<String> depictedStudentIds) {
  public Attachment {
    Objects.requireNonNull(fileName, "fileName");
    contentType = Objects.requireNonNullElse(contentType, "");
    depictedStudentIds = List.copyOf(depictedStudentIds);
  }

  /** The declaration as archived and stored: {@code file_name}, {@code content_type}, {@code depicted_students}. */
  public Map<String, Object> asMap() {
    return Map.of("file_name", fileName, "content_type", contentType,
        "depicted_students", depictedStudentIds);
  }
}
