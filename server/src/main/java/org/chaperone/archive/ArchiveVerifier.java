package org.chaperone.archive;

import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chaperone.archive.VerificationReport.Check;
import org.chaperone.archive.VerificationReport.Finding;
import org.chaperone.domain.Message;
import org.chaperone.domain.MessageVersion;
import org.chaperone.store.ArchiveReader;
import org.chaperone.store.Store;
import org.chaperone.store.StoreException;

/**
 * Checks the whole stored archive against itself and against its signed checkpoints: the use case
 * behind {@code chaperone archive verify}. Every failure is reported as a {@link Finding} naming
 * the {@link Check} that failed and the entry, checkpoint, node or message concerned, so that an
 * altered, removed, reordered or inserted row is not only detected but located.
 *
 * <p>One pass over the log in index order: each payload is re-hashed (the leaf hash is recomputed,
 * never read), its columns compared with it, and the RFC 6962 tree recomputed with a
 * {@link CompactRange}; when the pass reaches a checkpoint's size, the recomputed root must be the
 * signed one. Message rows are merged in by archive index. Time O(n) hashing and O(n / page)
 * queries; memory O(log n) plus the recomputed upper subtrees (32 bytes per 2^storedLevel
 * entries) for comparing the stored ones.
 *
 * <p>Read-only. A verifier is not thread-safe; use one per run.
 */
public final class ArchiveVerifier {
  private static final int PAGE = 1000;

  private final Store store;
  private final ArchiveReader archive;
  private final List<ArchivePublicKey> trustedKeys;
  private final int storedLevel;

  /**
   * @param trustedKeys the public keys checkpoints may be signed with; they must come from outside
   *     the database (the key file, the district's published verifier key), or a forger with
   *     database access could bring their own
   */
  public ArchiveVerifier(Store store, List<ArchivePublicKey> trustedKeys) {
    this(store, trustedKeys, ArchiveTree.STORED_LEVEL);
  }

  /** A verifier for a store whose tree keeps subtrees from {@code storedLevel} up. */
  public ArchiveVerifier(Store store, List<ArchivePublicKey> trustedKeys, int storedLevel) {
    this.store = store;
    this.archive = store.archive();
    this.trustedKeys = List.copyOf(trustedKeys);
    this.storedLevel = storedLevel;
  }

  /** Runs every check. */
  public VerificationReport verify() {
    return new Run().execute();
  }

  private final class Run {
    private final List<Finding> findings = new ArrayList<>();
    private final Map<Check, Long> suppressed = new EnumMap<>(Check.class);
    private final Map<Integer, List<byte[]>> computedNodes = new HashMap<>();
    private final ArchiveTree tree = new ArchiveTree(store, storedLevel);
    private final Deque<Checkpoint> checkpointPage = new ArrayDeque<>();
    private final Deque<Message> messagePage = new ArrayDeque<>();
    private final Deque<MessageVersion> versionPage = new ArrayDeque<>();
    private long versionsAfterIndex = -1;
    private boolean versionsDone;
    private long checkpointsAfter = -1;
    private boolean checkpointsDone;
    private long messagesAfterIndex = -1;
    private long messagesAfterId;
    private boolean messagesDone;
    private long checkpointCount;
    private long messageCount;
    private Checkpoint previous;
    private byte[] previousRoot;
    private long lastCheckpointSize;

