package org.chaperone.policy.content;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Personal phone numbers (P000-personal-phone, P003-official-contact). Two detectors: Google's
 * libphonenumber finds valid numbers of any country in the base view; a digit-run detector finds
 * what it misses or deliberately does not accept: numbers with fictional exchanges, numbers
 * spaced out digit by digit, spelled out ("five five five ..."), mixed, or with look-alike letters
 * ({@code 555-O123}). District numbers from the settings are allowed.
 *
 * <p>Thread-safe.
 */
final class PhoneDetector {
  private static final String[] NUMBER_WORDS = {
      "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
  private static final String GAP_CHARS = " .-()/_+,·*[]";
  /** Numbers that are not phone numbers: "student number 4015522", "order number". */
  private static final String NOT_A_PHONE = "(?<!(?:student|id|locker|room|bus|jersey|order"
      + "|ticket|case|course|section|page|confirmation|account|lunch|pin|badge|seat|class|team"
      + "|member|serial|tracking|reference|employee|library|meeting|question|problem)"
      + " num(?:b[e3]r)?)";
  /** Quantities: "750-1000 words" is a range, not a local number. */
  private static final Pattern UNIT = Pattern.compile("^[ ]{1,2}(?:words?|pages?|points?|pts"
      + "|students|people|miles|meters|metres|calories|dollars|years|feet|yards|kg|km|lbs|pounds"
      + "|seconds|minutes|hours|steps|characters|units|copies|tickets|votes|grams|cm|mm|ml|kb|mb"
      + "|gb)(?![a-z])");
  private static final Pattern CUE = Pattern.compile(
      "(?:c[a4][l1][l1]|t[e3]xt|txt|ph[o0]n[e3]|c[e3][l1][l1]|(?:numb[e3]r|num)" + NOT_A_PHONE
          + "|m[o0]b[i1][l1][e3]|tel"
          + "|r[e3][a4]ch|ring|digits|whatsapp|#)[^a-z0-9]{0,6}(?:(?:me|is|1\\$|at|on|my|number"
          + "|cell|m3|0n|[o0]n|1s)\\b[^a-z0-9]{0,4}){0,3}$");

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final String region;
  private final List<String> allowed;

  PhoneDetector(ContentPolicySettings settings) {
    this.region = settings.phoneRegion();
    this.allowed = settings.districtPhoneNumbers();
  }

  void detect(Inspection in) {
    String text = in.base.text();
    if (digitLike(in) < 7) {
      return;
    }
    List<int[]> runs = digitRuns(text);
    List<int[]> found = new ArrayList<>();
    // libphonenumber reads only the stretches of text dense with digits that the digit-run
    // detector did not already explain: it is the slowest part of the engine.
    for (int[] window : digitWindows(text)) {
      if (runs.stream().anyMatch(r -> r[0] < window[1] && window[0] < r[1])) {
        continue;
      }
      String part = text.substring(window[0], window[1]);
      for (PhoneNumberMatch m : util.findNumbers(part, region, PhoneNumberUtil.Leniency.VALID,
          Long.MAX_VALUE)) {
        PhoneNumber n = m.number();
        String national = util.getNationalSignificantNumber(n);
        if (isDistrict(String.valueOf(n.getCountryCode()), national)) {
          continue;
        }
        int start = window[0] + m.start();
        int end = window[0] + m.end();
        found.add(new int[] {start, end});
        report(in, start, end);
      }
    }
    for (int[] run : runs) {
      boolean overlaps = found.stream().anyMatch(f -> f[0] < run[1] && run[0] < f[1]);
      if (!overlaps) {
        report(in, run[0], run[1]);
      }
    }
  }

  /**
   * Stretches holding seven or more digits, each within four characters of the next, widened by
   * a few characters on each side for prefixes and brackets.
   */
  static List<int[]> digitWindows(String text) {
    List<int[]> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      int last = i;
      int digits = 0;
      int j = i;
      while (j < n && j - last <= 4) {
        if (isDigit(text.charAt(j))) {
          digits++;
          last = j;
        }
        j++;
      }
      if (digits >= 7) {
        out.add(new int[] {Math.max(0, start - 4), Math.min(n, last + 1 + 6)});
      }
      i = last + 1;
    }
    return out;
  }

