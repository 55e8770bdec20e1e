package org.chaperone.outbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.store.Store;
import org.chaperone.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailer: sends what the outbox holds, after the commits that put it there, and records every
 * attempt.
 *
 * <p>One dispatcher thread claims due rows (a lease in the store, so that gateway nodes sharing
 * a database, or a restarted gateway, never send a row another mailer holds) and gathers due
 * digest entries into digest emails. {@link MailSender#parallelism()} sender threads each take a
 * batch of claimed rows, send them one by one over their own connection, and record the outcomes
 * of the whole batch in one store transaction: the row's new state and one archive entry per
 * attempt ({@link OutboxEvents}), together. Temporary failures are retried with exponential
 * backoff ({@link RetryPolicy}); when the server cannot be reached, the rest of the batch waits
 * with the failed row instead of trying it too.
 *
 * <p>Delivery is at least once: an email whose acceptance could not be recorded (the gateway
 * stopped between the server's reply and the commit) is sent again once its claim expires, with
 * the same {@code Message-ID}, so that the receiving side can recognise it.
 *
 * <p>Thread-safe. {@link #close()} stops taking new work, lets the batches being sent finish and
 * releases the claims it holds, so a restarted gateway resumes at once.
 */
public final class OutboxDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
  /** The longest the dispatcher sleeps without looking at the outbox (it is also woken). */
  private static final long TICK_MS = 1_000;
  private static final int BATCH = 32;
  private static final int DIGEST_SCAN = 5_000;
  private static final int DIGEST_MAX_ENTRIES = 100;

  private final Store store;
  private final MailSender sender;
  private final CopyComposer composer;
  private final Clock clock;
  private final RetryPolicy retry;
  private final String mailDomain;
  private final int capacity;
  /** A row this mailer claimed; {@link #held} says until when. */
  private record Claim(EmailJob job) {
    long id() {
      return job.id();
    }
  }

  private final BlockingQueue<Claim> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Rows queued, being sent or being recorded here, with the end of their claim. */
  private final Map<Long, Instant> held = new ConcurrentHashMap<>();
  private final Object signal = new Object();
  private boolean signalled;
  private volatile boolean running;
  private Thread dispatcher;
  private Thread recorder;
  private volatile boolean sendersDone;
  /** Sent batches whose outcomes the recorder has yet to commit. */
  private final BlockingQueue<SentBatch> sent = new LinkedBlockingQueue<>();
  private final List<Thread> senders = new ArrayList<>();

  public OutboxDispatcher(Store store, MailSender sender, CopyComposer composer, Clock clock,
      RetryPolicy retry, String mailDomain) {
    this.store = Objects.requireNonNull(store, "store");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.composer = Objects.requireNonNull(composer, "composer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.mailDomain = Objects.requireNonNull(mailDomain, "mailDomain");
    this.capacity = Math.max(1, sender.parallelism()) * BATCH * 2;
  }

  /** Starts the dispatcher and sender threads. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    dispatcher = Thread.ofPlatform().name("outbox-dispatcher").daemon().start(this::dispatchLoop);
    for (int i = 0; i < Math.max(1, sender.parallelism()); i++) {
      senders.add(Thread.ofPlatform().name("outbox-sender-" + i).daemon().start(this::sendLoop));
    }
    recorder = Thread.ofPlatform().name("outbox-recorder").daemon().start(this::recordLoop);
  }

  /** Tells the dispatcher that something may be due (called after commits that queued email). */
  public void wake() {
    synchronized (signal) {
      signalled = true;
      signal.notifyAll();
    }
  }

  private void await(long millis) throws InterruptedException {
    synchronized (signal) {
      if (!signalled && millis > 0) {
        signal.wait(millis);
      }
      signalled = false;
    }
  }

  private void dispatchLoop() {
    while (running) {
      long waitMs = TICK_MS;
      try {
        waitMs = dispatchOnce();
      } catch (StoreException e) {
        log.warn("The mailer cannot reach the store: {}", e.getMessage());
      } catch (RuntimeException e) {
        log.error("The mailer's dispatcher failed; it carries on", e);
      }
      try {
        await(waitMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One round: compose due digests, claim due rows; returns how long to wait before the next. */
  private long dispatchOnce() {
    Instant now = clock.instant();
    Optional<Instant> digestDue = store.reader().outbox().nextDigestDue();
    if (digestDue.isPresent() && !digestDue.get().isAfter(now)) {
      composeDigests(now);
    }
    Optional<Instant> due = store.reader().outbox().nextDue();
    long wait = TICK_MS;
    if (due.isPresent() && !due.get().isAfter(now)) {
      int room = capacity - queue.size() - inFlight.get();
      if (room <= 0) {
        return TICK_MS; // the senders wake us when they finish a batch
      }
      Instant leaseUntil = now.plus(retry.lease());
      // Rows still held here are excluded even if their claim expired meanwhile: they are being
      // sent or recorded, and claiming them again would change the claim under the holder.
      List<Long> holding = List.copyOf(held.keySet());
      List<EmailJob> claimed = store.write(tx -> tx.outbox().claimDue(now, leaseUntil, room, holding));
      for (EmailJob job : claimed) {
        held.put(job.id(), leaseUntil);
        queue.add(new Claim(job));
      }
      // A full claim fills the queue: the senders wake us as they finish batches. A partial one
      // took everything due, so look again at once for when the next row falls due.
      return claimed.isEmpty() || claimed.size() == room ? TICK_MS : 0;
    }
    if (due.isPresent()) {
      wait = Math.min(wait, Math.max(1, Duration.between(now, due.get()).toMillis()));
    }
    if (digestDue.isPresent()) {
      wait = Math.min(wait, Math.max(1, Duration.between(now, digestDue.get()).toMillis()));
    }
    return wait;
  }

  /**
   * Gathers every due digest entry into digest emails, one per person and due time (split every
   * {@value #DIGEST_MAX_ENTRIES} entries), queued like any email. Returns how many it made.
   */
  int composeDigests(Instant now) {
    return store.write(tx -> {
      List<EmailJob> entries = tx.outbox().dueDigestEntries(now, DIGEST_SCAN);
      Map<String, List<EmailJob>> groups = new LinkedHashMap<>();
      for (EmailJob e : entries) {
        groups.computeIfAbsent(e.personId() + "\u0000" + e.nextAttemptTime(), k -> new ArrayList<>())
            .add(e);
      }
      int made = 0;
      for (List<EmailJob> group : groups.values()) {
        EmailJob first = group.getFirst();
        EmailJob last = group.getLast();
        int parts = (group.size() + DIGEST_MAX_ENTRIES - 1) / DIGEST_MAX_ENTRIES;
        for (int part = 0; part < parts; part++) {
          List<EmailJob> slice = group.subList(part * DIGEST_MAX_ENTRIES,
              Math.min(group.size(), (part + 1) * DIGEST_MAX_ENTRIES));
          CopyComposer.Text text = composer.digest(last.displayName(), slice,
              first.nextAttemptTime(), part + 1, parts);
          // Why deterministic: two nodes composing the same digest at once make the same
          // Message-ID; the unique index lets only one of them commit.
          String mimeId = "<digest." + shortHash(first.personId()) + "."
              + first.nextAttemptTime().getEpochSecond() + "." + slice.getFirst().id() + "@"
              + mailDomain + ">";
          String subjectRef = "people/" + first.personId() + "/digests/" + first.nextAttemptTime();
          NewEmail digest = new NewEmail(EmailKind.DIGEST, EmailState.PENDING, first.personId(),
              last.address(), last.displayName(), mimeId, subjectRef, 0, "digest", text.subject(),
              text.body(), now, now, "");
          long id = tx.outbox().insertReturningId(digest);
          tx.outbox().markDigested(slice.stream().map(EmailJob::id).toList(), id, now);
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("email", "emails/" + id);
          details.put("to", first.personId());
          details.put("address", last.address());
          details.put("message_id", mimeId);
          details.put("copies", slice.stream().map(EmailJob::subjectRef).toList());
          details.put("due_time", first.nextAttemptTime().toString());
          tx.append(new ArchiveEvent("email.digest_composed", OutboxEvents.MAILER, subjectRef, now,
              details));
          made++;
        }
      }
      return made;
    });
  }

  private void sendLoop() {
    while (running) {
      List<Claim> batch = new ArrayList<>(BATCH);
      try {
        Claim first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        int share = Math.min(BATCH, queue.size() / Math.max(1, sender.parallelism()) + 1);
        queue.drainTo(batch, share - 1);
        inFlight.addAndGet(batch.size());
        // Why hand over: the connection keeps sending while the recorder waits for the commit.
        sent.add(sendBatch(batch));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done(batch);
        return;
      } catch (RuntimeException e) {
        log.error("A mailer thread failed; its claimed emails are retried when their claims expire", e);
        done(batch);
      }
    }
  }

  /** Commits the outcomes of sent batches, several at a time, then lets their rows go. */
  private void recordLoop() {
    List<SentBatch> pending = new ArrayList<>();
    while (true) {
      try {
        SentBatch first = sent.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (sendersDone) {
            return;
          }
          continue;
        }
        pending.add(first);
        sent.drainTo(pending);
        List<Attempt> attempts = new ArrayList<>();
        List<Claim> waiting = new ArrayList<>();
        for (SentBatch b : pending) {
          attempts.addAll(b.attempts());
          waiting.addAll(b.waiting());
        }
        record(attempts, waiting);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("Recording email outcomes failed; the emails are retried when their claims expire", e);
      } finally {
        pending.forEach(b -> done(b.batch()));
        pending.clear();
      }
    }
  }

  private void done(List<Claim> batch) {
    batch.forEach(c -> held.remove(c.id()));
    inFlight.addAndGet(-batch.size());
    wake();
  }

  private record Attempt(EmailJob job, SendOutcome outcome) {}

  private record SentBatch(List<Claim> batch, List<Attempt> attempts, List<Claim> waiting) {}

  private SentBatch sendBatch(List<Claim> batch) {
    List<Attempt> attempts = new ArrayList<>(batch.size());
    List<Claim> waiting = new ArrayList<>();
    boolean serverDown = false;
    // Why a margin: a claim that is about to expire may be taken by another mailer while this one
    // is still talking to the server; such rows are handed back unsent instead.
    Duration margin = retry.lease().dividedBy(5);
    for (Claim claim : batch) {
      if (serverDown || !running || !clock.instant().plus(margin).isBefore(leaseOf(claim))) {
        waiting.add(claim);
        continue;
      }
      EmailJob job = claim.job();
      SendOutcome outcome;
      try {
        outcome = sender.send(OutgoingEmail.of(job));
      } catch (RuntimeException e) {
        log.error("The mail sender failed on emails/{}", job.id(), e);
        outcome = new SendOutcome.Deferred("mail sender error: " + e, false);
      }
      attempts.add(new Attempt(job, outcome));
      // The rest of the batch waits with this email rather than each failing the same way.
      serverDown = outcome instanceof SendOutcome.Deferred d && d.serverUnreachable();
    }
    return new SentBatch(batch, attempts, waiting);
  }

  /** Records a batch's outcomes in one transaction; retries while the store is unavailable. */
  private void record(List<Attempt> attempts, List<Claim> waiting) throws InterruptedException {
    for (int tries = 1; ; tries++) {
      try {
        store.write(tx -> {
          Instant now = clock.instant();
          Instant waitingUntil = now;
          for (Attempt a : attempts) {
            EmailJob job = a.job();
            int attempt = job.attempts() + 1;
            switch (a.outcome()) {
              case SendOutcome.Accepted ok -> {
                if (tx.outbox().recordAttempt(job.id(), EmailState.SENT, attempt, now, ok.reply(), now)) {
                  tx.append(OutboxEvents.outcome("email.accepted", job, attempt, ok.reply(), now, null));
                }
              }
              case SendOutcome.Rejected no -> {
                if (tx.outbox().recordAttempt(job.id(), EmailState.FAILED, attempt, now, no.reply(), now)) {
                  tx.append(OutboxEvents.outcome("email.failed", job, attempt, no.reply(), now, null));
                }
              }
              case SendOutcome.Deferred later -> {
                if (retry.mayRetry(attempt)) {
                  Instant next = retry.nextAttempt(now, attempt);
                  if (later.serverUnreachable() && next.isAfter(waitingUntil)) {
                    waitingUntil = next;
                  }
                  if (tx.outbox().recordAttempt(job.id(), EmailState.PENDING, attempt, next,
                      later.reply(), null)) {
                    tx.append(OutboxEvents.outcome("email.retrying", job, attempt, later.reply(), now, next));
                  }
                } else {
                  String reply = "gave up after " + attempt + " attempts; last: " + later.reply();
                  if (tx.outbox().recordAttempt(job.id(), EmailState.FAILED, attempt, now, reply, now)) {
                    tx.append(OutboxEvents.outcome("email.failed", job, attempt, reply, now, null));
                  }
                }
              }
            }
          }
          for (Claim c : waiting) {
            tx.outbox().release(c.id(), leaseOf(c), waitingUntil);
          }
          return null;
        });
        return;
      } catch (StoreException e) {
        if (!running && tries >= 3 || tries >= 60) {
          log.error("Could not record the outcome of {} email attempt(s) ({}); they will be sent"
              + " again when their claims expire", attempts.size(), e.getMessage());
          return;
        }
        log.warn("Could not record email outcomes yet ({}); retrying", e.getMessage());
        Thread.sleep(Math.min(5_000, 250L * tries));
      }
    }
  }

  private Instant leaseOf(Claim c) {
    return held.getOrDefault(c.id(), Instant.EPOCH);
  }

  /** Stops: no new claims, batches in progress finish, queued claims are released. */
  @Override
  public void close() {
    synchronized (this) {
      if (!running) {
        sender.close();
        return;
      }
      running = false;
    }
    wake();
    join(dispatcher);
    for (Thread t : senders) {
      join(t);
    }
    sendersDone = true;
    join(recorder);
    List<Claim> unsent = new ArrayList<>();
    queue.drainTo(unsent);
    if (!unsent.isEmpty()) {
      try {
        Instant now = clock.instant();
        store.write(tx -> {
          for (Claim c : unsent) {
            tx.outbox().release(c.id(), leaseOf(c), now);
          }
          return null;
        });
      } catch (StoreException e) {
        log.warn("Could not release {} claimed email(s) ({}); they are retried when their claims"
            + " expire", unsent.size(), e.getMessage());
      }
    }
    sender.close();
  }

  private static void join(Thread t) {
    if (t == null) {
      return;
    }
    try {
      t.join(TimeUnit.SECONDS.toMillis(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String shortHash(String s) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
