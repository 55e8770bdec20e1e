package org.chaperone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chaperone policy check}: the content policy of a policy file, offline. */
class PolicyCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run run(String stdin, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    InputStream in = System.in;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      int exit = ChaperoneCommand.commandLine(args).execute(args);
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.setIn(in);
    }
  }

  Path policy() throws Exception {
    Path file = dir.resolve("policy.properties");
    Files.writeString(file, """
        policy.version = lincoln-7
        content.district.phones = 503-555-0100
        content.action.secrecy = block
        """);
    return file;
  }

  @Test
  void printsTheDecisionAndEveryViolationAndExitsByOutcome() throws Exception {
    String file = policy().toString();
    Run blocked = run("", "policy", "check", "--policy", file, "Call me at 555-123-4567 tonight");
    assertThat(blocked.exit()).isEqualTo(PolicyCommand.BLOCK);
    assertThat(blocked.out()).startsWith("BLOCK (policy lincoln-7@")
        .contains("BLOCK  contact.phone  P000-personal-phone  SEVERE  11-23 \"555-123-4567\"");

    // The policy file's settings apply: the district's number is fine, secrecy blocks.
    Run office = run("", "policy", "check", "--policy", file, "The office is 503-555-0100");
    assertThat(office.exit()).isEqualTo(PolicyCommand.ALLOW);
    assertThat(office.out()).startsWith("ALLOW (policy lincoln-7@").contains("0 violations");
    Run secret = run("Don't tell your parents about this", "policy", "check", "--policy", file);
    assertThat(secret.exit()).isEqualTo(PolicyCommand.BLOCK);
    assertThat(secret.out()).contains("secrecy  P001-classroom-extension");

    // The built-in policy holds it; between staff, contact details are not checked.
    assertThat(run("Don't tell your parents about this", "policy", "check").exit())
        .isEqualTo(PolicyCommand.HOLD);
    assertThat(run("", "policy", "check", "--sender-role", "TEACHER", "--recipient-roles", "STAFF",
        "Call me at 555-123-4567 tonight").exit()).isEqualTo(PolicyCommand.ALLOW);
  }

  @Test
  void aBadPolicyFileIsAnErrorNamingTheKey() throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "policy.version = 1\ncontent.action.phone = block\n");
    Run bad = run("", "policy", "check", "--policy", file.toString(), "hello");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("content.action.phone");
    assertThat(run("", "policy", "check", "--sender-role", "JANITOR", "hi").exit()).isEqualTo(2);
  }
}
