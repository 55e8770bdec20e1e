package org.chaperone.examples.lms;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.client.ChaperoneClient;
import org.chaperone.client.ChaperoneException;
import org.chaperone.client.ErrorReasons;

/**
 * An LMS integration in one file: reminds each class, through Chaperone, of the assignments due
 * tomorrow. Run it once a day (e.g. from cron) with an export of the LMS's assignments:
 *
 * <pre>
 * class,title,due
 * classes/math-101,Unit 3 problem set,2026-11-25
 * classes/math-101,"Lab report: pendulums, part 2",2026-11-25
 * </pre>
 *
 * <p>It posts one message per class into the class's channel, as the teacher the token names;
 * the gateway delivers it to the students and their guardians and archives it. Running the job
 * twice on the same day sends nothing twice: each message's {@code request_id} is derived from its
 * channel and text, so the gateway answers a repeat with the original message.
 */
public final class AssignmentReminder {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.US);

  private final ChaperoneClient client;
  private final PrintStream out;

  AssignmentReminder(ChaperoneClient client, PrintStream out) {
    this.client = client;
    this.out = out;
  }

  /** One assignment from the LMS export. */
  record Assignment(String className, String title, LocalDate due) {}

  /**
   * Sends the reminders for assignments due the day after {@code today}.
   *
   * @return how many classes could not be reminded
   */
  int remind(List<Assignment> assignments, LocalDate today) {
    LocalDate tomorrow = today.plusDays(1);
    Map<String, List<String>> dueByClass = new LinkedHashMap<>();
    for (Assignment a : assignments) {
      if (a.due().equals(tomorrow)) {
        dueByClass.computeIfAbsent(a.className(), c -> new ArrayList<>()).add(a.title());
      }
    }
    int failed = 0;
    for (Map.Entry<String, List<String>> due : dueByClass.entrySet()) {
      try {
        String channel = client.getClass(due.getKey()).getChannel();
        String text = "Reminder: due tomorrow (" + DAY.format(tomorrow) + "):\n- "
            + String.join("\n- ", due.getValue());
        Message sent = client.createMessage(CreateMessageRequest.newBuilder()
            .setParent(channel)
            .setMessage(Message.newBuilder().setText(text))
            .setRequestId(requestId(channel, text))
            .build());
        out.printf("%s: %s reached %d people%n", due.getKey(), sent.getName(),
            sent.getRecipientCount());
      } catch (ChaperoneException e) {
        failed++;
        out.printf("%s: not sent, %s%n", due.getKey(), explain(e));
      }
    }
    if (dueByClass.isEmpty()) {
      out.println("nothing is due " + tomorrow);
    }
    return failed;
  }

  /** What an operator should know, by the gateway's reason. */
  private static String explain(ChaperoneException e) {
    return switch (e.reason()) {
      case ErrorReasons.NOT_A_MEMBER ->
          "the token's person does not teach this class (" + e.getMessage() + ")";
      case ErrorReasons.SUPERVISOR_REQUIRED ->
          "a student has no guardian or co-teacher on file: "
              + e.metadata().getOrDefault("unsupervised_students", "?")
              + "; ask the school to complete the roster";
      case ErrorReasons.POLICY_VIOLATION -> "the district's content policy refused it: "
          + e.policyViolations();
      default -> e.getMessage();
    };
  }

  /** The same channel and text always give the same id: a second run of the job is harmless. */
  static String requestId(String channel, String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest((channel + "\n" + text).getBytes(StandardCharsets.UTF_8));
      return "lms-reminder-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the export: a header line, then {@code class,title,due} with RFC 4180 quoting. */
  static List<Assignment> readCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Assignment> assignments = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> cells = cells(lines.get(i));
      if (cells.size() != 3) {
        throw new IOException(file + ":" + (i + 1) + ": expected class,title,due");
      }
      try {
        assignments.add(new Assignment(cells.get(0).strip(), cells.get(1).strip(),
            LocalDate.parse(cells.get(2).strip())));
      } catch (DateTimeParseException e) {
        throw new IOException(file + ":" + (i + 1) + ": due must be YYYY-MM-DD", e);
      }
    }
    return assignments;
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  /**
   * Runs the job.
   *
   * <pre>
   * java -jar lms-reminder.jar --target HOST:PORT --assignments FILE
   *     [--plaintext] [--trust-roots CA.pem] [--zone America/Chicago] [--today YYYY-MM-DD]
   *     [--token-file FILE]
   * </pre>
   *
   * The bearer token comes from {@code --token-file}, read again on every call so that whatever
   * refreshes the file is picked up, or else from the {@code CHAPERONE_TOKEN} environment variable.
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--plaintext")) {
        options.put("plaintext", "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        options.put(args[i].substring(2), args[++i]);
      } else {
        err.println("unexpected argument: " + args[i]);
        return 2;
      }
    }
    if (!options.containsKey("target") || !options.containsKey("assignments")) {
      err.println("usage: lms-reminder --target HOST:PORT --assignments FILE [--plaintext]"
          + " [--trust-roots CA.pem] [--zone ZONE] [--today YYYY-MM-DD] [--token-file FILE]");
      return 2;
    }
    Supplier<String> tokens = tokens(options.get("token-file"));
    if (tokens == null) {
      err.println("give --token-file or set CHAPERONE_TOKEN");
      return 2;
    }
    ZoneId zone = ZoneId.of(options.getOrDefault("zone", ZoneId.systemDefault().getId()));
    LocalDate today = options.containsKey("today")
        ? LocalDate.parse(options.get("today")) : LocalDate.now(zone);

    ChaperoneClient.Builder builder = ChaperoneClient.builder()
        .target(options.get("target"))
        .tokenSupplier(tokens);
    if (options.containsKey("plaintext")) {
      builder.usePlaintext();
    }
    if (options.containsKey("trust-roots")) {
      builder.trustRoots(Path.of(options.get("trust-roots")));
    }
    try (ChaperoneClient client = builder.build()) {
      List<Assignment> assignments = readCsv(Path.of(options.get("assignments")));
      return new AssignmentReminder(client, out).remind(assignments, today) == 0 ? 0 : 1;
    } catch (IOException e) {
      err.println("cannot read the assignments: " + e.getMessage());
      return 2;
    }
  }

  private static Supplier<String> tokens(String tokenFile) {
    if (tokenFile != null) {
      Path file = Path.of(tokenFile);
      return () -> {
        try {
          return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the token file " + file, e);
        }
      };
    }
    String token = System.getenv("CHAPERONE_TOKEN");
    return token == null || token.isBlank() ? null : () -> token;
  }
}
