package org.chaperone.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.chaperone.auth.DevTokenAuthority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chaperone token}: development tokens. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Development tokens (a district uses its own identity provider in production).",
    subcommands = TokenCommand.Issue.class)
final class TokenCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code chaperone token issue}. */
  @Command(name = "issue", mixinStandardHelpOptions = true,
      description = "Prints a token for a directory person, signed with the development key of"
          + " the data directory (creating the key if needed).")
  static final class Issue implements Callable<Integer> {
    @Option(names = "--person", required = true, paramLabel = "ID",
        description = "The person's roster id (sourcedId), e.g. demo-teacher-1.")
    String person;

    @Option(names = "--ttl", defaultValue = "PT12H", paramLabel = "DURATION",
        description = "How long the token is valid, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
        description = "The data directory holding the development key (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
      String id = person.startsWith("people/") ? person.substring("people/".length()) : person;
      System.out.println(DevTokenAuthority.openOrCreate(dataDir).issue(id, ttl));
      return 0;
    }
  }
}
