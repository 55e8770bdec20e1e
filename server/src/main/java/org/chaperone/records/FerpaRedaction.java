package org.chaperone.records;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chaperone.domain.GuardianLink;
import org.chaperone.domain.Person;
import org.chaperone.domain.Role;
import org.chaperone.policy.content.Action;
import org.chaperone.policy.content.ContentDraft;
import org.chaperone.policy.content.ContentPolicy;
import org.chaperone.policy.content.ContentPolicySettings;
import org.chaperone.policy.content.Participant;
import org.chaperone.policy.content.RuleId;
import org.chaperone.policy.content.Span;
import org.chaperone.policy.content.Violation;

/**
 * FERPA redaction of a production: which people's personally identifiable information is
 * withheld for a request ({@link #forRequest}), and the burning-in of it into text: every
 * occurrence of a protected person's names (given, family, full, possessive, in any order, any
 * case, with or without diacritics), directory ids, and of phone numbers and email addresses,
 * replaced by a marker {@code [REDACTED FERPA-n]}. The text itself never leaves this class.
 *
 * <ul>
 *   <li>Public records: every student, and every guardian (a parent's name identifies the
 *       student, 34 CFR 99.3 "personally identifiable information" (b)).
 *   <li>FERPA inspection: the students and families other than the request's subjects; the
 *       subjects, their guardians (and a subject guardian's students) stay visible to them.
 *   <li>Litigation and internal requests: nothing (disclosure under a subpoena or court order,
 *       34 CFR 99.31(a)(9), or to school officials, 99.31(a)(1)); see ADR 28.
 * </ul>
 *
 * <p>Contact details are found with the content policy's evasion-robust phone and email
 * detectors ({@link ContentPolicy}); staff members' own directory addresses are kept.
 *
 * <p>Immutable and thread-safe; markers are numbered by {@link ProductionRedactor}.
 */
final class FerpaRedaction {
  /** The marker pattern, e.g. {@code [REDACTED FERPA-12]}. */
  static final Pattern MARKER = Pattern.compile("\\[REDACTED FERPA-(\\d+)]");
  /** The law behind every redaction. */
  static final String LEGAL_BASIS =
      "FERPA, 20 U.S.C. § 1232g; 34 CFR § 99.3 \"personally identifiable information\"";

  /** What a redacted span was, as the exemption log names it (never the text itself). */
  enum Category {
    STUDENT_NAME("student name", "(a) the student's name"),
    STUDENT_ID("student identifier", "(d) a personal identifier, such as a student number"),
    FAMILY_NAME("family member name", "(b) the name of the student's parent or other family member"),
    FAMILY_ID("family member identifier", "(d) a personal identifier"),
    PHONE("phone number", "(f) other information linkable to a specific student"),
    EMAIL("email address", "(f) other information linkable to a specific student");

    final String label;
    final String element;

    Category(String label, String element) {
      this.label = label;
      this.element = element;
    }
  }

  /** A span of text to withhold, and the key its marker is shared under within one record. */
  record Hit(int start, int end, Category category, String key) {}

  private static final FerpaRedaction NONE = new FerpaRedaction(Map.of(), Set.of());
  private static final ContentPolicy CONTACTS = contactDetectors();

  /** Protected people by folded id. */
  private final Map<String, Protected> ids = new HashMap<>();
  /** Ids that text matching cannot find as a token, looked for as substrings. */
  private final List<Protected> oddIds = new ArrayList<>();
  /** Folded name words of protected people: student words win over family words. */
  private final Map<String, Category> nameWords = new HashMap<>();
  /** Name words in scripts written without spaces (Han, kana, Thai), looked for as substrings. */
  private final Map<String, Category> unspacedWords = new HashMap<>();
  private final Set<String> keptEmails;

  private record Protected(String id, Category idCategory) {}

  private FerpaRedaction(Map<Person, Boolean> protectedPeople, Set<String> keptEmails) {
    this.keptEmails = keptEmails;
    protectedPeople.forEach((p, student) -> {
      Protected prot = new Protected(p.id(), student ? Category.STUDENT_ID : Category.FAMILY_ID);
      ids.put(fold(p.id()), prot);
      if (!ID_TOKEN.matcher(p.id()).matches()) {
        oddIds.add(prot);
      }
      Category nameCategory = student ? Category.STUDENT_NAME : Category.FAMILY_NAME;
      for (String part : List.of(p.givenName(), p.familyName())) {
        for (String word : words(part)) {
          if (word.codePointCount(0, word.length()) < 2 && !unspaced(word)) {
            continue; // an initial is no name
          }
          Map<String, Category> into = unspaced(word) ? unspacedWords : nameWords;
          into.merge(unspaced(word) ? word : fold(word), nameCategory,
              (a, b) -> a == Category.STUDENT_NAME ? a : b);
        }
      }
    });
  }

  /** Whether anything is redacted at all. */
  boolean active() {
    return !ids.isEmpty();
  }

  /** No redaction. */
  static FerpaRedaction none() {
    return NONE;
  }

  /**
   * The redaction a request's kind calls for, over the whole directory (removed people included).
   *
   * @param subjects the request's subjects (person ids)
   */
  static FerpaRedaction forRequest(RecordsRequestKind kind, Collection<String> subjects,
      Collection<Person> people, Collection<GuardianLink> links) {
    if (kind != RecordsRequestKind.PUBLIC_RECORDS && kind != RecordsRequestKind.FERPA_INSPECTION) {
      return NONE;
    }
    Set<String> visible = new HashSet<>();
    if (kind == RecordsRequestKind.FERPA_INSPECTION) {
      visible.addAll(subjects);
      for (GuardianLink l : links) {
        if (subjects.contains(l.studentId())) {
          visible.add(l.guardianId());
        }
        if (subjects.contains(l.guardianId())) {
          visible.add(l.studentId());
        }
      }
    }
    Map<Person, Boolean> prot = new LinkedHashMap<>();
    Set<String> kept = new HashSet<>();
    for (Person p : people) {
      boolean student = p.role() == Role.STUDENT;
      if ((student || p.role() == Role.GUARDIAN) && !visible.contains(p.id())) {
        prot.put(p, student);
      } else if (p.role().isStaff() && !p.email().isEmpty()) {
        kept.add(p.email().toLowerCase(Locale.ROOT));
      }
    }
    return prot.isEmpty() ? NONE : new FerpaRedaction(prot, kept);
  }

