package org.chaperone.records;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.chaperone.archive.ArchiveEvent;
import org.chaperone.records.FerpaRedaction.Category;
import org.chaperone.records.FerpaRedaction.Hit;

/**
 * Burns a {@link FerpaRedaction} into one production: numbers the markers
 * ({@code [REDACTED FERPA-1]}, {@code -2}, ... across the production), redacts each record's
 * entry and everything rendered from it through a {@link Scope} per record, and keeps the
 * exemption log: one row per marker naming its record, the files it appears in, what kind of
 * information it withholds and the legal basis — never the withheld text.
 *
 * <p>Within one record, one person or one string is one marker wherever it appears (sender,
 * recipient list, text); across records, markers differ, so the production does not link a
 * withheld name from one message to another.
 *
 * <p>Not thread-safe: one per production.
 */
final class ProductionRedactor {
  static final String LOG = "exemptions.csv";
  static final List<String> LOG_COLUMNS = List.of("marker", "record", "files", "category",
      "pii_element", "legal_basis", "occurrences");
  private static final Pattern INSTANT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

  private final FerpaRedaction redaction;
  private final List<Row> rows = new ArrayList<>();

  private static final class Row {
    final String marker;
    final String record;
    final Category category;
    final Set<String> files = new LinkedHashSet<>();
    int occurrences;

    Row(String marker, String record, Category category) {
      this.marker = marker;
      this.record = record;
      this.category = category;
    }
  }

  ProductionRedactor(FerpaRedaction redaction) {
    this.redaction = redaction;
  }

  boolean active() {
    return redaction.active();
  }

  /** The markers of {@code record} ({@code records/{i}}, or {@code manifest}). */
  Scope scope(String record) {
    return new Scope(record);
  }

  /** How many markers the production has. */
  int redactions() {
    return rows.size();
  }

  /** One record's markers. */
  final class Scope {
    private final String record;
    private final Map<String, Row> byKey = new HashMap<>();
    private final Map<String, String> originals = new HashMap<>();

    private Scope(String record) {
      this.record = record;
    }

    private String marker(String key, Category category) {
      Row row = byKey.computeIfAbsent(key, k -> {
        Row r = new Row("[REDACTED FERPA-" + (rows.size() + 1) + "]", record, category);
        rows.add(r);
        return r;
      });
      row.occurrences++;
      if (key.startsWith("person:")) {
        originals.put(row.marker, key.substring("person:".length()));
      }
      return row.marker;
    }

    /** A person id, or its marker when the person is protected. */
    String person(String id) {
      Category c = redaction.protectedId(id);
      return c == null ? id : marker("person:" + id, c);
    }

    /** The person a marker stands for (to classify them; never written anywhere). */
    String original(String idOrMarker) {
      return originals.getOrDefault(idOrMarker, idOrMarker);
    }

    /** Text with every protected span replaced by its marker. */
    String text(String s) {
      if (redaction.protectedId(s) != null) {
        return person(s);
      }
      if (INSTANT.matcher(s).matches()) {
        return s;
      }
      List<Hit> hits = redaction.find(s);
      if (hits.isEmpty()) {
        return s;
      }
      StringBuilder b = new StringBuilder();
      int at = 0;
      for (Hit h : hits) {
        b.append(s, at, h.start()).append(marker(h.key(), h.category()));
        at = h.end();
      }
      return b.append(s.substring(at)).toString();
    }

    /** A JSON-like value (strings, numbers, lists, maps) with every string redacted. */
    Object value(Object v) {
      if (v instanceof String s) {
        return text(s);
      }
      if (v instanceof List<?> l) {
        List<Object> out = new ArrayList<>();
        l.forEach(x -> out.add(value(x)));
        return out;
      }
      if (v instanceof Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, x) -> out.put(text(String.valueOf(k)), value(x)));
        return out;
      }
      return v;
    }

    /** The event with its actor, subject and every detail redacted. */
    @SuppressWarnings("unchecked")
    ArchiveEvent event(ArchiveEvent e) {
      return new ArchiveEvent(e.type(), person(e.actorId()), text(e.subject()), e.time(),
          (Map<String, Object>) value(e.details()));
    }

    /**
     * Records that those of this record's markers that occur in {@code text} appear in
     * {@code files}; true when any does.
     */
    boolean foundIn(String text, String... files) {
      boolean any = false;
      for (Row r : byKey.values()) {
        if (text.contains(r.marker)) {
          r.files.addAll(List.of(files));
          any = true;
        }
      }
      return any;
    }

    /** Whether this record has markers. */
    boolean any() {
      return !byKey.isEmpty();
    }
  }

  /** The exemption log, {@code exemptions.csv} (RFC 4180, UTF-8, header row). */
  byte[] log() {
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder()
        .setHeader(LOG_COLUMNS.toArray(String[]::new)).get())) {
      for (Row r : rows) {
        csv.printRecord(r.marker, r.record, String.join(" ", r.files), r.category.label,
            r.category.element, FerpaRedaction.LEGAL_BASIS, r.occurrences);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The manifest's description of the redaction. */
  Map<String, Object> describe(RecordsRequestKind kind, long redactedRecords) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("applies_to", kind == RecordsRequestKind.PUBLIC_RECORDS
        ? "every student and every student's family"
        : "students and families other than the request's subjects and their families");
    d.put("legal_basis", FerpaRedaction.LEGAL_BASIS);
    d.put("exemption_log", LOG);
    d.put("redactions", (long) rows.size());
    d.put("redacted_records", redactedRecords);
    d.put("proofs", "inclusion proofs attest the original record (its leaf hash); a redacted"
        + " record's file is the original with markers burned in and is not re-hashed");
    return d;
  }
}
