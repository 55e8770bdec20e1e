package org.chaperone.cli;

import com.google.type.Date;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.chaperone.api.v1.ArchiveServiceGrpc;
import org.chaperone.api.v1.CreateRecordsRequestRequest;
import org.chaperone.api.v1.Record;
import org.chaperone.api.v1.RecordScope;
import org.chaperone.api.v1.RecordsRequest;
import org.chaperone.api.v1.RecordsRequestKind;
import org.chaperone.api.v1.SearchRecordsRequest;
import org.chaperone.api.v1.SearchRecordsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chaperone records}: a records officer's searches and requests from the command line,
 * through {@code ArchiveService} (each search is archived by the gateway, like any other).
 */
@Command(name = "records", mixinStandardHelpOptions = true,
    description = "Searches the archive and opens records requests (as a records officer).",
    subcommands = {RecordsCommand.Search.class, RecordsCommand.Open.class})
final class RecordsCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The criteria shared by searches and request scopes. */
  static class Criteria {
    @Option(names = "--words", paramLabel = "TEXT", defaultValue = "",
        description = "Words every message must contain.")
    String words;

    @Option(names = "--channel", paramLabel = "NAME", defaultValue = "",
        description = "A channel: channels/{id}.")
    String channel;

    @Option(names = "--participant", paramLabel = "NAME", defaultValue = "",
        description = "A person who did, sent or received it, or whom it names: people/{id}.")
    String participant;

    @Option(names = "--type", paramLabel = "EVENT_TYPE",
        description = "An event type, e.g. message.created; repeatable.")
    List<String> types = new ArrayList<>();
  }

  /** {@code chaperone records search}. */
  @Command(name = "search", mixinStandardHelpOptions = true,
      description = "Searches archived records, newest first; the search itself is archived.")
  static final class Search implements Callable<Integer> {
    @Mixin MessagesCommand.ClientOptions client;
    @Mixin Criteria criteria;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
        description = "At most this many records (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      ManagedChannel ch = client.channel();
      try {
        SearchRecordsResponse page = ArchiveServiceGrpc.newBlockingStub(ch)
            .withCallCredentials(client.credentials())
            .searchRecords(SearchRecordsRequest.newBuilder().addAllEventTypes(criteria.types)
                .setWords(criteria.words).setChannel(criteria.channel)
                .setParticipant(criteria.participant).setPageSize(limit).build());
        for (Record r : page.getRecordsList()) {
          System.out.println(r.getName() + "  " + Instant.ofEpochSecond(r.getRecordTime().getSeconds(),
              r.getRecordTime().getNanos()) + "  " + r.getEventType() + "  " + r.getSubject()
              + "  by " + r.getActorId());
          System.out.println("    " + r.getEntry().toString(StandardCharsets.UTF_8));
        }
        System.out.println(page.getRecordsCount() + " records" + (page.getNextPageToken().isEmpty()
            ? "" : " (more: narrow the search or raise --limit)") + "; this search is archived as "
            + page.getAuditRecord());
        return 0;
      } catch (StatusRuntimeException e) {
        return MessagesCommand.report(e);
      } finally {
        ch.shutdownNow();
      }
    }
  }

  /** {@code chaperone records open}. */
  @Command(name = "open", mixinStandardHelpOptions = true,
      description = "Opens a records request; the gateway computes its due date from its kind.")
  static final class Open implements Callable<Integer> {
    @Mixin MessagesCommand.ClientOptions client;
    @Mixin Criteria scope;

    @Option(names = "--kind", required = true, paramLabel = "KIND",
        description = "public_records, ferpa_inspection, litigation or internal.")
    String kind;

    @Option(names = "--requester", required = true, paramLabel = "WHO",
        description = "Who asked (name, organisation, contact).")
    String requester;

    @Option(names = "--received", required = true, paramLabel = "YYYY-MM-DD",
        description = "The day the district received the request.")
    LocalDate received;

    @Option(names = "--subject", paramLabel = "NAME",
        description = "A person the request is about: people/{id}; repeatable.")
    List<String> subjects = new ArrayList<>();

    @Option(names = "--description", paramLabel = "TEXT", defaultValue = "",
        description = "What was asked for.")
    String description;

    @Override
    public Integer call() {
      RecordsRequestKind k;
      try {
        k = RecordsRequestKind.valueOf(kind.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        System.err.println("chaperone: --kind is one of public_records, ferpa_inspection,"
            + " litigation, internal");
        return 2;
      }
      ManagedChannel ch = client.channel();
      try {
        RecordsRequest r = ArchiveServiceGrpc.newBlockingStub(ch)
            .withCallCredentials(client.credentials())
            .createRecordsRequest(CreateRecordsRequestRequest.newBuilder().setRecordsRequest(
                RecordsRequest.newBuilder().setKind(k).setRequester(requester)
                    .setDescription(description).addAllSubjects(subjects)
                    .setReceivedDate(Date.newBuilder().setYear(received.getYear())
                        .setMonth(received.getMonthValue()).setDay(received.getDayOfMonth()))
                    .setScope(RecordScope.newBuilder().addAllEventTypes(scope.types)
                        .setWords(scope.words).setChannel(scope.channel)
                        .setParticipant(scope.participant))).build());
        Date due = r.getDueDate();
        System.out.println("opened " + r.getName() + " (" + kind.toLowerCase(Locale.ROOT) + "), due "
            + LocalDate.of(due.getYear(), due.getMonth(), due.getDay()));
        return 0;
      } catch (StatusRuntimeException e) {
        return MessagesCommand.report(e);
      } finally {
        ch.shutdownNow();
      }
    }
  }
}