  private static final java.util.Set<String> NUMBER_WORD_SET = java.util.Set.of("zero", "one", "two",
      "three", "four", "five", "six", "seven", "eight", "nine", "oh", "o");

  /** How many digits and spelled digits the message has: fewer than seven make no number. */
  private static int digitLike(Inspection in) {
    int count = 0;
    String text = in.base.text();
    for (int i = 0; i < text.length(); i++) {
      char d = text.charAt(i);
      count += d >= '0' && d <= '9' ? 1 : 0;
    }
    for (String w : in.words.words()) {
      count += NUMBER_WORD_SET.contains(w) ? 1 : 0;
    }
    return count;
  }

  private void report(Inspection in, int start, int end) {
    Span span = in.span(in.base, start, end);
    in.add(RuleId.CONTACT_PHONE, Severity.SEVERE,
        "\"" + span.excerpt().strip() + "\" looks like a personal phone number; staff and students"
            + " use only the district's official numbers and this channel (P000-personal-phone,"
            + " P003-official-contact)", span);
  }

  private boolean isDistrict(String countryCode, String national) {
    for (String a : allowed) {
      boolean prefix = a.endsWith("*");
      String digits = prefix ? a.substring(0, a.length() - 1) : a;
      String local = digits;
      if (digits.startsWith(countryCode) && digits.length() > national.length()) {
        local = digits.substring(countryCode.length());
      }
      if (prefix ? national.startsWith(local) || national.startsWith(digits)
          : national.equals(local) || national.equals(digits)
          || (national.length() == 7 && local.endsWith(national))) {
        return true;
      }
    }
    return false;
  }

  /** One digit, spelled-out digit or look-alike letter of a candidate number. */
  private record Item(char digit, int start, int end, boolean word) {}

  /** Ranges of {@code text} holding phone-shaped digit runs that are not district numbers. */
  List<int[]> digitRuns(String text) {
    List<Item> items = items(text);
    List<int[]> out = new ArrayList<>();
    int i = 0;
    while (i < items.size()) {
      int j = i + 1;
      while (j < items.size() && joinable(text, items.get(j - 1), items.get(j))) {
        j++;
      }
      if (j - i >= 7) {
        matchRun(text, items.subList(i, j), out);
      }
      i = j;
    }
    return out;
  }

