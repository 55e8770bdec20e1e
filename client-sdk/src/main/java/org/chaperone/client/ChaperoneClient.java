package org.chaperone.client;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelRegistry;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.chaperone.api.v1.ChannelServiceGrpc;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.DirectoryServiceGrpc;
import org.chaperone.api.v1.GetChannelRequest;
import org.chaperone.api.v1.GetClassRequest;
import org.chaperone.api.v1.GetMessageRequest;
import org.chaperone.api.v1.GetMyPersonRequest;
import org.chaperone.api.v1.GetPersonRequest;
import org.chaperone.api.v1.ImportRosterRequest;
import org.chaperone.api.v1.ImportRosterResponse;
import org.chaperone.api.v1.ListChannelsRequest;
import org.chaperone.api.v1.ListChannelsResponse;
import org.chaperone.api.v1.ListMembersRequest;
import org.chaperone.api.v1.ListMembersResponse;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.ListMessagesResponse;
import org.chaperone.api.v1.Member;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.Person;
import org.chaperone.api.v1.StreamMessagesRequest;

/**
 * The client of the Chaperone gateway for integrations: one object per gateway, thread-safe,
 * closed when the application no longer needs it.
 *
 * <pre>{@code
 * try (ChaperoneClient client = ChaperoneClient.builder()
 *     .target("chaperone.district.example:443")
 *     .tokenSupplier(identityProvider::currentToken)
 *     .build()) {
 *   org.chaperone.api.v1.Class algebra = client.getClass("classes/algebra-1");
 *   Message sent = client.createMessage(algebra.getChannel(), "Unit 3 quiz on Friday.");
 * }
 * }</pre>
 *
 * <p>Its methods mirror the RPCs of {@code DirectoryService}, {@code ChannelService} and {@code
 * MessageService} and take and return the generated types of {@code org.chaperone.api.v1}; each
 * has a shorthand for the common case. Calls block the calling thread; each attempt has a deadline
 * by kind of call (reads, sends, roster imports; see {@link Builder}). A call that fails with
 * {@code UNAVAILABLE} or {@code DEADLINE_EXCEEDED} is retried with backoff per {@link
 * RetrySettings}; that is safe for every call, because {@link #createMessage(CreateMessageRequest)}
 * gives every message a {@code request_id} and repeats it in every attempt, so a message is never
 * sent twice. Every failure is a {@link ChaperoneException}.
 *
 * <p>List methods return a {@link PagedIterable}; {@link #subscribe} opens a message stream that
 * survives disconnects (see {@link Subscription}).
 *
 * <p><b>Acting for a person.</b> Every call acts as the person the bearer token names. An
 * approved integration authenticates with its own credentials ({@link
 * Builder#integrationCredentials}) and names the staff member it acts for with {@link
 * #onBehalfOf}: one view of the client per person, sharing one connection.
 *
 * <p>Thread-safe. Closing the client cancels its subscriptions and closes the connection it made.
 */
public final class ChaperoneClient implements AutoCloseable {
  private final ClientCore core;
  private final BearerTokenCredentials credentials;
  private final boolean root;
  private final Set<ResumingSubscription> subscriptions = ConcurrentHashMap.newKeySet();

  private ChaperoneClient(ClientCore core, BearerTokenCredentials credentials, boolean root) {
    this.core = core;
    this.credentials = credentials;
    this.root = root;
  }

  /**
   * Starts configuring a client.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client that shares this client's connection, settings and executors but authenticates with
   * other tokens: for an integration acting for several people, one view per person. Closing the
   * view closes only the subscriptions opened through it; closing this client closes the view
   * too.
   *
   * @param tokens supplies a bearer token for each call, see {@link Builder#tokenSupplier}
   * @return the view
   */
  public ChaperoneClient withTokenSupplier(Supplier<String> tokens) {
    core.checkOpen();
    return new ChaperoneClient(core, new BearerTokenCredentials(
        Objects.requireNonNull(tokens, "tokens")), false);
  }

