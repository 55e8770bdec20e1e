package org.chaperone.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.type.Date;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.chaperone.api.v1.ApprovalServiceGrpc;
import org.chaperone.api.v1.ArchiveServiceGrpc;
import org.chaperone.api.v1.ChannelServiceGrpc;
import org.chaperone.api.v1.CreateMessageRequest;
import org.chaperone.api.v1.CreateRecordsRequestRequest;
import org.chaperone.api.v1.DirectoryServiceGrpc;
import org.chaperone.api.v1.ExportProductionRequest;
import org.chaperone.api.v1.GetPersonRequest;
import org.chaperone.api.v1.ImportRosterRequest;
import org.chaperone.api.v1.IntegrationServiceGrpc;
import org.chaperone.api.v1.ListMessagesRequest;
import org.chaperone.api.v1.Message;
import org.chaperone.api.v1.MessageServiceGrpc;
import org.chaperone.api.v1.ProductionChunk;
import org.chaperone.api.v1.RecordScope;
import org.chaperone.api.v1.RecordsRequest;
import org.chaperone.api.v1.RecordsRequestKind;
import org.chaperone.api.v1.SearchRecordsRequest;
import org.chaperone.api.v1.StreamMessagesRequest;
import org.chaperone.app.GatewaySettings;
import org.chaperone.archive.ArchiveVerifier;
import org.chaperone.directory.RosterRejectedException;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.chaperone.domain.Role;
import org.chaperone.mail.EmlFormat;
import org.chaperone.policy.content.ContentDraft;
import org.chaperone.policy.content.ContentPolicy;
import org.chaperone.policy.content.ContentPolicySettings;
import org.chaperone.policy.content.Participant;
import org.chaperone.policy.content.StudentDirectory;
import org.chaperone.records.ProductionVerifier;
import org.chaperone.testing.TestDistrict;
import org.chaperone.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutational fuzzing of what strangers can hand the gateway: request messages as raw protobuf
 * bytes to every RPC, OneRoster bundles, message texts for the content policy (its normaliser
 * first), and production zips for the offline verifier. Inputs are seeds (valid values) mutated
 * by byte flips, insertions, deletions, repeats, splices and interesting values, from a seeded
 * random source, so every run is repeatable ({@code -Dchaperone.fuzz.seed}).
 *
 * <p>Each input must be answered within 10 s, without an unexpected exception (for RPCs: never
 * {@code INTERNAL} or {@code UNKNOWN}); after the RPC run the archive must still verify (no
 * half-written change). CI runs {@value #CI_INPUTS} inputs per target; the long run is
 * {@code -Dchaperone.fuzz.inputs=250000} (a million in all).
 */
class MutationalFuzzTest {
  static final int CI_INPUTS = 1500;
  private static final int INPUTS = Integer.getInteger("chaperone.fuzz.inputs", CI_INPUTS);
  private static final long SEED = Long.getLong("chaperone.fuzz.seed", 20261123L);

  @TempDir static Path dataDir;
  private static TestGateway gw;
  private static byte[] production;
  private static final ExecutorService worker = Executors.newSingleThreadExecutor(
      Thread.ofPlatform().daemon().name("fuzz-input").factory());

  @BeforeAll
  static void start() {
    GatewaySettings settings = GatewaySettings.development(dataDir, 0).withDemoDistrict(false)
        .withRateLimits(GatewaySettings.RateLimits.OFF);
    settings = settings.withArchive(settings.archive().withCheckpointInterval(Duration.ZERO)
        .withRecordsOfficers(Set.of(TestDistrict.ADMIN)));
    gw = TestGateway.start(settings);
    gw.messages(TestDistrict.TEACHER).createMessage(CreateMessageRequest.newBuilder()
        .setParent("channels/" + TestDistrict.MATH)
        .setMessage(Message.newBuilder().setText("Unit 3 quiz on Friday. Calculators allowed.")).build());
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String request = gw.archive(TestDistrict.ADMIN).createRecordsRequest(CreateRecordsRequestRequest
        .newBuilder().setRecordsRequest(RecordsRequest.newBuilder()
            .setKind(RecordsRequestKind.PUBLIC_RECORDS).setRequester("Gazette")
            .setReceivedDate(Date.newBuilder().setYear(today.getYear()).setMonth(today.getMonthValue())
                .setDay(today.getDayOfMonth()))
            .setScope(RecordScope.newBuilder().setChannel("channels/" + TestDistrict.MATH)))
        .build()).getName();
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    Iterator<ProductionChunk> chunks = gw.archive(TestDistrict.ADMIN).exportProduction(
        ExportProductionRequest.newBuilder().setName(request).build());
    chunks.forEachRemaining(c -> zip.writeBytes(c.getData().toByteArray()));
    production = zip.toByteArray();
  }

  @AfterAll
  static void stop() {
    worker.shutdownNow();
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void requestBytesToEveryRpc() throws Exception {
    Map<String, List<byte[]>> seeds = rpcSeeds();
    List<MethodDescriptor<byte[], byte[]>> methods = new ArrayList<>();
    for (ServiceDescriptor service : List.of(MessageServiceGrpc.getServiceDescriptor(),
        ChannelServiceGrpc.getServiceDescriptor(), ApprovalServiceGrpc.getServiceDescriptor(),
        IntegrationServiceGrpc.getServiceDescriptor(), DirectoryServiceGrpc.getServiceDescriptor(),
        ArchiveServiceGrpc.getServiceDescriptor())) {
      for (MethodDescriptor<?, ?> m : service.getMethods()) {
        methods.add(MethodDescriptor.<byte[], byte[]>newBuilder().setType(m.getType())
            .setFullMethodName(m.getFullMethodName()).setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES).build());
      }
    }
    Random random = new Random(SEED);
    io.grpc.Channel admin = ClientInterceptors.intercept(gw.channel(),
        io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(bearer(gw.token(TestDistrict.ADMIN))));
    io.grpc.Channel teacher = ClientInterceptors.intercept(gw.channel(),
        io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(bearer(gw.token(TestDistrict.TEACHER))));
    Map<Status.Code, Integer> codes = new java.util.TreeMap<>();
    run("rpc", INPUTS, random, r -> {
      MethodDescriptor<byte[], byte[]> method = methods.get(r.nextInt(methods.size()));
      List<byte[]> own = seeds.getOrDefault(method.getFullMethodName(), List.of(new byte[0]));
      byte[] input = Mutator.mutate(own.get(r.nextInt(own.size())), r);
      io.grpc.Channel as = r.nextBoolean() ? admin : teacher;
      Status.Code code = Status.Code.OK;
      try {
        if (method.getType() == MethodDescriptor.MethodType.UNARY) {
          ClientCalls.blockingUnaryCall(as, method, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), input);
        } else {
          Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(as, method,
              CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS), input);
          for (int i = 0; i < 50 && it.hasNext(); i++) {
            it.next();
          }
        }
      } catch (StatusRuntimeException e) {
        code = e.getStatus().getCode();
        if (code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN) {
          throw new AssertionError(method.getFullMethodName() + " answered " + e.getStatus()
              + " to " + hex(input), e);
        }
      }
      synchronized (codes) {
        codes.merge(code, 1, Integer::sum);
      }
    });
    System.out.println("Fuzz rpc status codes: " + codes);
    gw.gateway().checkpoints().writeIfGrown();
    assertThat(new ArchiveVerifier(gw.gateway().store(), List.of(gw.gateway().checkpoints().publicKey()))
        .verify().ok()).as("the archive verifies after the fuzzed calls").isTrue();
  }

  @Test
  void oneRosterBundles() throws Exception {
    Map<String, String> files = TestDistrict.files();
    byte[] seed = TestDistrict.zip();
    run("oneroster", INPUTS, new Random(SEED + 1), r -> {
      byte[] input;
      if (r.nextBoolean()) {
        input = Mutator.mutate(seed, r);
      } else {
        Map<String, String> changed = new LinkedHashMap<>(files);
        String name = new ArrayList<>(changed.keySet()).get(r.nextInt(changed.size()));
        changed.put(r.nextInt(10) == 0 ? Mutator.entryName(name, r) : name,
            new String(Mutator.mutate(changed.remove(name).getBytes(StandardCharsets.UTF_8), r),
                StandardCharsets.UTF_8));
        input = TestDistrict.zip(changed);
      }
      try {
        OneRosterReader.readZip(input);
      } catch (RosterRejectedException expected) {
        // A malformed bundle is rejected whole, with its problems listed.
      }
    });
  }

  @Test
  void messageTextsForTheContentPolicy() throws Exception {
    ContentPolicy policy = new ContentPolicy(ContentPolicySettings.defaults());
    StudentDirectory directory = StudentDirectory.of(List.of(
        new StudentDirectory.Student("s1", "Sam", "One", true),
        new StudentDirectory.Student("s2", "Sue", "Two", false)));
    Participant teacher = new Participant("teacher-1", Role.TEACHER);
    Participant student = new Participant("s1", Role.STUDENT);
    List<String> seeds = List.of("Unit 3 quiz on Friday. Calculators allowed.",
        "text me at 503-555-0123 or sam dot one at gmail dot com",
        "don't tell your parents, this is our secret 😉", "ｆｕｌｌ ｗｉｄｔｈ ａｎｄ z\u200be\u200br\u200bo",
        "Sue Two got a D on the test and was suspended", "m33t me after school, I'll drive you home",
        "ＤＭ me on snap @cool_teacher", "١٢٣ ४५६ 𝟕𝟖𝟗 nine eight seven", "a".repeat(4000));
    Instant now = Instant.parse("2026-03-04T15:00:00Z");
    run("content-policy", INPUTS, new Random(SEED + 2), r -> {
      String text = Mutator.text(seeds.get(r.nextInt(seeds.size())), r);
      boolean staff = r.nextBoolean();
      policy.evaluate(ContentDraft.of(text, staff ? teacher : student, List.of(staff ? student : teacher)),
          directory, now);
    });
  }

  @Test
  void productionZipsForTheOfflineVerifier() throws Exception {
    ProductionVerifier verifier = new ProductionVerifier(new EmlFormat());
    var keys = List.of(gw.gateway().checkpoints().publicKey());
    assertThat(verifier.verify(new ByteArrayInputStream(production), keys).ok())
        .as("the seed production verifies").isTrue();
    Map<String, byte[]> entries = unzip(production);
    run("production-verifier", INPUTS, new Random(SEED + 3), r -> {
      byte[] input;
      if (r.nextInt(3) == 0) {
        input = Mutator.mutate(production, r);
      } else {
        Map<String, byte[]> changed = new LinkedHashMap<>(entries);
        List<String> names = new ArrayList<>(changed.keySet());
        String name = names.get(r.nextInt(names.size()));
        byte[] bytes = changed.remove(name);
        changed.put(r.nextInt(8) == 0 ? Mutator.entryName(name, r) : name, Mutator.mutate(bytes, r));
        input = zip(changed);
      }
      assertThat(verifier.verify(new ByteArrayInputStream(input), keys)).isNotNull();
    });
  }

  /** Runs {@code inputs} inputs, each within 10 s; records and rethrows the first failure. */
  private static void run(String target, int inputs, Random random, Consumer<Random> input) throws Exception {
    long started = System.nanoTime();
    for (int i = 0; i < inputs; i++) {
      long inputSeed = random.nextLong();
      Future<?> f = worker.submit(() -> input.accept(new Random(inputSeed)));
      try {
        f.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        f.cancel(true);
        throw new AssertionError(target + ": input " + i + " (seed " + inputSeed + ") hung", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new AssertionError(target + ": input " + i + " (seed " + inputSeed + ") failed: "
            + e.getCause(), e.getCause());
      }
    }
    System.out.printf("Fuzz %s: %d inputs in %d ms, no crash or hang (seed %d)%n", target, inputs,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), SEED);
  }

  private static Map<String, List<byte[]>> rpcSeeds() {
    Map<String, List<byte[]>> seeds = new LinkedHashMap<>();
    seeds.put(MessageServiceGrpc.getCreateMessageMethod().getFullMethodName(), List.of(
        CreateMessageRequest.newBuilder().setParent("channels/" + TestDistrict.MATH).setRequestId("fuzz-1")
            .setMessage(Message.newBuilder().setText("Homework: page 12.")).build().toByteArray()));
    seeds.put(MessageServiceGrpc.getListMessagesMethod().getFullMethodName(), List.of(
        ListMessagesRequest.newBuilder().setParent("channels/" + TestDistrict.MATH).setPageSize(5)
            .setOversightReason("review").build().toByteArray()));
    seeds.put(MessageServiceGrpc.getStreamMessagesMethod().getFullMethodName(), List.of(
        StreamMessagesRequest.newBuilder().setChannel("channels/" + TestDistrict.MATH)
            .setFromBeginning(true).build().toByteArray()));
    seeds.put(DirectoryServiceGrpc.getGetPersonMethod().getFullMethodName(), List.of(
        GetPersonRequest.newBuilder().setName("people/s1").build().toByteArray()));
    seeds.put(DirectoryServiceGrpc.getImportRosterMethod().getFullMethodName(), List.of(
        ImportRosterRequest.newBuilder().setBundleZip(ByteString.copyFrom(TestDistrict.zip()))
            .setValidateOnly(true).build().toByteArray()));
    seeds.put(ArchiveServiceGrpc.getSearchRecordsMethod().getFullMethodName(), List.of(
        SearchRecordsRequest.newBuilder().setWords("quiz friday").setChannel("channels/math-101")
            .setPageSize(3).build().toByteArray()));
    return seeds;
  }

  private static io.grpc.Metadata bearer(String token) {
    io.grpc.Metadata headers = new io.grpc.Metadata();
    headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + token);
    return headers;
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  };

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  private static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b, 0, Math.min(b.length, 256));
  }

  /** Byte- and text-level mutations. */
  static final class Mutator {
    private static final byte[][] INTERESTING = {{0}, {(byte) 0xff}, {(byte) 0x80}, {0x7f},
        {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, "\u0000".getBytes(StandardCharsets.UTF_8),
        {(byte) 0xc3}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "😀".getBytes(StandardCharsets.UTF_8),
        ",\"\n".getBytes(StandardCharsets.UTF_8), "PK\u0003\u0004".getBytes(StandardCharsets.ISO_8859_1)};
    private static final String[] WORDS = {"\u200b", "\u202e", "ｆ", "𝐚", "0", "@", ".", " dot ",
        " at ", "\ud83d", "\r\n", "\t", "é", "İ", "ß", "\u0301", "٣", "DM", "snap", "s3cr3t"};

    static byte[] mutate(byte[] seed, Random r) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] b = seed.clone();
      int rounds = 1 + r.nextInt(4);
      for (int round = 0; round < rounds; round++) {
        out.reset();
        int at = b.length == 0 ? 0 : r.nextInt(b.length + 1);
        switch (r.nextInt(7)) {
          case 0 -> { // flip bits
            if (b.length > 0) {
              b[Math.min(at, b.length - 1)] ^= (byte) (1 << r.nextInt(8));
            }
            continue;
          }
          case 1 -> { // random bytes inserted
            out.write(b, 0, at);
            byte[] noise = new byte[1 + r.nextInt(16)];
            r.nextBytes(noise);
            out.writeBytes(noise);
            out.write(b, at, b.length - at);
          }
          case 2 -> { // a range deleted
            int len = b.length == at ? 0 : r.nextInt(Math.min(64, b.length - at) + 1);
            out.write(b, 0, at);
            out.write(b, at + len, b.length - at - len);
          }
          case 3 -> { // a range repeated
            int len = b.length == at ? 0 : r.nextInt(Math.min(64, b.length - at) + 1);
            out.write(b, 0, at + len);
            for (int i = 0; i < 1 + r.nextInt(8); i++) {
              out.write(b, at, len);
            }
            out.write(b, at + len, b.length - at - len);
          }
          case 4 -> { // an interesting value
            out.write(b, 0, at);
            out.writeBytes(INTERESTING[r.nextInt(INTERESTING.length)]);
            out.write(b, at, b.length - at);
          }
          case 5 -> { // truncated
            out.write(b, 0, at);
          }
          default -> { // a byte overwritten
            if (b.length > 0) {
              b[Math.min(at, b.length - 1)] = (byte) r.nextInt(256);
            }
            continue;
          }
        }
        b = out.toByteArray();
      }
      return b;
    }

    /** A mutated zip entry name that a zip can still hold (no unpaired surrogates). */
    static String entryName(String seed, Random r) {
      return new String(text(seed, r).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    static String text(String seed, Random r) {
      if (r.nextInt(4) == 0) {
        return new String(mutate(seed.getBytes(StandardCharsets.UTF_8), r), StandardCharsets.UTF_8);
      }
      StringBuilder s = new StringBuilder(seed);
      for (int i = 0; i < 1 + r.nextInt(6); i++) {
        int at = r.nextInt(s.length() + 1);
        switch (r.nextInt(3)) {
          case 0 -> s.insert(at, WORDS[r.nextInt(WORDS.length)]);
          case 1 -> s.insert(at, (char) r.nextInt(0x3000));
          default -> s.insert(at, Character.toChars(0x1d400 + r.nextInt(0x400)));
        }
      }
      return s.toString();
    }
  }
}
