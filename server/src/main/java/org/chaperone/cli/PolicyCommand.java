package org.chaperone.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.chaperone.domain.Role;
import org.chaperone.messaging.ContentVerdict;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.policy.content.ContentDecision;
import org.chaperone.policy.content.ContentDraft;
import org.chaperone.policy.content.ContentPolicy;
import org.chaperone.policy.content.Participant;
import org.chaperone.policy.content.StudentDirectory;
import org.chaperone.policy.content.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaperone policy}: the district policy file, offline. */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Work with the district policy file without a gateway.",
    subcommands = PolicyCommand.Check.class)
final class PolicyCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Exit codes of {@code policy check}, by outcome (1 and 2 are errors and usage errors). */
  static final int ALLOW = 0;
  static final int BLOCK = 4;
  static final int HOLD = 3;

  /** {@code chaperone policy check}: the content policy's decision on a text. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Evaluates a message text with the content policy of a policy file (the same"
          + " engine the gateway runs) and prints the decision and every violation.",
          "Exit code: 0 allow, 3 hold for review, 4 block; 1 an error, 2 a usage error."})
  static final class Check implements Callable<Integer> {
    @Option(names = {"--policy", "--policy-file"}, paramLabel = "FILE",
        description = "The district policy file (its content.* keys); default: the built-in policy.")
    Path policyFile;

    @Option(names = "--sender-role", paramLabel = "ROLE", defaultValue = "TEACHER",
        description = "Who writes: STUDENT, GUARDIAN, TEACHER, ADMINISTRATOR or STAFF"
            + " (default: ${DEFAULT-VALUE}).")
    Role senderRole;

    @Option(names = "--recipient-roles", paramLabel = "ROLE", split = ",",
        defaultValue = "STUDENT,GUARDIAN",
        description = "Who receives, comma-separated (default: ${DEFAULT-VALUE}: a class with its"
            + " students' guardians).")
    List<Role> recipientRoles;

    @Parameters(arity = "0..*", paramLabel = "TEXT",
        description = "The message text; without it, the text is read from standard input.")
    List<String> words = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      DistrictPolicy policy = policyFile == null ? DistrictPolicy.DEFAULT : PolicyFiles.load(policyFile);
      String text = words.isEmpty() ? readStdin() : String.join(" ", words);
      List<Participant> recipients = new ArrayList<>();
      for (int i = 0; i < recipientRoles.size(); i++) {
        recipients.add(new Participant("recipient-" + (i + 1), recipientRoles.get(i)));
      }
      ContentDecision decision = new ContentPolicy(policy.content()).evaluate(
          ContentDraft.of(text, new Participant("sender", senderRole), recipients),
          StudentDirectory.empty(), Instant.now());
      print(new ContentVerdict(decision, policy.label()));
      return switch (decision.outcome()) {
        case ALLOW -> ALLOW;
        case HOLD -> HOLD;
        case BLOCK -> BLOCK;
      };
    }

    private static String readStdin() throws IOException {
      InputStream in = System.in;
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private static void print(ContentVerdict verdict) {
      ContentDecision d = verdict.decision();
      System.out.println(d.outcome() + " (policy " + verdict.policyVersion() + ", "
          + d.violations().size() + " violation" + (d.violations().size() == 1 ? "" : "s") + ")");
      for (Violation v : d.violations()) {
        String spans = v.spans().stream()
            .map(s -> s.start() + "-" + s.end() + " \"" + s.excerpt() + "\"")
            .collect(Collectors.joining(", "));
        System.out.println("  " + v.action() + "  " + v.rule().id() + "  " + v.clause() + "  "
            + v.severity() + (spans.isEmpty() ? "" : "  " + spans));
        System.out.println("      " + v.explanation());
      }
    }
  }
}
