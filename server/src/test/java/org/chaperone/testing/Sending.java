package org.chaperone.testing;

import java.time.Clock;
import org.chaperone.delivery.DeliveryHub;
import org.chaperone.domain.Caller;
import org.chaperone.domain.Message;
import org.chaperone.messaging.MessageSubmission;
import org.chaperone.outbox.CopyComposer;
import org.chaperone.outbox.CopyPolicy;
import org.chaperone.outbox.EmailOutbox;
import org.chaperone.outbox.GuardianCopies;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.store.Store;

/** The production send use case on a store, with default policy and email settings, for store-level tests. */
public final class Sending {
  private final MessageSubmission submission;

  public Sending(Store store) {
    Clock clock = Clock.systemUTC();
    this.submission = new MessageSubmission(store, new DeliveryHub(), clock, () -> DistrictPolicy.DEFAULT,
        16384, new GuardianCopies(new EmailOutbox(clock, "lincoln.example.org", () -> {}),
            new CopyComposer(CopyPolicy.defaults())));
  }

  public Message submit(Caller caller, String channelId, String text, String requestId) {
    return submission.submit(caller, new MessageSubmission.Submission(channelId, text, requestId, false));
  }
}