  /**
   * A client that shares this client's connection, settings and credentials and acts for
   * {@code person} on every call: for an integration (see {@link Builder#integrationCredentials}),
   * which must always name the staff member it acts for. The gateway applies that person's
   * relationships and rights, within the integration's approved schools and operations.
   *
   * @param person {@code people/{id}} or the roster id of a staff member
   * @return the view
   */
  public ChaperoneClient onBehalfOf(String person) {
    core.checkOpen();
    Objects.requireNonNull(person, "person");
    String name = person.startsWith("people/") ? person : "people/" + person;
    return new ChaperoneClient(core, credentials.actingFor(name), false);
  }

  // ---- DirectoryService ----

  /**
   * {@code DirectoryService.GetMyPerson}: the person the token names.
   *
   * @return the calling person
   * @throws ChaperoneException when the call fails
   */
  public Person getMyPerson() {
    return read(DirectoryServiceGrpc.getGetMyPersonMethod(), GetMyPersonRequest.getDefaultInstance());
  }

  /**
   * {@code DirectoryService.GetPerson}.
   *
   * @param name {@code people/{person}}
   * @return the person
   * @throws ChaperoneException when the call fails, e.g. {@code PERSON_NOT_VISIBLE}
   */
  public Person getPerson(String name) {
    return getPerson(GetPersonRequest.newBuilder().setName(name).build());
  }

  /**
   * {@code DirectoryService.GetPerson}.
   *
   * @param request the request
   * @return the person
   * @throws ChaperoneException when the call fails
   */
  public Person getPerson(GetPersonRequest request) {
    return read(DirectoryServiceGrpc.getGetPersonMethod(), request);
  }

  /**
   * {@code DirectoryService.GetClass}: a class the caller belongs to, with the name of its channel.
   *
   * @param name {@code classes/{class}}
   * @return the class
   * @throws ChaperoneException when the call fails, e.g. {@code NOT_A_MEMBER}
   */
  public org.chaperone.api.v1.Class getClass(String name) {
    return getClass(GetClassRequest.newBuilder().setName(name).build());
  }

  /**
   * {@code DirectoryService.GetClass}.
   *
   * @param request the request
   * @return the class
   * @throws ChaperoneException when the call fails
   */
  public org.chaperone.api.v1.Class getClass(GetClassRequest request) {
    return read(DirectoryServiceGrpc.getGetClassMethod(), request);
  }

  /**
   * {@code DirectoryService.ImportRoster}: imports a OneRoster bundle (administrators). Uses the
   * import deadline.
   *
   * @param request the bundle and whether to only validate it
   * @return what changed (or would change)
   * @throws ChaperoneException when the call fails, e.g. {@code ROSTER_INVALID} with every problem
   *     in {@link ChaperoneException#fieldViolations()}
   */
  public ImportRosterResponse importRoster(ImportRosterRequest request) {
    return core.call(DirectoryServiceGrpc.getImportRosterMethod(), request,
        core.deadlines.importRoster(), credentials);
  }

  // ---- ChannelService ----

  /**
   * {@code ChannelService.GetChannel}.
   *
   * @param name {@code channels/{channel}}
   * @return the channel
   * @throws ChaperoneException when the call fails
   */
  public org.chaperone.api.v1.Channel getChannel(String name) {
    return getChannel(GetChannelRequest.newBuilder().setName(name).build());
  }

  /**
   * {@code ChannelService.GetChannel}.
   *
   * @param request the request
   * @return the channel
   * @throws ChaperoneException when the call fails
   */
  public org.chaperone.api.v1.Channel getChannel(GetChannelRequest request) {
    return read(ChannelServiceGrpc.getGetChannelMethod(), request);
  }

  /**
   * {@code ChannelService.ListChannels}: every channel the caller is a member of.
   *
   * @return the channels, ordered by name, the first page fetched
   * @throws ChaperoneException when the first call fails
   */
  public PagedIterable<org.chaperone.api.v1.Channel> listChannels() {
    return listChannels(ListChannelsRequest.getDefaultInstance());
  }

  /**
   * {@code ChannelService.ListChannels}, starting from {@code request} (its page size applies to
   * every page; its page token, if any, to the first).
   *
   * @param request the request
   * @return the channels, the first page fetched
   * @throws ChaperoneException when the first call fails
   */
  public PagedIterable<org.chaperone.api.v1.Channel> listChannels(ListChannelsRequest request) {
    return paged(request, r -> read(ChannelServiceGrpc.getListChannelsMethod(), r),
        (r, token) -> r.toBuilder().setPageToken(token).build(),
        ListChannelsResponse::getChannelsList, ListChannelsResponse::getNextPageToken);
  }

