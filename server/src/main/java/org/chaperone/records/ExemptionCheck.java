package org.chaperone.records;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.chaperone.records.ProductionReport.Check;
import org.chaperone.records.ProductionReport.Finding;

/**
 * The part of {@link ProductionVerifier} that checks a redacted production's exemption log: it
 * is a CSV of the expected columns; every marker is well formed and listed once, names a record of
 * the manifest (or the manifest itself), files of the production it appears in, a known category
 * and the legal basis; every record marked redacted has a row; and every marker that appears in
 * any file of the production is in the log.
 *
 * <p>One per verification; not thread-safe.
 */
final class ExemptionCheck {
  private static final java.util.regex.Pattern PDF_MARKER =
      java.util.regex.Pattern.compile("\\[REDACTEDFERPA-(\\d+)]");
  private final Map<String, byte[]> files;
  private final List<Finding> findings;
  private final MailFormat mail;

  ExemptionCheck(Map<String, byte[]> files, List<Finding> findings, MailFormat mail) {
    this.files = files;
    this.findings = findings;
    this.mail = mail;
  }

  private void add(String where, String description) {
    findings.add(new Finding(Check.EXEMPTIONS, where, description));
  }

  /**
   * Runs the checks.
   *
   * @param log the exemption log's file name
   * @param manifestBytes the manifest, which may hold markers too
   * @param records the manifest's record names
   * @param redacted the records the manifest marks redacted
   * @param pdfPages the transcript's page texts, or null
   * @return the number of markers
   */
  int run(String log, byte[] manifestBytes, Set<String> records, Set<String> redacted,
      List<String> pdfPages) {
    byte[] bytes = files.get(log);
    if (bytes == null) {
      add(log, "missing: the manifest says the production is redacted");
      return 0;
    }
    Map<String, Set<String>> logged = new HashMap<>();
    Set<String> recordsWithRows = new HashSet<>();
    Set<String> labels = new HashSet<>();
    for (FerpaRedaction.Category c : FerpaRedaction.Category.values()) {
      labels.add(c.label);
    }
    try (CSVParser csv = CSVParser.parse(new StringReader(new String(bytes, StandardCharsets.UTF_8)),
        CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
      if (!csv.getHeaderNames().equals(ProductionRedactor.LOG_COLUMNS)) {
        add(log, "its columns are not " + String.join(", ", ProductionRedactor.LOG_COLUMNS));
        return 0;
      }
      for (CSVRecord row : csv) {
        String where = log + " row " + (csv.getRecordNumber());
        if (row.size() != ProductionRedactor.LOG_COLUMNS.size()) {
          add(where, "has " + row.size() + " fields");
          continue;
        }
        String marker = row.get("marker");
        if (!FerpaRedaction.MARKER.matcher(marker).matches()) {
          add(where, "\"" + marker + "\" is not a marker");
          continue;
        }
        if (logged.containsKey(marker)) {
          add(where, marker + " is listed twice");
        }
        String record = row.get("record");
        if (!record.equals("manifest") && !records.contains(record)) {
          add(where, marker + " names " + record + ", which is not in the production");
        }
        recordsWithRows.add(record);
        Set<String> in = new HashSet<>(List.of(row.get("files").split(" ")));
        in.remove("");
        for (String f : in) {
          if (!files.containsKey(f) && !f.equals("manifest.json")) {
            add(where, marker + " names " + f + ", which is not in the production");
          }
        }
        if (!labels.contains(row.get("category"))
            || !FerpaRedaction.LEGAL_BASIS.equals(row.get("legal_basis"))) {
          add(where, marker + " has no known category or not the legal basis");
        }
        logged.put(marker, in);
      }
    } catch (IOException | RuntimeException e) {
      add(log, "is not a readable CSV: " + e.getMessage());
      return 0;
    }
    for (String r : redacted) {
      if (!recordsWithRows.contains(r)) {
        add(r, "is marked redacted but no exemption names it");
      }
    }
    Map<String, Set<String>> found = new HashMap<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String name = f.getKey();
      if (name.equals(log) || name.equals(RecordsProductions.TRANSCRIPT)) {
        continue;
      }
      String text = new String(f.getValue(), StandardCharsets.UTF_8);
      if (name.endsWith(".eml")) {
        try {
          text = text + "\n" + mail.parse(f.getValue()).text();
        } catch (IllegalArgumentException e) {
          // reported by the messages check
        }
      }
      scan(name, text, found);
    }
    scan("manifest.json", new String(manifestBytes, StandardCharsets.UTF_8), found);
    if (pdfPages != null) {
      // Lines wrap anywhere in the PDF: look for markers with the whitespace taken out.
      Matcher m = PDF_MARKER.matcher(String.join("", pdfPages).replaceAll("\\s+", ""));
      while (m.find()) {
        found.computeIfAbsent("[REDACTED FERPA-" + m.group(1) + "]", k -> new HashSet<>())
            .add(RecordsProductions.TRANSCRIPT);
      }
    }
    for (Map.Entry<String, Set<String>> e : found.entrySet()) {
      if (!logged.containsKey(e.getKey())) {
        add(String.join(", ", e.getValue()), e.getKey() + " appears but is not in the exemption log");
      }
    }
    for (Map.Entry<String, Set<String>> e : logged.entrySet()) {
      Set<String> where = found.getOrDefault(e.getKey(), Set.of());
      List<String> absent = new ArrayList<>();
      for (String f : e.getValue()) {
        // Headers may be encoded and PDF lines wrap: what those files say is checked against
        // their records by the messages and transcript checks.
        if (!where.contains(f) && !f.endsWith(".eml") && !f.equals("messages.mbox")
            && !f.equals(RecordsProductions.TRANSCRIPT)) {
          absent.add(f);
        }
      }
      if (!absent.isEmpty()) {
        add(e.getKey(), "is logged in " + String.join(", ", absent) + " but does not appear there");
      }
    }
    return logged.size();
  }

  private static void scan(String file, String text, Map<String, Set<String>> found) {
    Matcher m = FerpaRedaction.MARKER.matcher(text);
    while (m.find()) {
      found.computeIfAbsent(m.group(), k -> new HashSet<>()).add(file);
    }
  }
}