  private static List<Item> items(String text) {
    List<Item> items = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if ((c >= '0' && c <= '9') || c == '$') {
        // a number word in leetspeak starting with a digit ("0n3", "7hr33", "$3v3n")
        int end = i;
        boolean letter = false;
        while (end < n && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '$')) {
          letter |= Character.isLetter(text.charAt(end));
          end++;
        }
        String word = letter ? unleet(text.substring(i, end)) : "";
        int leetDigit = numberWord(word);
        if (leetDigit < 0 && word.equals("oh") && !items.isEmpty()
            && items.get(items.size() - 1).digit() != 'x') {
          leetDigit = 0;
        }
        if (leetDigit >= 0) {
          items.add(new Item((char) ('0' + leetDigit), i, end, true));
          i = end;
        } else if (c == '$') {
          i++;
        } else {
          items.add(new Item(c, i, i + 1, false));
          i++;
        }
      } else if (Character.isLetter(c)) {
        int j = i;
        while (j < n && Character.isLetter(text.charAt(j))) {
          j++;
        }
        // a number word in leetspeak ("f1v3", "z3r0", "7hr33")
        int end = j;
        while (end < n && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '$')) {
          end++;
        }
        int leetDigit = end > j && end - i <= 5 ? numberWord(unleet(text.substring(i, end))) : -1;
        if (leetDigit >= 0) {
          items.add(new Item((char) ('0' + leetDigit), i, end, true));
          i = end;
          continue;
        }
        if (j - i > 5) {
          items.add(new Item('x', i, j, true)); // longer than any number word
          i = j;
          continue;
        }
        String w = text.substring(i, j);
        int digit = numberWord(w);
        boolean nextToDigit = (i > 0 && isDigit(text.charAt(i - 1)))
            || (j < n && isDigit(text.charAt(j)));
        if (digit >= 0) {
          items.add(new Item((char) ('0' + digit), i, j, true));
        } else if ((w.equals("oh") || w.equals("o")) && !items.isEmpty()
            && items.get(items.size() - 1).digit() != 'x'
            && items.get(items.size() - 1).end() >= i - 3) {
          items.add(new Item('0', i, j, true));
        } else if (w.length() <= 2 && nextToDigit && w.chars().allMatch(ch -> "oli".indexOf(ch) >= 0)) {
          for (int k = i; k < j; k++) {
            items.add(new Item(text.charAt(k) == 'o' ? '0' : '1', k, k + 1, false));
          }
        } else {
          // any other word ends a run
          items.add(new Item('x', i, j, true));
        }
        i = j;
      } else {
        i++;
      }
    }
    return items;
  }

  private static String unleet(String w) {
    StringBuilder sb = new StringBuilder(w.length());
    for (char c : w.toCharArray()) {
      sb.append(switch (c) {
        case '0' -> 'o';
        case '1' -> 'i';
        case '3' -> 'e';
        case '4' -> 'a';
        case '5', '$' -> 's';
        case '7' -> 't';
        default -> c;
      });
    }
    return sb.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int numberWord(String w) {
    for (int d = 0; d < NUMBER_WORDS.length; d++) {
      if (NUMBER_WORDS[d].equals(w)) {
        return d;
      }
    }
    return -1;
  }

  private static boolean joinable(String text, Item a, Item b) {
    if (a.digit() == 'x' || b.digit() == 'x') {
      return false;
    }
    int gap = b.start() - a.end();
    if (gap == 0) {
      return true;
    }
    if (gap > 3) {
      return false;
    }
    for (int k = a.end(); k < b.start(); k++) {
      if (GAP_CHARS.indexOf(text.charAt(k)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Splits a run into groups (digits without gaps) and finds phone-shaped stretches. */
  private void matchRun(String text, List<Item> run, List<int[]> out) {
    List<List<Item>> groups = new ArrayList<>();
    List<Item> current = new ArrayList<>();
    for (int k = 0; k < run.size(); k++) {
      Item it = run.get(k);
      if (!current.isEmpty() && (it.start() > current.get(current.size() - 1).end()
          || it.word() || current.get(current.size() - 1).word())) {
        groups.add(current);
        current = new ArrayList<>();
      }
      current.add(it);
    }
    groups.add(current);
    int g = 0;
    while (g < groups.size()) {
      int used = shaped(text, groups, g);
      if (used == 0) {
        used = spacedOut(groups, g);
      }
      if (used > 0) {
        List<Item> first = groups.get(g);
        List<Item> last = groups.get(g + used - 1);
        String digits = digits(groups.subList(g, g + used));
        String national = digits.length() == 11 ? digits.substring(1) : digits;
        if (!isDistrict("1", national)) {
          int start = first.get(0).start();
          if (start > 0 && (text.charAt(start - 1) == '+' || text.charAt(start - 1) == '(')) {
            start--; // "+44 ...", "(971) ..."
          }
          out.add(new int[] {start, last.get(last.size() - 1).end()});
        }
        g += used;
      } else {
        g++;
      }
    }
  }

  /** Standard shapes: 3-3-4, 1-3-3-4, 3-4 (with a dash or dot, or a cue), 10, 11, 7 (with a cue). */
  private static int shaped(String text, List<List<Item>> groups, int g) {
    int[] sizes = new int[Math.min(4, groups.size() - g)];
    for (int k = 0; k < sizes.length; k++) {
      sizes[k] = groups.get(g + k).size();
    }
    int first = groups.get(g).get(0).start();
    if (first > 0 && text.charAt(first - 1) == '+' || first > 1 && text.charAt(first - 2) == '+') {
      // an international number: "+" and 10 to 13 digits
      int digits = 0;
      for (int k = g; k < groups.size() && k < g + 5; k++) {
        digits += groups.get(k).size();
        if (digits >= 10 && digits <= 13 && (k + 1 == groups.size() || k + 1 == g + 5
            || digits + groups.get(k + 1).size() > 13)) {
          return k - g + 1;
        }
      }
    }
    if (sizes.length >= 4 && sizes[0] == 1 && sizes[1] == 3 && sizes[2] == 3 && sizes[3] == 4
        && groups.get(g).get(0).digit() == '1') {
      return 4;
    }
    if (sizes.length >= 3 && sizes[0] == 3 && sizes[1] == 3 && sizes[2] == 4) {
      return 3;
    }
    if (sizes[0] == 10 || (sizes[0] == 11 && groups.get(g).get(0).digit() == '1')) {
      return 1;
    }
    if (sizes.length >= 2 && sizes[0] == 3 && sizes[1] == 4) {
      int gapStart = groups.get(g).get(2).end();
      int gapEnd = groups.get(g + 1).get(0).start();
      String gap = text.substring(gapStart, gapEnd);
      List<Item> second = groups.get(g + 1);
      boolean quantity = UNIT.matcher(text.substring(second.get(second.size() - 1).end(),
          Math.min(text.length(), second.get(second.size() - 1).end() + 14))).find();
      if (!quantity && (gap.contains("-") || gap.contains(".") || cued(text, first))) {
        return 2;
      }
    }
    boolean cue = sizes[0] >= 2 && cued(text, first);
    if (sizes[0] == 7 && cue) {
      return 1;
    }
    if (cue) {
      // after "call me on", "my number is": any 10 to 12 digits in up to four groups
      int digits = 0;
      for (int k = 0; k < sizes.length; k++) {
        if (sizes[k] < 2) {
          break;
        }
        digits += sizes[k];
        if (digits >= 10 && digits <= 12) {
          return k + 1;
        }
        if (digits > 12) {
          break;
        }
      }
    }
    return 0;
  }

  /** Digits spaced out one by one or spelled out: 7, 10 or 11 of them in groups of one or two. */
  private static int spacedOut(List<List<Item>> groups, int g) {
    int count = 0;
    int best = 0;
    int singles = 0;
    boolean spelled = false;
    StringBuilder digits = new StringBuilder();
    for (int k = g; k < groups.size() && count < 11; k++) {
      List<Item> grp = groups.get(k);
      if (grp.size() > 4) {
        break;
      }
      singles += grp.size() == 1 ? 1 : 0;
      spelled |= grp.get(0).word();
      boolean sawSingle = spelled || singles >= 3;
      count += grp.size();
      for (Item it : grp) {
        digits.append(it.digit());
      }
      if (sawSingle && (count == 10 || (count == 11 && digits.charAt(0) == '1'))) {
        best = k - g + 1;
      }
    }
    if (best == 0) {
      // seven spelled or spaced digits, as a local number
      count = 0;
      digits.setLength(0);
      for (int k = g; k < groups.size(); k++) {
        List<Item> grp = groups.get(k);
        if (grp.size() > 1 && !grp.get(0).word()) {
          break;
        }
        count += grp.size();
        for (Item it : grp) {
          digits.append(it.digit());
        }
        if (count == 7) {
          boolean lastOfRun = k + 1 == groups.size();
          if (lastOfRun && !arithmetic(digits)) {
            best = k - g + 1;
          }
          break;
        }
      }
    }
    if (best > 0) {
      StringBuilder all = new StringBuilder();
      for (int k = g; k < g + best; k++) {
        for (Item it : groups.get(k)) {
          all.append(it.digit());
        }
      }
      if (arithmetic(all)) {
        return 0;
      }
    }
    return best;
  }

  /** 1234567, 7654321, 1357913...: a counted list, not a number. */
  private static boolean arithmetic(CharSequence digits) {
    if (digits.length() < 3) {
      return false;
    }
    int step = digits.charAt(1) - digits.charAt(0);
    if (step == 0 || Math.abs(step) > 2) {
      return false;
    }
    for (int k = 2; k < digits.length(); k++) {
      int d = digits.charAt(k) - digits.charAt(k - 1);
      if (d != step && !(step == 1 && d == -9) && !(step == 2 && d == -8)) {
        return false;
      }
    }
    return true;
  }

  private static String digits(List<List<Item>> groups) {
    StringBuilder sb = new StringBuilder();
    for (List<Item> grp : groups) {
      for (Item it : grp) {
        sb.append(it.digit());
      }
    }
    return sb.toString();
  }

  private static boolean cued(String text, int start) {
    String before = text.substring(Math.max(0, start - 30), start).toLowerCase(Locale.ROOT);
    return CUE.matcher(before).find();
  }
}