    VerificationReport execute() {
      ArchiveReader.LogCounts counts = archive.logCounts();
      long n = counts.headSize();
      if (counts.entryCount() != n || counts.nextIndex() != n) {
        add(Check.LOG_HEAD, "log_head", "the head says the log holds " + n + " entries, but it has "
            + counts.entryCount() + " rows with indexes below " + counts.nextIndex());
      }
      long bound = Math.max(n, counts.nextIndex());
      CompactRange range = new CompactRange((level, index, hash) -> {
        if (level >= storedLevel) {
          computedNodes.computeIfAbsent(level, k -> new ArrayList<>()).add(hash);
        }
      });
      reachCheckpoints(range);
      long expected = 0;
      long entries = 0;
      long from = 0;
      while (from < bound) {
        List<ArchiveEntry> page = archive.entries(from, bound, PAGE);
        if (page.isEmpty()) {
          break;
        }
        for (ArchiveEntry e : page) {
          entries++;
          if (e.index() != expected) {
            add(Check.LEAF_SEQUENCE, "entry " + expected + (e.index() - 1 > expected
                ? " to " + (e.index() - 1) : ""), "missing: the log goes from entry "
                + (expected - 1) + " to entry " + e.index() + " (rows removed or renumbered)");
          }
          expected = e.index() + 1;
          Optional<Tombstone> tombstone = e.tombstone();
          byte[] leaf;
          Optional<ArchiveEvent> event;
          if (tombstone.isPresent()) {
            // The content is gone: the stored leaf hash stands for it, vouched for by the
            // disposition that lists it (and, before the disposition, by the checkpoints).
            leaf = e.leafHash();
            event = Optional.empty();
            checkTombstone(e, tombstone.get(), bound);
          } else {
            leaf = e.recomputedLeafHash();
            if (!MessageDigest.isEqual(leaf, e.leafHash())) {
              add(Check.LEAF_HASH, "entry " + e.index(),
                  "the stored leaf hash is not SHA-256(0x00 || payload): the entry or its hash was altered");
            }
            event = e.event();
            checkColumns(e, event);
            event.filter(ev -> ev.type().equals(Tombstone.DISPOSITION_TYPE))
                .ifPresent(ev -> checkDispositionComplete(e, ev));
          }
          checkMessages(e, event, tombstone.isPresent());
          checkVersions(e, event, tombstone.isPresent());
          range.append(leaf);
          reachCheckpoints(range);
        }
        from = page.getLast().index() + 1;
      }
      if (expected < n) {
        add(Check.LEAF_SEQUENCE, "entry " + expected + (n - 1 > expected ? " to " + (n - 1) : ""),
            "missing: the log head says " + n + " entries but the last row is entry "
                + (expected - 1) + " (rows removed at the end)");
      }
      finishMessages();
      finishVersions();
      finishCheckpoints(range.size());
      checkStoredNodes();
      return new VerificationReport(entries, checkpointCount, messageCount,
          Math.max(0, n - lastCheckpointSize), findings, suppressed);
    }

    private void add(Check check, String where, String description) {
      if (findings.size() < VerificationReport.MAX_FINDINGS) {
        findings.add(new Finding(check, where, description));
      } else {
        suppressed.merge(check, 1L, Long::sum);
      }
    }

    private void checkColumns(ArchiveEntry e, Optional<ArchiveEvent> event) {
      if (event.isEmpty()) {
        add(Check.ENTRY_COLUMNS, "entry " + e.index(),
            "the payload is not a canonical archive entry (altered)");
        return;
      }
      ArchiveEvent ev = event.get();
      List<String> differ = new ArrayList<>();
      if (!ev.type().equals(e.type())) {
        differ.add("type");
      }
      if (!ev.actorId().equals(e.actorId())) {
        differ.add("actor");
      }
      if (!ev.subject().equals(e.subject())) {
        differ.add("subject");
      }
      if (!ev.time().equals(e.time())) {
        differ.add("time");
      }
      if (!differ.isEmpty()) {
        add(Check.ENTRY_COLUMNS, "entry " + e.index(), "the row's " + String.join(", ", differ)
            + " column(s) differ from the entry's payload (altered)");
      }
    }

    // --- dispositions ------------------------------------------------------------------------

