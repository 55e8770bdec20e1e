package org.chaperone.records;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link ProductionVerifier} found in a production.
 *
 * @param recordsRequest the request the manifest names
 * @param records records listed
 * @param messages messages (.eml files) checked
 * @param treeSize the checkpoint's tree size
 * @param verifierKey the key the checkpoint signature was checked against
 * @param keyFromProduction true when no trusted key was given and the production's own key was
 *     used: the signature then proves integrity, not origin, until the key is compared with the
 *     district's published one
 * @param transcript the transcript's pages and Bates range, or {@link Transcript#NONE}
 * @param redaction what FERPA redaction withheld, or {@link Redaction#NONE}
 * @param findings the failed checks
 */
public record ProductionReport(String recordsRequest, int records, int messages, long treeSize,
    String verifierKey, boolean keyFromProduction, Transcript transcript, Redaction redaction,
    List<Finding> findings) {

  public ProductionReport {
    findings = List.copyOf(findings);
  }

  /**
   * What a redacted production withheld.
   *
   * @param records records whose files were redacted: their content is not re-hashed, their
   *     proofs attest the originals
   * @param redactions markers in the exemption log
   */
  public record Redaction(int records, int redactions) {
    /** Not redacted. */
    public static final Redaction NONE = new Redaction(0, 0);
  }

  /**
   * What the transcript and load file hold.
   *
   * @param documents documents (rows of the load file)
   * @param pages pages of the PDF
   * @param firstBates the first page's Bates number, or empty
   * @param lastBates the last page's Bates number, or empty
   */
  public record Transcript(int documents, int pages, String firstBates, String lastBates) {
    /** No transcript (a production without messages, or of the first format). */
    public static final Transcript NONE = new Transcript(0, 0, "", "");
  }

  public boolean ok() {
    return findings.isEmpty();
  }

  public Set<Check> failedChecks() {
    Set<Check> failed = EnumSet.noneOf(Check.class);
    findings.forEach(f -> failed.add(f.check()));
    return failed;
  }

  /** One failed check. */
  public record Finding(Check check, String where, String description) {
    @Override
    public String toString() {
      return check.label() + ": " + where + ": " + description;
    }
  }

  /** The checks, named as the CLI prints them. */
  public enum Check {
    /** The file is a readable zip without duplicate or oversized entries. */
    ZIP("zip"),
    /** manifest.json is present, parses, and is of a known format. */
    MANIFEST("manifest"),
    /** Every listed file is present with its SHA-256 and size; nothing unlisted is present. */
    FILES("files"),
    /** checkpoint.txt is a checkpoint matching the manifest, signed by the trusted key. */
    CHECKPOINT("checkpoint"),
    /** Every record file is a canonical archive entry whose leaf hash the manifest states. */
    RECORDS("records"),
    /** Every record's inclusion proof leads to the checkpoint's root. */
    INCLUSION("inclusion"),
    /** Every .eml reads back as the message its record archived. */
    MESSAGES("messages"),
    /** messages.mbox holds exactly the .eml files, in order. */
    MBOX("mbox"),
    /** transcript.pdf is a readable PDF whose pages show each document's records and text. */
    TRANSCRIPT("transcript"),
    /** loadfile.dat is a Concordance load file whose rows agree with the manifest and records. */
    LOAD_FILE("loadfile"),
    /** Every page carries its Bates number, in sequence; the load file's ranges cover every page
     * once, with no gap or overlap. */
    BATES("bates"),
    /** The exemption log explains every redaction marker in the production, and only those. */
    EXEMPTIONS("exemptions");

    private final String label;

    Check(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
