package org.chaperone.policy.content;

import java.util.List;

/** The {@code content} section of a policy file is malformed; every problem is listed. */
public final class ContentPolicySettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  public ContentPolicySettingsException(List<String> problems) {
    super("content policy settings rejected: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One sentence per problem, each naming the line (when known) and the key. */
  public List<String> problems() {
    return problems;
  }
}