  /** Whether {@code value} is exactly a protected person's id; their id category if so. */
  Category protectedId(String value) {
    Protected p = ids.get(fold(value));
    return p == null || !p.id().equals(value) ? null : p.idCategory();
  }

  private static final Pattern ID_TOKEN = Pattern.compile("[\\p{L}\\p{N}._-]+");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+");
  private static final Pattern POSSESSIVE = Pattern.compile("['’](?:s(?![\\p{L}\\p{N}]))?");

  /** The spans of {@code text} to withhold, sorted and merged. */
  List<Hit> find(String text) {
    if (!active() || text.isEmpty()) {
      return List.of();
    }
    List<Hit> hits = new ArrayList<>();
    Matcher words = WORD.matcher(text);
    while (words.find()) {
      Category c = nameWords.get(fold(words.group()));
      if (c != null) {
        int end = words.end();
        Matcher poss = POSSESSIVE.matcher(text).region(end, text.length());
        if (poss.lookingAt()) {
          end = poss.end();
        }
        hits.add(new Hit(words.start(), end, c, "name"));
      }
    }
    unspacedWords.forEach((w, c) -> {
      for (int i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + w.length())) {
        hits.add(new Hit(i, i + w.length(), c, "name"));
      }
    });
    Matcher tokens = ID_TOKEN.matcher(text);
    while (tokens.find()) {
      String token = tokens.group().replaceAll("[._-]+$", "");
      Protected p = ids.get(fold(token));
      if (p != null) {
        hits.add(new Hit(tokens.start(), tokens.start() + token.length(), p.idCategory(),
            "person:" + p.id()));
      }
    }
    for (Protected p : oddIds) {
      for (int i = text.indexOf(p.id()); i >= 0; i = text.indexOf(p.id(), i + p.id().length())) {
        hits.add(new Hit(i, i + p.id().length(), p.idCategory(), "person:" + p.id()));
      }
    }
    for (Violation v : CONTACTS.evaluate(ContentDraft.of(text, new Participant("redaction",
        Role.STUDENT), List.of()), org.chaperone.policy.content.StudentDirectory.empty(),
        java.time.Instant.EPOCH).violations()) {
      for (Span s : v.spans()) {
        if (v.rule() == RuleId.CONTACT_EMAIL
            && keptEmails.contains(s.excerpt().strip().toLowerCase(Locale.ROOT))) {
          continue;
        }
        hits.add(new Hit(s.start(), s.end(),
            v.rule() == RuleId.CONTACT_EMAIL ? Category.EMAIL : Category.PHONE, "contact"));
      }
    }
    return merge(text, hits);
  }

  /**
   * Overlapping spans become one; so do names separated only by spaces, commas, hyphens or dots
   * ("Maya Lopez", "Lopez, Maya"), so that a full name is one redaction.
   */
  private static List<Hit> merge(String text, List<Hit> hits) {
    hits.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start())
        : Integer.compare(b.end(), a.end()));
    List<Hit> out = new ArrayList<>();
    for (Hit h : hits) {
      if (!out.isEmpty()) {
        Hit last = out.getLast();
        boolean overlap = h.start() < last.end();
        boolean adjacentNames = last.key().equals("name") && h.key().equals("name")
            && h.start() >= last.end() && h.start() - last.end() <= 3
            && text.substring(last.end(), h.start()).matches("[ ,.\\-]*");
        if (overlap || adjacentNames) {
          // Overlapping: the longer span says what it is ("carmen" inside an email address is
          // part of the address). Adjacent names: a full name.
          Hit wider = overlap && h.end() - h.start() > last.end() - last.start() ? h : last;
          out.set(out.size() - 1, new Hit(last.start(), Math.max(last.end(), h.end()),
              wider.category(), wider.key()));
          continue;
        }
      }
      out.add(h);
    }
    List<Hit> keyed = new ArrayList<>();
    for (Hit h : out) {
      String key = h.key().startsWith("person:") ? h.key()
          : h.category().name() + ":" + fold(text.substring(h.start(), h.end()));
      keyed.add(new Hit(h.start(), h.end(), h.category(), key));
    }
    return keyed;
  }

  private static boolean unspaced(String word) {
    return word.codePoints().anyMatch(cp -> {
      Character.UnicodeScript s = Character.UnicodeScript.of(cp);
      return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
          || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.THAI
          || s == Character.UnicodeScript.LAO || s == Character.UnicodeScript.KHMER
          || s == Character.UnicodeScript.MYANMAR;
    });
  }

  private static List<String> words(String name) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(name);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** Lower case without diacritics: "Zoë" and "ZOE" fold alike. */
  static String fold(String s) {
    String decomposed = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD);
    return decomposed.replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
  }

  private static ContentPolicy contactDetectors() {
    ContentPolicySettings settings = ContentPolicySettings.defaults();
    for (RuleId rule : RuleId.values()) {
      settings = settings.withAction(rule,
          rule == RuleId.CONTACT_PHONE || rule == RuleId.CONTACT_EMAIL ? Action.BLOCK : Action.OFF);
    }
    return new ContentPolicy(settings);
  }
}