  /**
   * {@code ChannelService.ListMembers}: everyone in a channel, observers included.
   *
   * @param channel {@code channels/{channel}}
   * @return the members, ordered by person, the first page fetched
   * @throws ChaperoneException when the first call fails
   */
  public PagedIterable<Member> listMembers(String channel) {
    return listMembers(ListMembersRequest.newBuilder().setParent(channel).build());
  }

  /**
   * {@code ChannelService.ListMembers}, starting from {@code request}.
   *
   * @param request the request
   * @return the members, the first page fetched
   * @throws ChaperoneException when the first call fails
   */
  public PagedIterable<Member> listMembers(ListMembersRequest request) {
    return paged(request, r -> read(ChannelServiceGrpc.getListMembersMethod(), r),
        (r, token) -> r.toBuilder().setPageToken(token).build(),
        ListMembersResponse::getMembersList, ListMembersResponse::getNextPageToken);
  }

  // ---- MessageService ----

  /**
   * {@code MessageService.CreateMessage}: sends {@code text} to everyone in the channel. Safe to
   * retry: see {@link #createMessage(CreateMessageRequest)}.
   *
   * @param channel {@code channels/{channel}}, e.g. a class's {@code channel}
   * @param text the text, plain UTF-8
   * @return the message as archived, with its recipient count
   * @throws ChaperoneException when the gateway refuses it, e.g. {@code SUPERVISOR_REQUIRED}
   */
  public Message createMessage(String channel, String text) {
    return createMessage(CreateMessageRequest.newBuilder().setParent(channel)
        .setMessage(Message.newBuilder().setText(text)).build());
  }

  /**
   * {@code MessageService.CreateMessage}. When {@code request_id} is empty the client sets a new
   * random one; every retry of this call repeats it, so the gateway creates the message at most
   * once however often the connection drops. To make a send idempotent across calls too (e.g. a
   * nightly job that may run twice), set a {@code request_id} derived from what the message is
   * about: the gateway then returns the original message instead of sending again.
   *
   * @param request the request
   * @return the message as archived
   * @throws ChaperoneException when the gateway refuses it
   */
  public Message createMessage(CreateMessageRequest request) {
    CreateMessageRequest idempotent = request.getRequestId().isEmpty()
        ? request.toBuilder().setRequestId(RequestIds.newId()).build()
        : request;
    return core.call(MessageServiceGrpc.getCreateMessageMethod(), idempotent,
        core.deadlines.send(), credentials);
  }

  /**
   * {@code MessageService.GetMessage}.
   *
   * @param name {@code channels/{channel}/messages/{message}}
   * @return the message
   * @throws ChaperoneException when the call fails
   */
  public Message getMessage(String name) {
    return getMessage(GetMessageRequest.newBuilder().setName(name).build());
  }

  /**
   * {@code MessageService.GetMessage}.
   *
   * @param request the request
   * @return the message
   * @throws ChaperoneException when the call fails
   */
  public Message getMessage(GetMessageRequest request) {
    return read(MessageServiceGrpc.getGetMessageMethod(), request);
  }

  /**
   * {@code MessageService.ListMessages}: a channel's messages, newest first.
   *
   * @param channel {@code channels/{channel}}
   * @return the messages, the first page fetched
   * @throws ChaperoneException when the first call fails
   */
  public PagedIterable<Message> listMessages(String channel) {
    return listMessages(ListMessagesRequest.newBuilder().setParent(channel).build());
  }

  /**
   * {@code MessageService.ListMessages}, starting from {@code request}.
   *
   * @param request the request
   * @return the messages, the first page fetched
   * @throws ChaperoneException when the first call fails
   */
  public PagedIterable<Message> listMessages(ListMessagesRequest request) {
    return paged(request, r -> read(MessageServiceGrpc.getListMessagesMethod(), r),
        (r, token) -> r.toBuilder().setPageToken(token).build(),
        ListMessagesResponse::getMessagesList, ListMessagesResponse::getNextPageToken);
  }

