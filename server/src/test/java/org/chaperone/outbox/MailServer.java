package org.chaperone.outbox;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real SMTP server (GreenMail) on a fixed local port that tests can stop and start again. The
 * messages it received stay readable across restarts.
 */
final class MailServer implements AutoCloseable {
  private final int port;
  private final List<MimeMessage> earlier = new ArrayList<>();
  private GreenMail greenMail;

  MailServer(int port) {
    this.port = port;
  }

  /** A server on a free port, started. */
  static MailServer started() {
    MailServer s = new MailServer(freePort());
    s.start();
    return s;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  synchronized void start() {
    ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    setup.setServerStartupTimeout(10_000);
    greenMail = new GreenMail(setup);
    greenMail.start();
  }

  synchronized void stop() {
    if (greenMail != null) {
      earlier.addAll(Arrays.asList(greenMail.getReceivedMessages()));
      greenMail.stop();
      greenMail = null;
    }
  }

  /** Everything received so far, across restarts. */
  synchronized List<MimeMessage> received() {
    List<MimeMessage> all = new ArrayList<>(earlier);
    if (greenMail != null) {
      all.addAll(Arrays.asList(greenMail.getReceivedMessages()));
    }
    return all;
  }

  /** Waits until at least {@code count} messages arrived in all; returns them. */
  List<MimeMessage> await(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<MimeMessage> all = received();
    while (all.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " emails, got " + all.size());
      }
      Thread.sleep(20);
      all = received();
    }
    return all;
  }

  /** Received messages grouped by recipient address. */
  Map<String, List<MimeMessage>> byRecipient() throws MessagingException {
    Map<String, List<MimeMessage>> out = new TreeMap<>();
    for (MimeMessage m : received()) {
      for (var to : m.getAllRecipients()) {
        out.computeIfAbsent(((jakarta.mail.internet.InternetAddress) to).getAddress(),
            k -> new ArrayList<>()).add(m);
      }
    }
    return out;
  }

  @Override
  public void close() {
    stop();
  }

  static String body(MimeMessage m) {
    try {
      return String.valueOf(m.getContent());
    } catch (IOException | MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String id(MimeMessage m) {
    try {
      return m.getMessageID();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
