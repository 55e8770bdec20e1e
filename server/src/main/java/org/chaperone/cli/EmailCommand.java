package org.chaperone.cli;

import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.chaperone.domain.RequestRejected;
import org.chaperone.outbox.CopyDelivery;
import org.chaperone.outbox.CopyPolicy;
import org.chaperone.outbox.EmailAdministration;
import org.chaperone.outbox.EmailJob;
import org.chaperone.outbox.EmailState;
import org.chaperone.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaperone email}: administering email copies. Works while the gateway runs. */
@Command(name = "email", mixinStandardHelpOptions = true,
    description = "Email copies for guardians and staff: delivery preferences, failures, retries.",
    subcommands = {EmailCommand.Status.class, EmailCommand.Failures.class, EmailCommand.Retry.class,
        EmailCommand.Preference.class})
final class EmailCommand implements Runnable {
  static final String ACTOR = "system:cli";

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  private static EmailAdministration administration(Store store, boolean optOut) {
    return new EmailAdministration(store, Clock.systemUTC(),
        new CopyPolicy(optOut, ZoneId.systemDefault(), LocalTime.of(18, 0), ""));
  }

  /** Runs {@code work}, printing a refusal as one line and exit code 2. */
  private static int refusals(Callable<Integer> work) throws Exception {
    try {
      return work.call();
    } catch (RequestRejected e) {
      System.err.println("chaperone: " + e.getMessage());
      return 2;
    }
  }

  /** {@code chaperone email status}. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "How many emails are pending, sent, failed or waiting for a digest.")
  static final class Status implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      try (Store opened = StoreOpener.open(store)) {
        Map<EmailState, Long> counts = administration(opened, false).counts();
        counts.forEach((state, n) -> System.out.printf("%-12s %d%n", state.name().toLowerCase(), n));
        return 0;
      }
    }
  }

  /** {@code chaperone email failures}. */
  @Command(name = "failures", mixinStandardHelpOptions = true,
      description = {"Lists emails that will not be delivered: rejected by the mail server, without"
          + " a usable address in the roster, or out of attempts.",
          "Fix the address in the roster (and import it), then send one again with"
              + " 'chaperone email retry ID'."})
  static final class Failures implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Option(names = "--after", defaultValue = "0", paramLabel = "ID",
        description = "Only failures with ids above this one (for paging).")
    long after;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N",
        description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      try (Store opened = StoreOpener.open(store)) {
        List<EmailJob> failed = administration(opened, false).failures(after, Math.max(1, limit));
        if (failed.isEmpty()) {
          System.out.println("No failed emails.");
          return 0;
        }
        for (EmailJob j : failed) {
          System.out.println(j.name() + "  " + j.kind().name().toLowerCase() + " to people/"
              + j.personId() + " <" + j.address() + ">  " + j.subjectRef());
          System.out.println("    failed " + j.finishTime() + " after " + j.attempts()
              + (j.attempts() == 1 ? " attempt: " : " attempts: ") + j.lastReply());
        }
        return 0;
      }
    }
  }

  /** {@code chaperone email retry}. */
  @Command(name = "retry", mixinStandardHelpOptions = true,
      description = "Sends failed emails again, to the address the roster now has.")
  static final class Retry implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Email ids (emails/ID).")
    List<String> ids;

    @Override
    public Integer call() throws Exception {
      return refusals(() -> {
        try (Store opened = StoreOpener.open(store)) {
          EmailAdministration admin = administration(opened, false);
          for (String id : ids) {
            EmailJob j = admin.requeue(ACTOR, Long.parseLong(id.replaceFirst("^emails/", "")));
            System.out.println(j.name() + " queued again for <" + j.address() + ">");
          }
          return 0;
        }
      });
    }
  }

  /** {@code chaperone email preference}. */
  @Command(name = "preference", mixinStandardHelpOptions = true,
      description = {"Shows or sets how a guardian or staff member receives email copies:",
          "  each    one email per message (the default for guardians, and for staff who"
              + " supervise a conversation without posting in it)",
          "  digest  one email a day (at --digest-time of the gateway)",
          "  none    no email copies; only with --email-opt-out (district policy)"})
  static final class Preference implements Callable<Integer> {
    @Mixin StoreOptions store;

    @Parameters(index = "0", paramLabel = "PERSON", description = "The person's roster id.")
    String person;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DELIVERY",
        description = "each, digest or none; omit to show the current one.")
    String delivery;

    @Option(names = "--email-opt-out", defaultValue = "false", negatable = true,
        fallbackValue = "true",
        description = "The district policy allows 'none' (set it as for serve).")
    boolean optOut;

    @Override
    public Integer call() throws Exception {
      return refusals(() -> {
        try (Store opened = StoreOpener.open(store)) {
          EmailAdministration admin = administration(opened, optOut);
          String id = person.replaceFirst("^people/", "");
          if (delivery != null) {
            admin.setPreference(ACTOR, id, CopyDelivery.parse(delivery));
          }
          EmailAdministration.PreferenceView view = admin.preference(id);
          System.out.println("people/" + id + " (" + view.person().displayName() + ", "
              + view.person().role().name().toLowerCase() + ", <" + view.person().email() + ">): "
              + view.stored().map(d -> d.word() + " (set)").orElse(view.fallback().word()
                  + " (default)"));
          return 0;
        }
      });
    }
  }
}
