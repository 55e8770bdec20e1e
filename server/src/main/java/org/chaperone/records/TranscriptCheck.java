package org.chaperone.records;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chaperone.archive.ArchiveEntry;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.domain.RequestRejected;
import org.chaperone.records.ProductionReport.Check;
import org.chaperone.records.ProductionReport.Finding;

/**
 * The part of {@link ProductionVerifier} that checks a production's transcript and load file
 * against its manifest and records: every PDF page carries the next Bates number; the load file's
 * rows cover the pages in order, each page once; each row names its record, the record's leaf
 * hash, native file, message and time as the manifest and the record say; and each document's
 * pages show its records' names and texts.
 *
 * <p>One per verification; not thread-safe.
 */
final class TranscriptCheck {
  private final Map<?, ?> manifest;
  private final Map<String, byte[]> files;
  private final List<Finding> findings;
  private final Map<Long, ArchiveEvent> events;
  private List<String> pages;

  TranscriptCheck(Map<?, ?> manifest, Map<String, byte[]> files, List<Finding> findings,
      Map<Long, ArchiveEvent> events) {
    this.manifest = manifest;
    this.files = files;
    this.findings = findings;
    this.events = events;
  }

  private void add(Check check, String where, String description) {
    findings.add(new Finding(check, where, description));
  }

  /** A manifest record's place in the transcript. */
  private record Placed(long index, String begin, String end, String leafHash, String eml) {}

  /** Runs the checks; {@code expected}: the production holds messages, so it must have both files. */
  ProductionReport.Transcript run(boolean expected) {
    List<Placed> placed = new ArrayList<>();
    Map<Long, Placed> byIndex = new HashMap<>();
    for (Object o : manifest.get("records") instanceof List<?> l ? l : List.of()) {
      if (o instanceof Map<?, ?> r && r.get("leaf_index") instanceof Long index
          && r.get("bates_begin") instanceof String begin && r.get("bates_end") instanceof String end
          && r.get("leaf_hash") instanceof String hash && r.get("eml") instanceof String eml) {
        Placed p = new Placed(index, begin, end, hash, eml);
        byIndex.put(index, p);
        if (!begin.isEmpty()) {
          placed.add(p);
        }
      } else {
        add(Check.MANIFEST, "manifest.json", "a records entry has no Bates range");
      }
    }
    if (!(manifest.get("transcript") instanceof Map<?, ?> t)) {
      if (expected || !placed.isEmpty()) {
        add(Check.TRANSCRIPT, RecordsProductions.TRANSCRIPT,
            "the production holds messages but the manifest names no transcript");
      }
      return ProductionReport.Transcript.NONE;
    }
    if (!(t.get("file") instanceof String pdfFile) || !(t.get("load_file") instanceof String datFile)
        || !(t.get("pages") instanceof Long pageCount) || !(t.get("bates_prefix") instanceof String prefix)
        || !(t.get("bates_start") instanceof Long start) || !(t.get("bates_first") instanceof String first)
        || !(t.get("bates_last") instanceof String last)) {
      add(Check.MANIFEST, "manifest.json", "the transcript entry is malformed");
      return ProductionReport.Transcript.NONE;
    }
    BatesNumbering bates;
    try {
      bates = new BatesNumbering(prefix, start);
    } catch (RequestRejected e) {
      add(Check.MANIFEST, "manifest.json", "the Bates prefix or start is invalid");
      return ProductionReport.Transcript.NONE;
    }
    pages = pages(pdfFile);
    if (pages != null) {
      checkPageNumbers(pdfFile, pages, bates, pageCount, first, last);
    }
    List<List<String>> rows = rows(datFile);
    if (rows != null) {
      checkRows(datFile, rows, bates, pageCount, byIndex, placed);
    }
    if (pages != null) {
      checkContent(pdfFile, pages, bates, placed);
    }
    return new ProductionReport.Transcript(rows == null ? 0 : rows.size(),
        pages == null ? 0 : pages.size(), first, last);
  }

  /** The transcript's page texts after {@link #run}, or null when there is none. */
  List<String> pages() {
    return pages;
  }

  private List<String> pages(String file) {
    byte[] pdf = files.get(file);
    if (pdf == null) {
      add(Check.TRANSCRIPT, file, "missing");
      return null;
    }
    try {
      return TranscriptPdf.pageTexts(pdf);
    } catch (IOException | RuntimeException e) {
      add(Check.TRANSCRIPT, file, "is not a readable PDF: " + e.getMessage());
      return null;
    }
  }

  private List<List<String>> rows(String file) {
    byte[] dat = files.get(file);
    if (dat == null) {
      add(Check.LOAD_FILE, file, "missing");
      return null;
    }
    List<List<String>> all;
    try {
      all = ConcordanceLoadFile.parse(dat);
    } catch (IllegalArgumentException e) {
      add(Check.LOAD_FILE, file, "is not a Concordance load file: " + e.getMessage());
      return null;
    }
    if (!all.getFirst().equals(RecordsProductions.LOAD_FILE_COLUMNS)) {
      add(Check.LOAD_FILE, file, "its header is not " + String.join(", ",
          RecordsProductions.LOAD_FILE_COLUMNS));
      return null;
    }
    return all.subList(1, all.size());
  }

