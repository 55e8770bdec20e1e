package org.chaperone.policy.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal (non-district) email addresses (P000-personal-email, P003-official-contact), including
 * written-out forms: {@code jo (at) gmail (dot) com}, {@code jo at gmail dot com},
 * {@code jo @ gmail . com}, and look-alike or full-width characters (undone by the base view).
 * Addresses in the district's domains (and their subdomains) are allowed.
 *
 * <p>Thread-safe.
 */
final class EmailDetector {
  private static final String LOCAL = "[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9])?";
  private static final String AT_SIGN = "[ ]{0,2}@[ ]{0,2}";
  private static final String AT_WORD =
      "[ ]{0,2}[(\\[{<][ ]?at[ ]?[)\\]}>][ ]{0,2}|[ ]+at[ ]+";
  private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
  /** A dot; "x. y" (a space after but not before) ends a sentence instead. */
  private static final String DOT =
      "(?:\\.|[ ]{1,2}\\.[ ]{0,2}|[ ]{0,2}[(\\[{<][ ]?dot[ ]?[)\\]}>][ ]{0,2}|[ ]+dot[ ]+)";
  /** Webmail names split by a space to dodge filters ("g mail", "hot mail"). */
  private static final String SPLIT_WEBMAIL = "(?:g ?mail|hot ?mail|out ?look|i ?cloud|ya ?hoo"
      + "|proton ?mail)";
  private static final Pattern EMAIL = Pattern.compile("(?<![a-z0-9._%+-])(" + LOCAL + ")("
      + AT_SIGN + "|" + AT_WORD + ")((?:" + SPLIT_WEBMAIL + "|" + LABEL + ")(?:" + DOT + LABEL
      + "){0,4})(?![a-z0-9-])");
  private static final Pattern DOT_SPLIT = Pattern.compile(DOT);

  /** Top-level domains that end an address; enough for what people type. */
  private static final Set<String> TLDS = Set.of(
      "com", "net", "org", "edu", "gov", "mil", "int", "us", "uk", "ca", "au", "nz", "ie", "de",
      "fr", "es", "it", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "pl", "pt", "br", "mx",
      "ar", "cl", "co", "in", "jp", "kr", "cn", "tw", "hk", "sg", "ph", "vn", "th", "ru", "ua",
      "za", "io", "me", "ai", "app", "dev", "info", "biz", "xyz", "online", "site", "email",
      "mail", "live", "icloud", "tv", "cc", "ly", "gg", "fm", "pro", "name", "club",
      "tech", "store", "blog", "page", "cloud", "team", "school", "academy", "education");
  /** Webmail providers recognised without a top-level domain ({@code jo@gmail}). */
  private static final Set<String> WEBMAIL = Set.of(
      "gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "live", "msn", "icloud",
      "me", "mac", "aol", "proton", "protonmail", "pm", "gmx", "zoho", "yandex", "mail", "tutanota");

  private final List<String> districtDomains;

  EmailDetector(ContentPolicySettings settings) {
    this.districtDomains = settings.districtEmailDomains();
  }

  /**
   * After the word "at", what an address needs: within three words, a dot or the word "dot"
   * ("at gmail dot com", "at g mail . com"). Most "at"s ("at 3:15", "at the gym") have neither.
   * Words are matched possessively: on a run of thousands of letters the check stays linear.
   */
  private static final Pattern DOMAIN_AHEAD = Pattern.compile(
      "[ )\\]}>]{0,3}[a-z0-9-]++(?:[ ]{1,2}[a-z0-9-]++){0,2}(?:[ ]{0,2}\\.[ ]{0,2}[a-z]"
          + "|[ ]{0,2}[(\\[{<]?[ ]?dot(?![a-z]))");

  void detect(Inspection in) {
    String text = in.base.text();
    int n = text.length();
    Matcher m = EMAIL.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    Matcher ahead = DOMAIN_AHEAD.matcher(text);
    int done = 0;
    // Only the surroundings of an "@" or of the word "at" can hold an address.
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      int atEnd;
      if (c == '@') {
        atEnd = i + 1;
      } else if (c == 'a' && i + 1 < n && text.charAt(i + 1) == 't'
          && (i == 0 || !isAsciiLetter(text.charAt(i - 1)))
          && (i + 2 == n || !isAsciiLetter(text.charAt(i + 2)))) {
        atEnd = i + 2;
        if (!ahead.region(atEnd, n).lookingAt()) {
          continue;
        }
      } else {
        continue;
      }
      int start = localPartStart(text, i);
      if (start < done || start < 0) {
        continue;
      }
      done = scan(in, m, start, Math.min(n, atEnd + 200), done);
    }
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z';
  }

  /**
   * Where the user name before an "@" or "at" would start: back over up to two spaces and an
   * opening bracket, then over the characters a user name may hold. -1 if there is none.
   */
  private static int localPartStart(String text, int at) {
    int i = at;
    int spaces = 0;
    while (i > 0 && spaces < 3 && (text.charAt(i - 1) == ' ' || "([{<".indexOf(text.charAt(i - 1)) >= 0)) {
      i--;
      spaces++;
    }
    int end = i;
    while (i > 0 && end - i < 64 && isLocalChar(text.charAt(i - 1))) {
      i--;
    }
    return i == end ? -1 : i;
  }

  private static boolean isLocalChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '%'
        || c == '+' || c == '-';
  }

  private int scan(Inspection in, Matcher m, int regionStart, int regionEnd, int done) {
    int from = regionStart;
    while (from < regionEnd) {
      m.region(from, regionEnd);
      if (!m.lookingAt()) {
        break;
      }
      String atSign = m.group(2);
      List<String> labels = new ArrayList<>();
      for (String l : DOT_SPLIT.split(m.group(3))) {
        labels.add(l.strip().replace(" ", ""));
      }
      boolean sign = atSign.contains("@");
      int keep = labels.size();
      // "jo at gmail dot com and then" — drop trailing labels that are not part of a domain
      while (keep > 1 && !TLDS.contains(labels.get(keep - 1))) {
        keep--;
      }
      List<String> domainLabels = labels.subList(0, keep);
      String first = domainLabels.get(0);
      if (first.length() < 2 || first.chars().noneMatch(Character::isLetter)) {
        break;
      }
      String last = domainLabels.get(domainLabels.size() - 1);
      boolean isAddress = domainLabels.size() >= 2 ? TLDS.contains(last)
          : sign && WEBMAIL.contains(last);
      if (!isAddress) {
        break;
      }
      String domain = String.join(".", domainLabels);
      int end = endOfLabels(in.base.text(), m.start(3), m.end(3), keep);
      if (!isDistrict(domain)) {
        Span span = in.span(in.base, m.start(), end);
        in.add(RuleId.CONTACT_EMAIL, Severity.SEVERE,
            "\"" + span.excerpt().strip() + "\" is an email address outside the district's"
                + " domains; only district accounts may be used with students (P000-personal-email,"
                + " P003-official-contact)", span);
      }
      done = Math.max(done, end);
      break;
    }
    return done;
  }

  /** Where the first {@code keep} labels of the domain group end. */
  private static int endOfLabels(String text, int start, int end, int keep) {
    Matcher d = DOT_SPLIT.matcher(text).region(start, end);
    int seen = 1;
    while (d.find()) {
      if (seen == keep) {
        return d.start();
      }
      seen++;
    }
    return end;
  }

  boolean isDistrict(String domain) {
    for (String d : districtDomains) {
      if (domain.equals(d) || domain.endsWith("." + d)) {
        return true;
      }
    }
    return false;
  }
}
