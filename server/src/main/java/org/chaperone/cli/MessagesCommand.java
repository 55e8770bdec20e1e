package org.chaperone.cli;

import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.chaperone.api.v1.ChannelServiceGrpc;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.ListChannelsRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageEvent;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.StreamMessagesRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chaperone messages}: a small client for trying the gateway by hand. */
@Command(name = "messages", mixinStandardHelpOptions = true,
    description = "Sends and watches messages as a person (a client of a running gateway).",
    subcommands = {MessagesCommand.Send.class, MessagesCommand.Watch.class, MessagesCommand.Channels.class})
final class MessagesCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Connection options shared by the client commands. */
  static class ClientOptions {
    @Option(names = "--target", defaultValue = "127.0.0.1:8443", paramLabel = "HOST:PORT",
        description = "The gateway (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--token", defaultValue = "", paramLabel = "JWT",
        description = "Bearer token of the person acting (env CHAPERONE_TOKEN).")
    String token;

    @Option(names = "--tls", description = "Connect with TLS.")
    boolean tls;

    ManagedChannel channel() {
      if (token.isBlank()) {
        throw new IllegalArgumentException("give --token (or set CHAPERONE_TOKEN): the bearer token"
            + " of the person acting, e.g. from 'chaperone token issue --person demo-teacher-1'");
      }
      return Grpc.newChannelBuilder(target,
          tls ? TlsChannelCredentials.create() : InsecureChannelCredentials.create()).build();
    }

    CallCredentials credentials() {
      String bearer = token;
      return new CallCredentials() {
        @Override
        public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
          Metadata headers = new Metadata();
          headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + bearer);
          applier.apply(headers);
        }
      };
    }
  }

  static int report(StatusRuntimeException e) {
    System.err.println("refused: " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
    return 1;
  }

  /** {@code chaperone messages send}. */
  @Command(name = "send", mixinStandardHelpOptions = true, description = "Sends a message into a channel.")
  static final class Send extends ClientOptions implements Callable<Integer> {
    @Option(names = "--channel", required = true, paramLabel = "NAME",
        description = "channels/{id}, e.g. channels/demo-class-algebra.")
    String channelName;

    @Parameters(index = "0", paramLabel = "TEXT", description = "The message text.")
    String text;

    @Override
    public Integer call() {
      ManagedChannel ch = channel();
      try {
        Message sent = MessageServiceGrpc.newBlockingStub(ch).withCallCredentials(credentials())
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .createMessage(CreateMessageRequest.newBuilder()
                .setParent(channelName.startsWith("channels/") ? channelName : "channels/" + channelName)
                .setMessage(Message.newBuilder().setText(text))
                .setRequestId(UUID.randomUUID().toString())
                .build());
        System.out.println("sent " + sent.getName() + " to " + sent.getRecipientCount()
            + " recipient(s); archive entry #" + sent.getArchiveIndex());
        return 0;
      } catch (StatusRuntimeException e) {
        return report(e);
      } finally {
        ch.shutdownNow();
      }
    }
  }

  /** {@code chaperone messages watch}. */
  @Command(name = "watch", mixinStandardHelpOptions = true,
      description = "Prints every message delivered to the token's person as it arrives.")
  static final class Watch extends ClientOptions implements Callable<Integer> {
    @Option(names = "--from-beginning", description = "Replay everything delivered so far first.")
    boolean fromBeginning;

    @Option(names = "--channel", defaultValue = "", paramLabel = "NAME",
        description = "Only this channel (channels/{id}).")
    String channelName;

    @Override
    public Integer call() {
      ManagedChannel ch = channel();
      try {
        Iterator<MessageEvent> events = MessageServiceGrpc.newBlockingStub(ch)
            .withCallCredentials(credentials())
            .streamMessages(StreamMessagesRequest.newBuilder()
                .setFromBeginning(fromBeginning).setChannel(channelName).build());
        System.err.println("watching; Ctrl-C to stop");
        while (events.hasNext()) {
          Message m = events.next().getMessage();
          System.out.println("[" + m.getChannel() + "] " + m.getSenderDisplayName() + ": " + m.getText());
          System.out.flush();
        }
        return 0;
      } catch (StatusRuntimeException e) {
        return report(e);
      } finally {
        ch.shutdownNow();
      }
    }
  }

  /** {@code chaperone messages channels}. */
  @Command(name = "channels", mixinStandardHelpOptions = true,
      description = "Lists the channels of the token's person.")
  static final class Channels extends ClientOptions implements Callable<Integer> {
    @Override
    public Integer call() {
      ManagedChannel ch = channel();
      try {
        ChannelServiceGrpc.newBlockingStub(ch).withCallCredentials(credentials())
            .listChannels(ListChannelsRequest.newBuilder().setPageSize(500).build())
            .getChannelsList()
            .forEach(c -> System.out.println(c.getName() + "  " + c.getDisplayName()
                + "  (" + c.getMemberCount() + " members)"));
        return 0;
      } catch (StatusRuntimeException e) {
        return report(e);
      } finally {
        ch.shutdownNow();
      }
    }
  }
}