    /** The leaf hashes (hex) each recent disposition lists, by disposition index; null: not one. */
    private final Map<Long, Map<Long, String>> listings = new java.util.LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Map<Long, String>> eldest) {
        return size() > 16;
      }
    };
    /** How many tombstones verified against each disposition not yet reached. */
    private final Map<Long, Long> verifiedByDisposition = new HashMap<>();

    private void checkTombstone(ArchiveEntry e, Tombstone t, long bound) {
      String where = "entry " + e.index();
      if (!t.type().equals(e.type()) || !t.actorId().equals(e.actorId())
          || !t.subject().equals(e.subject()) || !t.time().equals(e.time())) {
        add(Check.ENTRY_COLUMNS, where, "the row's columns differ from its tombstone (altered)");
      }
      long by = t.disposedBy();
      if (by <= e.index() || by >= bound) {
        add(Check.DISPOSITIONS, where, "its tombstone names entry " + by
            + ", which cannot have disposed of it (altered)");
        return;
      }
      Map<Long, String> listing = listings.computeIfAbsent(by, this::listing);
      if (listing == null) {
        add(Check.DISPOSITIONS, where, "its tombstone names entry " + by
            + ", which is not a record.disposed entry (content removed without a disposition)");
      } else if (!HexFormat.of().formatHex(e.leafHash()).equals(listing.get(e.index()))) {
        add(Check.DISPOSITIONS, where, "disposition " + by + " does not list it with its stored"
            + " leaf hash (content removed without a disposition, or the hash was altered)");
      } else {
        verifiedByDisposition.merge(by, 1L, Long::sum);
      }
    }

    /** The records a disposition entry lists, with their leaf hashes; null when it is not one. */
    private Map<Long, String> listing(long index) {
      Optional<ArchiveEvent> event = archive.entry(index).flatMap(ArchiveEntry::event)
          .filter(ev -> ev.type().equals(Tombstone.DISPOSITION_TYPE));
      if (event.isEmpty()) {
        return null;
      }
      Map<Long, String> listing = new HashMap<>();
      for (Object r : ArchiveEntry.listDetail(event.get(), "records").orElse(List.of())) {
        if (r instanceof Map<?, ?> m && m.get("record") instanceof Number i
            && m.get("leaf_hash") instanceof String hash) {
          listing.put(i.longValue(), hash);
        }
      }
      return listing;
    }

    /** Every record a disposition lists must have been disposed of by it. */
    private void checkDispositionComplete(ArchiveEntry e, ArchiveEvent disposition) {
      long verified = verifiedByDisposition.getOrDefault(e.index(), 0L);
      verifiedByDisposition.remove(e.index());
      Map<Long, String> listing = listing(e.index());
      if (listing == null || verified == listing.size()) {
        return;
      }
      for (ArchiveEntry listed : archive.entriesAt(new java.util.TreeSet<>(listing.keySet()))) {
        if (listed.tombstone().map(Tombstone::disposedBy).orElse(-1L) != e.index()) {
          add(Check.DISPOSITIONS, "entry " + listed.index(), "disposition " + e.index()
              + " lists it, but it still holds its content or names another disposition");
        }
      }
    }

    // --- checkpoints -------------------------------------------------------------------------

    private Checkpoint peekCheckpoint() {
      if (checkpointPage.isEmpty() && !checkpointsDone) {
        List<Checkpoint> page = archive.checkpoints(checkpointsAfter, PAGE);
        if (page.isEmpty()) {
          checkpointsDone = true;
        } else {
          checkpointPage.addAll(page);
          checkpointsAfter = page.getLast().treeSize();
        }
      }
      return checkpointPage.peekFirst();
    }

    private void reachCheckpoints(CompactRange range) {
      Checkpoint cp;
      while ((cp = peekCheckpoint()) != null && cp.treeSize() <= range.size()) {
        checkpointPage.removeFirst();
        byte[] signedRoot = checkSignature(cp);
        if (cp.treeSize() == range.size()) {
          if (!MessageDigest.isEqual(range.root(), signedRoot)) {
            add(Check.CHECKPOINT_ROOT, "checkpoint " + cp.treeSize(), "the first " + cp.treeSize()
                + " entries do not hash to the signed root (entries altered, removed, reordered"
                + " or inserted)");
          }
        } else {
          // Not reached: checkpoints are handled as soon as the pass reaches their size.
          add(Check.CHECKPOINT_ROOT, "checkpoint " + cp.treeSize(),
              "its size was passed without its root being checked");
        }
        checkConsistency(cp, signedRoot, range.size());
      }
    }

    private void finishCheckpoints(long logSize) {
      Checkpoint cp;
      while ((cp = peekCheckpoint()) != null) {
        checkpointPage.removeFirst();
        byte[] signedRoot = checkSignature(cp);
        add(Check.CHECKPOINT_ROOT, "checkpoint " + cp.treeSize(), "it covers " + cp.treeSize()
            + " entries but the log now has " + logSize + " (entries removed)");
        checkConsistency(cp, signedRoot, logSize);
      }
    }

    /** Checks the note and its signature; returns the root the note signs (or the column's). */
    private byte[] checkSignature(Checkpoint cp) {
      checkpointCount++;
      String where = "checkpoint " + cp.treeSize();
      Optional<CheckpointNote.Parsed> parsed = CheckpointNote.parse(cp.note());
      if (parsed.isEmpty()) {
        add(Check.CHECKPOINT_SIGNATURE, where, "the stored note is not a signed checkpoint (altered)");
        return cp.rootHash();
      }
      CheckpointNote.Body body = parsed.get().body();
      if (body.treeSize() != cp.treeSize() || !MessageDigest.isEqual(body.rootHash(), cp.rootHash())
          || !body.time().equals(cp.time())
          || parsed.get().signatures().stream().noneMatch(s -> s.keyIdHex().equals(cp.keyId()))) {
        add(Check.CHECKPOINT_SIGNATURE, where,
            "the row's size, root, time or key id differ from its signed note (altered)");
      }
      if (trustedKeys.stream().noneMatch(k -> k.signed(parsed.get()))) {
        add(Check.CHECKPOINT_SIGNATURE, where, "the note is not signed by a trusted key (key id "
            + String.join(", ", parsed.get().signatures().stream()
                .map(CheckpointNote.Signature::keyIdHex).toList()) + "): forged or altered");
      }
      return body.rootHash();
    }

    private void checkConsistency(Checkpoint cp, byte[] signedRoot, long available) {
      if (previous != null) {
        String where = "checkpoints " + previous.treeSize() + " and " + cp.treeSize();
        if (cp.time().isBefore(previous.time())) {
          add(Check.CHECKPOINT_CONSISTENCY, where, "the larger tree was signed earlier");
        }
        if (cp.treeSize() <= available) {
          try {
            List<byte[]> proof = tree.consistencyProof(previous.treeSize(), cp.treeSize());
            if (!MerkleProofs.verifyConsistency(previous.treeSize(), cp.treeSize(), previousRoot,
                signedRoot, proof)) {
              add(Check.CHECKPOINT_CONSISTENCY, where,
                  "the consistency proof over the stored tree does not verify");
            }
          } catch (StoreException | IllegalArgumentException e) {
            add(Check.CHECKPOINT_CONSISTENCY, where, "no consistency proof: " + e.getMessage());
          }
        }
      }
      previous = cp;
      previousRoot = signedRoot;
      lastCheckpointSize = Math.max(lastCheckpointSize, cp.treeSize());
    }

    // --- message rows ------------------------------------------------------------------------

    private Message peekMessage() {
      if (messagePage.isEmpty() && !messagesDone) {
        List<Message> page = archive.messagesByArchiveIndex(messagesAfterIndex, messagesAfterId, PAGE);
        if (page.isEmpty()) {
          messagesDone = true;
        } else {
          messagePage.addAll(page);
          messagesAfterIndex = page.getLast().archiveIndex();
          messagesAfterId = page.getLast().id();
        }
      }
      return messagePage.peekFirst();
    }

    private void checkMessages(ArchiveEntry e, Optional<ArchiveEvent> event, boolean disposed) {
      Message m;
      while ((m = peekMessage()) != null && m.archiveIndex() < e.index()) {
        messagePage.removeFirst();
        messageCount++;
        add(Check.MESSAGE_ROWS, name(m), "its archive entry " + m.archiveIndex()
            + " is missing or already recorded another message");
      }
      boolean matched = false;
      while ((m = peekMessage()) != null && m.archiveIndex() == e.index()) {
        messagePage.removeFirst();
        messageCount++;
        if (matched) {
          add(Check.MESSAGE_ROWS, name(m), "another message row already points to archive entry "
              + e.index() + " (row inserted)");
        } else {
          compare(m, e, event);
          if (disposed && !m.text().isEmpty()) {
            add(Check.MESSAGE_ROWS, name(m), "its archive entry " + e.index()
                + " was disposed of, but the row still holds text (restored or altered)");
          }
          matched = true;
        }
      }
      if (!matched && "message.created".equals(event.map(ArchiveEvent::type).orElse(e.type()))) {
        add(Check.MESSAGE_ROWS, "entry " + e.index(), "it records " + e.subject()
            + " but no message row points to it (row removed)");
      }
    }

    private void compare(Message m, ArchiveEntry e, Optional<ArchiveEvent> event) {
      List<String> differ = new ArrayList<>();
      // The payload is the record; the subject column is only a copy (checked on its own).
      if (!event.map(ArchiveEvent::subject).orElse(e.subject()).equals(name(m))) {
        differ.add("resource name");
      }
      if (event.isPresent()) {
        ArchiveEvent ev = event.get();
        if (ArchiveEntry.stringDetail(ev, "text").filter(t -> !t.equals(m.text())).isPresent()) {
          differ.add("text");
        }
        if (!ev.actorId().equals(m.senderId()) || ArchiveEntry.stringDetail(ev, "sender")
            .filter(s -> !s.equals(m.senderId())).isPresent()) {
          differ.add("sender");
        }
        if (!ev.time().equals(m.createTime())) {
          differ.add("time");
        }
        if (ArchiveEntry.stringDetail(ev, "request_id").filter(r -> !r.equals(m.requestId()))
            .isPresent()) {
          differ.add("request id");
        }
        if (ArchiveEntry.listDetail(ev, "recipients").filter(r -> r.size() != m.recipientCount())
            .isPresent()) {
          differ.add("recipient count");
        }
      }
      if (!differ.isEmpty()) {
        add(Check.MESSAGE_ROWS, name(m), "differs from its archive entry " + e.index() + " in "
            + String.join(", ", differ) + " (altered)");
      }
    }

    private void finishMessages() {
      Message m;
      while ((m = peekMessage()) != null) {
        messagePage.removeFirst();
        messageCount++;
        add(Check.MESSAGE_ROWS, name(m), "its archive entry " + m.archiveIndex()
            + " is not in the log (row inserted, or entries removed)");
      }
    }

    // --- message versions (edits) ---------------------------------------------------------

    private MessageVersion peekVersion() {
      if (versionPage.isEmpty() && !versionsDone) {
        List<MessageVersion> page = archive.messageVersionsByArchiveIndex(versionsAfterIndex, PAGE);
        if (page.isEmpty()) {
          versionsDone = true;
        } else {
          versionPage.addAll(page);
          versionsAfterIndex = page.getLast().archiveIndex();
        }
      }
      return versionPage.peekFirst();
    }

    private void checkVersions(ArchiveEntry e, Optional<ArchiveEvent> event, boolean disposed) {
      MessageVersion v;
      while ((v = peekVersion()) != null && v.archiveIndex() < e.index()) {
        versionPage.removeFirst();
        messageCount++;
        add(Check.MESSAGE_ROWS, versionName(v), "its archive entry " + v.archiveIndex() + " is missing");
      }
      v = peekVersion();
      if (v != null && v.archiveIndex() == e.index()) {
        versionPage.removeFirst();
        messageCount++;
        compare(v, e, event);
        if (disposed && !v.text().isEmpty()) {
          add(Check.MESSAGE_ROWS, versionName(v), "its archive entry " + e.index()
              + " was disposed of, but the row still holds text (restored or altered)");
        }
      } else if ("message.edited".equals(event.map(ArchiveEvent::type).orElse(e.type()))) {
        add(Check.MESSAGE_ROWS, "entry " + e.index(), "it records an edit of " + e.subject()
            + " but no message version row points to it (row removed)");
      }
    }

    private void compare(MessageVersion v, ArchiveEntry e, Optional<ArchiveEvent> event) {
      List<String> differ = new ArrayList<>();
      String subject = event.map(ArchiveEvent::subject).orElse(e.subject());
      if (!subject.startsWith("channels/") || !subject.endsWith("/messages/" + v.messageId())
          || !"message.edited".equals(event.map(ArchiveEvent::type).orElse(e.type()))) {
        differ.add("message");
      }
      if (event.isPresent()) {
        ArchiveEvent ev = event.get();
        if (!ArchiveEntry.stringDetail(ev, "text").orElse("").equals(v.text())) {
          differ.add("text");
        }
        if (!(ev.details().get("version") instanceof Number n) || n.longValue() != v.version()) {
          differ.add("version");
        }
        if (!ev.actorId().equals(v.editorId())
            || !ArchiveEntry.stringDetail(ev, "editor").orElse("").equals(v.editorId())) {
          differ.add("editor");
        }
        if (!ev.time().equals(v.editTime())) {
          differ.add("time");
        }
      }
      if (!differ.isEmpty()) {
        add(Check.MESSAGE_ROWS, versionName(v), "differs from its archive entry " + e.index()
            + " in " + String.join(", ", differ) + " (altered)");
      }
    }

    private void finishVersions() {
      MessageVersion v;
      while ((v = peekVersion()) != null) {
        versionPage.removeFirst();
        messageCount++;
        add(Check.MESSAGE_ROWS, versionName(v), "its archive entry " + v.archiveIndex()
            + " is not in the log (row inserted, or entries removed)");
      }
    }

    private static String versionName(MessageVersion v) {
      return "message " + v.messageId() + " version " + v.version();
    }

    private static String name(Message m) {
      return "channels/" + m.channelId() + "/messages/" + m.id();
    }

    // --- stored subtrees ---------------------------------------------------------------------

    private void checkStoredNodes() {
      int level = -1;
      long index = -1;
      while (true) {
        List<TreeNode> page = archive.treeNodesAfter(level, index, PAGE);
        if (page.isEmpty()) {
          return;
        }
        for (TreeNode node : page) {
          String where = "subtree (level " + node.level() + ", index " + node.index() + ")";
          List<byte[]> computed = computedNodes.getOrDefault(node.level(), List.of());
          if (node.level() < storedLevel || node.index() >= computed.size()) {
            add(Check.TREE_NODES, where, "stored, but the log has no such complete subtree");
          } else if (!MessageDigest.isEqual(computed.get((int) node.index()), node.hash())) {
            add(Check.TREE_NODES, where, "the stored hash differs from the recomputed one (altered)");
          }
        }
        level = page.getLast().level();
        index = page.getLast().index();
      }
    }
  }
}
