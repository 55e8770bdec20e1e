package org.chaperone.records;

import java.util.Locale;

/** The kind of a records request; it sets the request's due date (see {@link RequestDeadlines}). */
public enum RecordsRequestKind {
  /** A public-records request under state law. */
  PUBLIC_RECORDS,
  /** A FERPA inspection request by a parent or an eligible student (34 CFR 99.10). */
  FERPA_INSPECTION,
  /** Discovery, a subpoena or a legal hold. */
  LITIGATION,
  /** An internal investigation. */
  INTERNAL;

  /** The lower-case name used in settings and archive entries, e.g. {@code public_records}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