  /** Every page's last line is its Bates number, in sequence from the manifest's start. */
  private void checkPageNumbers(String file, List<String> pages, BatesNumbering bates,
      long pageCount, String first, String last) {
    if (pages.size() != pageCount) {
      add(Check.BATES, file, "has " + pages.size() + " pages, the manifest says " + pageCount);
    }
    if (!first.equals(bates.page(0)) || !last.equals(bates.page(pageCount - 1))) {
      add(Check.BATES, "manifest.json", "the transcript's first and last Bates numbers do not"
          + " match its prefix, start and page count");
    }
    for (int i = 0; i < pages.size(); i++) {
      String number = lastLine(pages.get(i));
      if (!number.equals(bates.page(i))) {
        add(Check.BATES, file, "page " + (i + 1) + " is numbered \"" + number + "\", expected "
            + bates.page(i) + " (a page was removed, added, reordered or renumbered)");
      }
    }
  }

  private static String lastLine(String pageText) {
    String[] lines = pageText.strip().split("\\R");
    return lines[lines.length - 1].strip();
  }

  /** Rows cover pages [0, pageCount) in order, once each, and agree with the manifest. */
  private void checkRows(String file, List<List<String>> rows, BatesNumbering bates, long pageCount,
      Map<Long, Placed> byIndex, List<Placed> placed) {
    long next = 0;
    java.util.Set<String> ranges = new java.util.HashSet<>();
    for (int k = 0; k < rows.size(); k++) {
      List<String> row = rows.get(k);
      String where = file + " row " + (k + 1);
      String begin = row.get(0);
      String end = row.get(1);
      long b = offset(bates, begin);
      long e = offset(bates, end);
      if (b != next) {
        add(Check.BATES, where, "begins at " + begin + ", expected " + bates.page(next)
            + (b < next ? " (pages counted twice)" : " (a gap in the numbering)"));
      }
      if (e < b || e >= pageCount) {
        add(Check.BATES, where, "ends at " + end + ", outside " + bates.page(Math.max(b, 0)) + " to "
            + bates.page(pageCount - 1));
      }
      next = Math.max(next, e + 1);
      ranges.add(begin + " " + end);
      checkRow(where, row, byIndex);
    }
    if (next != pageCount) {
      add(Check.BATES, file, "its rows cover " + next + " pages, the transcript has " + pageCount);
    }
    for (Placed p : placed) {
      if (!ranges.contains(p.begin() + " " + p.end())) {
        add(Check.LOAD_FILE, "records/" + p.index(), "its Bates range " + p.begin() + " to "
            + p.end() + " is no row of the load file");
      }
    }
  }

  private void checkRow(String where, List<String> row, Map<Long, Placed> byIndex) {
    String record = row.get(9);
    Placed p = null;
    if (record.startsWith("records/")) {
      try {
        p = byIndex.get(Long.parseLong(record.substring("records/".length())));
      } catch (NumberFormatException e) {
        p = null;
      }
    }
    if (p == null) {
      add(Check.LOAD_FILE, where, "names " + record + ", which is not in the manifest");
      return;
    }
    List<String> differ = new ArrayList<>();
    if (!row.get(0).equals(p.begin()) || !row.get(1).equals(p.end())) {
      differ.add("Bates range");
    }
    if (!row.get(10).equals(p.leafHash())) {
      differ.add("HASH");
    }
    if (!row.get(11).equals(p.eml())) {
      differ.add("NATIVEPATH");
    }
    ArchiveEvent event = events.get(p.index());
    if (event != null) {
      if (!row.get(6).equals(event.time().toString())) {
        differ.add("SENT");
      }
      if (!row.get(8).equals(event.subject())) {
        differ.add("MESSAGEID");
      }
    }
    if (!differ.isEmpty()) {
      add(Check.LOAD_FILE, where, "differs from " + record + " in " + String.join(", ", differ));
    }
  }

  private static long offset(BatesNumbering bates, String number) {
    if (!number.startsWith(bates.prefix())) {
      return -1;
    }
    String digits = number.substring(bates.prefix().length());
    if (digits.length() < BatesNumbering.WIDTH || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    try {
      long n = Long.parseLong(digits);
      return bates.format(n).equals(number) ? n - bates.start() : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Each rendered record's pages show its name and its text (and a retraction's reason). */
  private void checkContent(String file, List<String> pages, BatesNumbering bates,
      List<Placed> placed) {
    for (Placed p : placed) {
      long b = offset(bates, p.begin());
      long e = offset(bates, p.end());
      if (b < 0 || e < b || e >= pages.size()) {
        continue; // reported as a Bates finding
      }
      StringBuilder shown = new StringBuilder();
      for (long i = b; i <= e; i++) {
        shown.append(TranscriptPdf.body(pages.get((int) i)));
      }
      String text = TranscriptPdf.comparable(shown.toString());
      List<String> missing = new ArrayList<>();
      if (!text.contains(TranscriptPdf.comparable("records/" + p.index()))) {
        missing.add("its record name");
      }
      ArchiveEvent event = events.get(p.index());
      if (event != null) {
        ArchiveEntry.stringDetail(event, "text").filter(s -> !text.contains(TranscriptPdf.comparable(s)))
            .ifPresent(s -> missing.add("its text"));
        if (event.type().equals("message.retracted")) {
          ArchiveEntry.stringDetail(event, "reason")
              .filter(s -> !text.contains(TranscriptPdf.comparable(s)))
              .ifPresent(s -> missing.add("its retraction reason"));
        }
      }
      if (!missing.isEmpty()) {
        add(Check.TRANSCRIPT, file, "pages " + p.begin() + " to " + p.end() + " do not show "
            + "records/" + p.index() + ": " + String.join(", ", missing) + " (altered)");
      }
    }
  }
}
