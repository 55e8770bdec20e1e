package org.chaperone.outbox;

import java.util.Objects;

/** What happened when a {@link MailSender} tried to send one email. */
public sealed interface SendOutcome {

  /** The server's reply, or a description of the failure. */
  String reply();

  /** The server accepted the email (e.g. {@code 250 2.0.0 Ok: queued as 4F2A}). */
  record Accepted(String reply) implements SendOutcome {
    public Accepted {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /**
   * A temporary failure (a 4xx reply, a lost connection, an unreachable server): try again later.
   *
   * @param serverUnreachable true when no conversation with the server was possible (it refused
   *     or dropped the connection); other emails waiting for the same server can wait too
   */
  record Deferred(String reply, boolean serverUnreachable) implements SendOutcome {
    public Deferred {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** A permanent failure (a 5xx reply, an address that cannot be used): do not try again. */
  record Rejected(String reply) implements SendOutcome {
    public Rejected {
      Objects.requireNonNull(reply, "reply");
    }
  }
}
