package org.chaperone.examples.lms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.chaperone.api.v1.Message;
import org.chaperone.app.Gateway;
import org.chaperone.app.GatewaySettings;
import org.chaperone.client.ChaperoneClient;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.testing.TestDistrict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example job, run through its main entry point against the real gateway on a socket. */
class AssignmentReminderTest {
  static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

  @TempDir Path dir;
  Gateway gateway;
  Path tokenFile;

  @BeforeEach
  void start() throws Exception {
    gateway = Gateway.start(GatewaySettings.development(dir.resolve("data"), 0).withDemoDistrict(false));
    gateway.rosterImport().apply("test", OneRosterReader.readZip(TestDistrict.zip()), false);
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, token(TestDistrict.TEACHER) + "\n");
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  String token(String person) {
    return gateway.devTokens().orElseThrow().issue(person, Duration.ofHours(1));
  }

  record Run(int exitCode, String out, String err) {}

  Run run(String csv) throws Exception {
    Path assignments = dir.resolve("assignments.csv");
    Files.writeString(assignments, csv);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AssignmentReminder.run(new String[] {
        "--target", "127.0.0.1:" + gateway.port(), "--plaintext",
        "--token-file", tokenFile.toString(), "--assignments", assignments.toString(),
        "--zone", "America/Chicago", "--today", TODAY.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  List<Message> mathMessagesSeenByAStudent() {
    try (ChaperoneClient student = ChaperoneClient.builder()
        .target("127.0.0.1:" + gateway.port()).usePlaintext().token(token(TestDistrict.S1)).build()) {
      return student.listMessages("channels/" + TestDistrict.MATH).stream().toList();
    }
  }

  @Test
  void remindsTheClassOnceOfWhatIsDueTomorrowHoweverOftenTheJobRuns() throws Exception {
    String csv = """
        class,title,due
        classes/math-101,Unit 3 problem set,2026-11-25
        classes/math-101,"Lab report: pendulums, part 2",2026-11-25
        classes/math-101,Final project,2026-12-02
        """;
    Run first = run(csv);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("classes/math-101: channels/math-101/messages/")
        .contains("reached 7 people");

    Run again = run(csv);
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).isEqualTo(first.out());

    assertThat(mathMessagesSeenByAStudent()).extracting(Message::getText).containsExactly("""
        Reminder: due tomorrow (Wednesday, November 25):
        - Unit 3 problem set
        - Lab report: pendulums, part 2""");
  }

  @Test
  void aClassTheTeacherDoesNotTeachIsReportedAndTheOthersStillGo() throws Exception {
    Run run = run("""
        class,title,due
        classes/art-201,Still life,2026-11-25
        classes/math-101,Unit 3 problem set,2026-11-25
        """);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("classes/art-201: not sent, the token's person does not teach this class")
        .contains("classes/math-101: channels/math-101/messages/");
    assertThat(mathMessagesSeenByAStudent()).hasSize(1);
  }

  @Test
  void nothingDueMeansNothingSentAndBadInputIsRefused() throws Exception {
    Run quiet = run("class,title,due\nclasses/math-101,Final project,2026-12-02\n");
    assertThat(quiet.exitCode()).isZero();
    assertThat(quiet.out()).contains("nothing is due 2026-11-25");
    assertThat(mathMessagesSeenByAStudent()).isEmpty();

    Run bad = run("class,title,due\nclasses/math-101,Unit 3,next tuesday\n");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains(":2: due must be YYYY-MM-DD");
  }
}
