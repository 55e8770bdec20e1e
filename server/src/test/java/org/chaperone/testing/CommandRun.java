package org.chaperone.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.chaperone.cli.ChaperoneCommand;

/**
 * One run of the {@code chaperone} command line in this JVM, with what it printed.
 *
 * @param exit the exit code
 * @param out what it printed to standard output
 * @param err what it printed to standard error
 */
public record CommandRun(int exit, String out, String err) {

  /** Runs {@code chaperone args...}, capturing standard output and error. */
  public static CommandRun of(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = ChaperoneCommand.commandLine(args).execute(args);
      return new CommandRun(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
