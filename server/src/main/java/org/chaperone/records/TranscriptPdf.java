package org.chaperone.records;

import com.ibm.icu.text.Bidi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * A production's transcript as PDF, with Apache PDFBox: documents in the order given, each
 * starting on a new page; a running header on every page and a Bates number in its lower right
 * corner, one per page, in sequence across the whole transcript; a bookmark per channel.
 *
 * <p>Text is real, extractable text in DejaVu Sans, embedded as a subset (Latin, Greek, Cyrillic,
 * Armenian, Georgian, Hebrew, Arabic and many symbols; its licence ships beside it). A character
 * the font cannot draw (emoji, CJK ideographs, ...) is printed visibly as its code point, e.g.
 * {@code [U+1F4D0]}, so nothing disappears silently; the exact text is in the {@code .eml} files.
 * Right-to-left runs are drawn in display order (Unicode bidirectional algorithm, ICU4J); Arabic
 * letters are not joined into their contextual forms.
 *
 * <p>Thread-safe: each call works on its own document.
 */
final class TranscriptPdf {
  private static final String FONT = "fonts/DejaVuSans.ttf";
  private static final byte[] FONT_BYTES;
  /** Code points the font has a glyph for. */
  private static final BitSet COVERED = new BitSet();

  static {
    try (InputStream in = TranscriptPdf.class.getResourceAsStream(FONT)) {
      if (in == null) {
        throw new IllegalStateException("the transcript font " + FONT + " is missing");
      }
      FONT_BYTES = in.readAllBytes();
      try (TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(FONT_BYTES))) {
        CmapLookup cmap = ttf.getUnicodeCmapLookup();
        for (int cp = 0x20; cp < 0x30000; cp++) {
          if (cmap.getGlyphId(cp) > 0) {
            COVERED.set(cp);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the transcript font", e);
    }
  }

  private static final String CONTINUED = "(continued)";
  private static final PDRectangle PAGE = PDRectangle.LETTER;
  private static final float MARGIN = 54;
  private static final float TOP = PAGE.getHeight() - 62;
  private static final float BOTTOM = 58;
  private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;

  private TranscriptPdf() {}

  /** How a line is set. */
  enum Style {
    HEADING(11.5f),
    FIELD(8.5f),
    LABEL(9.5f),
    BODY(10.5f),
    RULE(6f);

    final float size;

    Style(float size) {
      this.size = size;
    }
  }

  /** A line (or paragraph, for body text) of a document. */
  record Line(Style style, String text) {
    static Line heading(String text) {
      return new Line(Style.HEADING, text);
    }

    static Line field(String text) {
      return new Line(Style.FIELD, text);
    }

    static Line label(String text) {
      return new Line(Style.LABEL, text);
    }

    static Line body(String text) {
      return new Line(Style.BODY, text);
    }

    static Line rule() {
      return new Line(Style.RULE, "");
    }
  }

  /** A document: it starts on a new page; {@code bookmark} groups documents in the outline. */
  record Block(String bookmark, List<Line> lines) {}

  /**
   * The rendered transcript.
   *
   * @param pdf the file
   * @param pages its page count
   * @param firstPages for each block, the offset of its first page
   * @param lastPages for each block, the offset of its last page
   */
  record Rendered(byte[] pdf, int pages, List<Integer> firstPages, List<Integer> lastPages) {}

  /** Renders {@code blocks} with {@code header} atop every page. */
  static Rendered render(String title, String header, List<Block> blocks, BatesNumbering bates,
      Instant time) {
    try (PDDocument doc = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
      PDType0Font font;
      try (InputStream in = new java.io.ByteArrayInputStream(FONT_BYTES)) {
        font = PDType0Font.load(doc, in, true);
      }
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(title);
      info.setProducer("Chaperone");
      Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
      created.setTimeInMillis(time.toEpochMilli());
      info.setCreationDate(created);
      PDDocumentOutline outline = new PDDocumentOutline();
      doc.getDocumentCatalog().setDocumentOutline(outline);
      Writer w = new Writer(doc, font, printable(header), bates);
      List<Integer> first = new ArrayList<>();
      List<Integer> last = new ArrayList<>();
      String bookmark = null;
      for (Block b : blocks) {
        w.newPage();
        first.add(w.pageIndex);
        if (!b.bookmark().equals(bookmark)) {
          bookmark = b.bookmark();
          PDOutlineItem item = new PDOutlineItem();
          item.setTitle(bookmark);
          item.setDestination(w.page);
          outline.addLast(item);
        }
        for (Line line : b.lines()) {
          w.write(line);
        }
        last.add(w.pageIndex);
      }
      w.close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return new Rendered(out.toByteArray(), w.pageIndex + 1, first, last);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the transcript", e);
    }
  }

  /** Lays lines out on pages. Not thread-safe. */
  private static final class Writer {
    private final PDDocument doc;
    private final PDType0Font font;
    private final String header;
    private final BatesNumbering bates;
    PDPage page;
    int pageIndex = -1;
    private PDPageContentStream out;
    private float y;

    Writer(PDDocument doc, PDType0Font font, String header, BatesNumbering bates) {
      this.doc = doc;
      this.font = font;
      this.header = header;
      this.bates = bates;
    }

    void newPage() throws IOException {
      close();
      page = new PDPage(PAGE);
      doc.addPage(page);
      pageIndex++;
      out = new PDPageContentStream(doc, page);
      text(MARGIN, PAGE.getHeight() - 36, 8, fit(header, 8, WIDTH));
      out.setLineWidth(0.5f);
      out.moveTo(MARGIN, PAGE.getHeight() - 42);
      out.lineTo(PAGE.getWidth() - MARGIN, PAGE.getHeight() - 42);
      out.stroke();
      y = TOP;
    }

    void write(Line line) throws IOException {
      float size = line.style().size;
      float leading = size * 1.35f;
      if (line.style() == Style.RULE) {
        if (y - leading < BOTTOM) {
          continuePage();
        }
        y -= leading / 2;
        out.setLineWidth(0.3f);
        out.moveTo(MARGIN, y);
        out.lineTo(PAGE.getWidth() - MARGIN, y);
        out.stroke();
        y -= leading / 2;
        return;
      }
      float indent = line.style() == Style.BODY ? 12 : 0;
      for (String paragraph : printable(line.text()).split("\n", -1)) {
        for (String wrapped : wrap(paragraph, size, WIDTH - indent)) {
          if (y - leading < BOTTOM) {
            continuePage();
          }
          y -= leading;
          if (!wrapped.isEmpty()) {
            text(MARGIN + indent, y, size, visual(wrapped));
          }
        }
      }
    }

    private void continuePage() throws IOException {
      newPage();
      y -= 11;
      text(MARGIN, y, 8, CONTINUED);
    }

    private void text(float x, float atY, float size, String s) throws IOException {
      out.beginText();
      out.setFont(font, size);
      out.newLineAtOffset(x, atY);
      out.showText(s);
      out.endText();
    }

    /** Ends the page: its Bates number is the last thing drawn, so extraction reads it last. */
    void close() throws IOException {
      if (out != null) {
        String number = bates.page(pageIndex);
        text(PAGE.getWidth() - MARGIN - width(number, 10), 30, 10, number);
        out.close();
        out = null;
      }
    }

    private float width(String s, float size) throws IOException {
      return font.getStringWidth(s) / 1000 * size;
    }

    private String fit(String s, float size, float max) throws IOException {
      if (width(s, size) <= max) {
        return s;
      }
      String cut = s;
      while (!cut.isEmpty() && width(cut + "…", size) > max) {
        cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
      }
      return cut + "…";
    }

    /** Greedy wrapping at spaces; a word wider than the line is broken between characters. */
    private List<String> wrap(String paragraph, float size, float max) throws IOException {
      List<String> lines = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      for (String word : paragraph.split(" ", -1)) {
        String candidate = line.isEmpty() ? word : line + " " + word;
        if (width(candidate, size) <= max) {
          line.setLength(0);
          line.append(candidate);
          continue;
        }
        if (!line.isEmpty()) {
          lines.add(line.toString());
          line.setLength(0);
        }
        String rest = word;
        while (width(rest, size) > max) {
          int cut = rest.length();
          while (cut > 1 && width(rest.substring(0, cut), size) > max) {
            cut = rest.offsetByCodePoints(cut, -1);
          }
          lines.add(rest.substring(0, cut));
          rest = rest.substring(cut);
        }
        line.append(rest);
      }
      lines.add(line.toString());
      return lines;
    }
  }

  /**
   * A line in display order: right-to-left runs (Hebrew, Arabic) reversed, with mirrored brackets,
   * as PDF text is drawn left to right; extraction tools undo it. Left-to-right lines are unchanged.
   */
  private static String visual(String line) {
    Bidi bidi = new Bidi(line, Bidi.LEVEL_DEFAULT_LTR);
    return bidi.isLeftToRight() ? line : bidi.writeReordered(Bidi.DO_MIRRORING);
  }

  /**
   * Text as the transcript prints it: tabs as four spaces, carriage returns and variation
   * selectors dropped, and every other character the font cannot draw as {@code [U+XXXX]}.
   */
  static String printable(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (cp == '\n') {
        b.append('\n');
      } else if (cp == '\t') {
        b.append("    ");
      } else if (cp == '\r' || (cp >= 0xfe00 && cp <= 0xfe0f)) {
        // dropped: line ends are the paragraphs; variation selectors only choose a glyph style
      } else if (COVERED.get(cp)) {
        b.appendCodePoint(cp);
      } else {
        b.append(String.format(Locale.ROOT, "[U+%04X]", cp));
      }
    });
    return b.toString();
  }

  /**
   * What a page shows of its documents: its text without the running header (the first line), the
   * Bates number (the last) and a continuation mark.
   */
  static String body(String pageText) {
    List<String> lines = new ArrayList<>(List.of(pageText.strip().split("\\R")));
    if (!lines.isEmpty()) {
      lines.removeLast();
    }
    if (!lines.isEmpty()) {
      lines.removeFirst();
    }
    if (!lines.isEmpty() && lines.getFirst().strip().equals(CONTINUED)) {
      lines.removeFirst();
    }
    return String.join("\n", lines);
  }

  /**
   * The text of every page of a transcript, in order, as PDFBox extracts it.
   *
   * @throws IOException when the bytes are not a readable PDF
   */
  static List<String> pageTexts(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      List<String> pages = new ArrayList<>();
      for (int p = 1; p <= doc.getNumberOfPages(); p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        pages.add(stripper.getText(doc));
      }
      return pages;
    }
  }

  /**
   * Text reduced for comparing what a transcript should say with what was extracted from it:
   * printable, NFKC-normalised, without any whitespace (lines wrap where the layout says).
   */
  static String comparable(String text) {
    return Normalizer.normalize(printable(text), Normalizer.Form.NFKC).replaceAll("\\s+", "");
  }
}