  /**
   * {@code MessageService.StreamMessages} as a {@link Subscription}, with callbacks on the
   * client's callback executor.
   *
   * @param request where to start ({@code cursor}, {@code from_beginning}) and an optional
   *     {@code channel} filter
   * @param listener receives the messages
   * @return the open subscription
   */
  public Subscription subscribe(StreamMessagesRequest request, MessageListener listener) {
    return subscribe(request, listener, core.callbackExecutor);
  }

  /**
   * {@code MessageService.StreamMessages} as a {@link Subscription} that resubscribes from its
   * last cursor after a disconnect (backoff per {@link RetrySettings}, without an attempt limit),
   * so the listener receives every message exactly once and in order. It returns at once; a
   * refusal by the gateway arrives at {@link MessageListener#onError}.
   *
   * @param request where to start ({@code cursor}, {@code from_beginning}) and an optional
   *     {@code channel} filter
   * @param listener receives the messages
   * @param executor runs the listener's callbacks, one at a time
   * @return the open subscription
   */
  public Subscription subscribe(StreamMessagesRequest request, MessageListener listener,
      Executor executor) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(executor, "executor");
    core.checkOpen();
    ResumingSubscription subscription = new ResumingSubscription(core.channel, credentials,
        core.retry, core.scheduler, executor, request, listener, s -> {
          subscriptions.remove(s);
          core.forget(s);
        });
    subscriptions.add(subscription);
    core.register(subscription);
    subscription.start();
    return subscription;
  }

  /**
   * Closes the client: cancels its subscriptions and, for the client that {@link Builder#build()}
   * made, every view's subscriptions, waits up to five seconds for calls in flight, and closes the
   * connection it opened (a channel given to {@link Builder#channel} stays open). Idempotent.
   */
  @Override
  public void close() {
    for (ResumingSubscription s : List.copyOf(subscriptions)) {
      s.close();
    }
    if (root) {
      core.close();
    }
  }

  private <Q, R> R read(io.grpc.MethodDescriptor<Q, R> method, Q request) {
    return core.call(method, request, core.deadlines.read(), credentials);
  }

  private static <Q, S, T> PagedIterable<T> paged(Q first, Function<Q, S> call,
      BiFunction<Q, String, Q> withToken, Function<S, List<T>> items,
      Function<S, String> nextToken) {
    return new PagedIterable<>(page(first, call, withToken, items, nextToken));
  }

  private static <Q, S, T> Page<T> page(Q request, Function<Q, S> call,
      BiFunction<Q, String, Q> withToken, Function<S, List<T>> items,
      Function<S, String> nextToken) {
    S response = call.apply(request);
    return new Page<>(items.apply(response), nextToken.apply(response),
        token -> page(withToken.apply(request, token), call, withToken, items, nextToken));
  }

  /**
   * Configures a {@link ChaperoneClient}: where the gateway is and how to reach it, the
   * credentials, deadlines, retries and executors. Give either {@link #target} or {@link
   * #channel}, and either {@link #token} or {@link #tokenSupplier}.
   *
   * <p>Not thread-safe; use one builder per client.
   */
  public static final class Builder {
    private String target;
    private boolean plaintext;
    private Path trustRoots;
    private Path clientCertificateChain;
    private Path clientPrivateKey;
    private ManagedChannel channel;
    private Supplier<String> tokens;
    private String integrationClientId;
    private String integrationSecret;
    private Duration readDeadline = Duration.ofSeconds(10);
    private Duration sendDeadline = Duration.ofSeconds(30);
    private Duration importDeadline = Duration.ofMinutes(5);
    private RetrySettings retry = RetrySettings.DEFAULT;
    private Executor callbackExecutor;
    private final List<ClientInterceptor> interceptors = new ArrayList<>();

    private Builder() {}

    /**
     * The gateway's address, {@code host:port} (or a gRPC target URI such as {@code
     * dns:///host:port}). The connection uses TLS unless {@link #usePlaintext()} is set.
     *
     * @param target the address
     * @return this builder
     */
    public Builder target(String target) {
      this.target = requireText(target, "target");
      return this;
    }

    /**
     * Connects without TLS: only for a gateway on this machine ({@code localhost}, {@code
     * 127.0.0.1}, {@code ::1}), as in development mode. Tokens must never cross a network in the
     * clear, so {@link #build()} refuses plaintext to any other host.
     *
     * @return this builder
     */
    public Builder usePlaintext() {
      this.plaintext = true;
      return this;
    }

    /**
     * Trusts the certificate authorities in a PEM file instead of the system's, e.g. a district's
     * internal CA.
     *
     * @param pemFile PEM certificates
     * @return this builder
     */
    public Builder trustRoots(Path pemFile) {
      this.trustRoots = Objects.requireNonNull(pemFile, "pemFile");
      return this;
    }

    /**
     * Presents a client certificate (mutual TLS), for gateways that authenticate integrations by
     * certificate as well as by token.
     *
     * @param certificateChain the PEM certificate chain
     * @param privateKey the PEM private key (PKCS#8)
     * @return this builder
     */
    public Builder clientCertificate(Path certificateChain, Path privateKey) {
      this.clientCertificateChain = Objects.requireNonNull(certificateChain, "certificateChain");
      this.clientPrivateKey = Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /**
     * Uses an existing channel instead of {@link #target}, e.g. an in-process channel in tests or
     * one configured in ways this builder does not offer. The client does not close it.
     *
     * @param channel the channel
     * @return this builder
     */
    public Builder channel(ManagedChannel channel) {
      this.channel = Objects.requireNonNull(channel, "channel");
      return this;
    }

    /**
     * Authenticates every call with this bearer token (a JWT from the district's identity
     * provider). For tokens that expire, prefer {@link #tokenSupplier}.
     *
     * @param token the token
     * @return this builder
     */
    public Builder token(String token) {
      String fixed = requireText(token, "token");
      this.tokens = () -> fixed;
      return this;
    }

    /**
     * Authenticates every call with a token from {@code tokens}, which is asked on every call (and
     * on every retry and resubscription), so it can return a refreshed token whenever the old one
     * nears expiry. It should return quickly, e.g. from a cache it refreshes in the background;
     * for blocking calls it runs on the calling thread. If it throws or returns nothing, the call
     * fails with {@code UNAUTHENTICATED}.
     *
     * @param tokens supplies bearer tokens
     * @return this builder
     */
    public Builder tokenSupplier(Supplier<String> tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /**
     * Authenticates as an approved integration: the client exchanges the client id and secret for
     * short-lived access tokens ({@code IntegrationService/CreateAccessToken}) and renews them
     * before they expire. Every call must then name the person it acts for: use
     * {@link ChaperoneClient#onBehalfOf}.
     *
     * @param clientId the integration's client id
     * @param clientSecret its client secret
     * @return this builder
     */
    public Builder integrationCredentials(String clientId, String clientSecret) {
      this.integrationClientId = requireText(clientId, "clientId");
      this.integrationSecret = requireText(clientSecret, "clientSecret");
      return this;
    }

    /**
     * The deadline of each attempt of a read ({@code Get*}, {@code List*}); default 10 seconds.
     *
     * @param deadline a positive duration
     * @return this builder
     */
    public Builder readDeadline(Duration deadline) {
      this.readDeadline = requirePositive(deadline, "read deadline");
      return this;
    }

    /**
     * The deadline of each attempt of {@code CreateMessage}; default 30 seconds.
     *
     * @param deadline a positive duration
     * @return this builder
     */
    public Builder sendDeadline(Duration deadline) {
      this.sendDeadline = requirePositive(deadline, "send deadline");
      return this;
    }

    /**
     * The deadline of each attempt of {@code ImportRoster}; default 5 minutes.
     *
     * @param deadline a positive duration
     * @return this builder
     */
    public Builder importDeadline(Duration deadline) {
      this.importDeadline = requirePositive(deadline, "import deadline");
      return this;
    }

    /**
     * How calls are retried and subscriptions resubscribe; default {@link RetrySettings#DEFAULT}.
     *
     * @param retry the settings
     * @return this builder
     */
    public Builder retrySettings(RetrySettings retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * Runs subscription callbacks unless {@link ChaperoneClient#subscribe(StreamMessagesRequest,
     * MessageListener, Executor) subscribe} names another executor. Default: a pool of daemon
     * threads the client owns and shuts down on close.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Adds an interceptor to every call, e.g. for tracing or metrics. Interceptors see calls in
     * the order they were added, the first outermost, with the {@code x-request-id} header
     * already set; each attempt of a retried call is a call of its own.
     *
     * @param interceptor the interceptor
     * @return this builder
     */
    public Builder addInterceptor(ClientInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /**
     * Builds the client. A client made from a {@link #target} opens its connection lazily, on the
     * first call.
     *
     * @return the client
     * @throws IllegalStateException when the configuration is incomplete or contradictory
     * @throws UncheckedIOException when a PEM file cannot be read
     */
    public ChaperoneClient build() {
      if ((target == null) == (channel == null)) {
        throw new IllegalStateException("give exactly one of target(..) and channel(..)");
      }
      if ((tokens == null) == (integrationClientId == null)) {
        throw new IllegalStateException("give exactly one of token(..), tokenSupplier(..) and"
            + " integrationCredentials(..): every call needs credentials");
      }
      boolean tlsOptions = trustRoots != null || clientCertificateChain != null;
      if (channel != null && (plaintext || tlsOptions)) {
        throw new IllegalStateException(
            "usePlaintext, trustRoots and clientCertificate configure target(..), not a given channel");
      }
      if (plaintext && tlsOptions) {
        throw new IllegalStateException("usePlaintext contradicts trustRoots and clientCertificate");
      }
      if (plaintext && !isLoopback(target)) {
        throw new IllegalStateException("refusing plaintext to " + target
            + ": tokens would cross the network unencrypted; plaintext is for a gateway on this"
            + " machine only");
      }
      ManagedChannel managed = channel != null ? channel : openChannel();
      // The request id header is added first, so added interceptors see it (e.g. for tracing).
      List<ClientInterceptor> chain = new ArrayList<>();
      chain.add(new RequestIds());
      chain.addAll(interceptors);
      // ClientInterceptors.intercept runs the last interceptor first; reverse so that the order
      // of addition is the order in which calls pass.
      Collections.reverse(chain);
      Channel intercepted = ClientInterceptors.intercept(managed, chain);
      ExecutorService owned = callbackExecutor == null
          ? Executors.newCachedThreadPool(
              Thread.ofPlatform().name("chaperone-callback-", 0).daemon().factory())
          : null;
      ClientCore core = new ClientCore(managed, channel == null, intercepted,
          new ClientCore.Deadlines(readDeadline, sendDeadline, importDeadline), retry,
          owned != null ? owned : callbackExecutor, owned);
      Supplier<String> bearer = integrationClientId == null ? tokens
          : new IntegrationTokens(intercepted, integrationClientId, integrationSecret, readDeadline);
      return new ChaperoneClient(core, new BearerTokenCredentials(bearer), true);
    }

    private ManagedChannel openChannel() {
      ChannelCredentials credentials;
      if (plaintext) {
        credentials = InsecureChannelCredentials.create();
      } else {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        try {
          if (trustRoots != null) {
            tls.trustManager(trustRoots.toFile());
          }
          if (clientCertificateChain != null) {
            tls.keyManager(clientCertificateChain.toFile(), clientPrivateKey.toFile());
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
        }
        credentials = tls.build();
      }
      try {
        return Grpc.newChannelBuilder(target, credentials)
            .userAgent("chaperone-java-sdk")
            // While a stream is open, ping every 5 minutes (the most grpc servers permit by
            // default), so a connection that died silently (a NAT or load balancer dropped it)
            // is noticed and the subscription resumes instead of waiting forever.
            .keepAliveTime(5, TimeUnit.MINUTES)
            .keepAliveTimeout(20, TimeUnit.SECONDS)
            .build();
      } catch (ManagedChannelRegistry.ProviderNotFoundException e) {
        throw new IllegalStateException("no gRPC transport on the class path: add"
            + " io.grpc:grpc-netty-shaded (the default) or another transport", e);
      }
    }

    /** Whether the target's host is this machine, without a DNS lookup. */
    static boolean isLoopback(String target) {
      String authority = target;
      int scheme = authority.indexOf(":///");
      if (scheme >= 0) {
        authority = authority.substring(scheme + 4);
      }
      String host;
      if (authority.startsWith("[")) {
        int close = authority.indexOf(']');
        host = close < 0 ? authority : authority.substring(1, close);
      } else {
        int colon = authority.lastIndexOf(':');
        host = colon < 0 ? authority : authority.substring(0, colon);
      }
      host = host.toLowerCase(Locale.ROOT);
      return host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}")
          || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    private static String requireText(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return value;
    }

    private static Duration requirePositive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }
  }
}
