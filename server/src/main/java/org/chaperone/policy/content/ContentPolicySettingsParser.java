package org.chaperone.policy.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code content} section of a district policy file into {@link ContentPolicySettings}.
 *
 * <p>The section is a list of {@code key = value} lines; {@code #} starts a comment line; a line
 * ending in {@code \} continues on the next one; lists are comma-separated. Keys not given keep
 * their defaults ({@link ContentPolicySettings#defaults()}). Unknown keys, repeated keys and bad
 * values are errors, all reported at once, so a typo never silently weakens the policy.
 *
 * <pre>
 * action.contact.phone      = block          # block | hold | flag | off, per rule id
 * action.harassment.severe  = block          # per severity: low, medium, high, severe
 * phone.region              = US
 * district.phones           = 503-555-0100, 503555*
 * district.email-domains    = maplevalley.k12.or.us
 * district.handles          = @maplevalleyhs
 * lexicon                   = cuss           # cuss | none
 * lexicon.allow             = drat
 * lexicon.add.high          = frick
 * topic.vocabulary          = robotics, esports
 * topic.min-words           = 6
 * </pre>
 *
 * <p>When the section lives inside a larger properties-style file, {@link #fromEntries} takes the
 * section's entries with a prefix (e.g. {@code content.}) removed.
 */
public final class ContentPolicySettingsParser {
  private static final Pattern REGION = Pattern.compile("[A-Z]{2}");
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
  private static final Pattern HANDLE = Pattern.compile("@?[a-z0-9_.]{2,30}");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}' -]{1,60}");
  /** A topic word may end in {@code *} to match every word starting so. */
  private static final Pattern TOPIC_WORD = Pattern.compile("[\\p{L}\\p{N}' -]{1,60}\\*?");

  private ContentPolicySettingsParser() {}

  /** Parses a section's text. */
  public static ContentPolicySettings parse(String text) {
    List<String> problems = new ArrayList<>();
    Map<String, String> entries = new LinkedHashMap<>();
    Map<String, Integer> lines = new HashMap<>();
    String[] raw = text.split("\\R", -1);
    StringBuilder pending = null;
    int pendingLine = 0;
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i];
      if (pending == null) {
        String stripped = line.strip();
        if (stripped.isEmpty() || stripped.startsWith("#")) {
          continue;
        }
        pending = new StringBuilder();
        pendingLine = i + 1;
      }
      String part = line.strip();
      if (part.endsWith("\\")) {
        pending.append(part, 0, part.length() - 1).append(' ');
        if (i + 1 < raw.length) {
          continue;
        }
      } else {
        pending.append(part);
      }
      String logical = stripComment(pending.toString());
      pending = null;
      int eq = logical.indexOf('=');
      if (eq <= 0) {
        problems.add("line " + pendingLine + ": expected key = value");
        continue;
      }
      String key = logical.substring(0, eq).strip();
      String value = logical.substring(eq + 1).strip();
      if (entries.containsKey(key)) {
        problems.add("line " + pendingLine + ": " + key + " is set twice (also on line "
            + lines.get(key) + ")");
        continue;
      }
      entries.put(key, value);
      lines.put(key, pendingLine);
    }
    return build(entries, key -> "line " + lines.get(key) + ": ", problems);
  }

  /** Builds settings from a section's entries (keys without any section prefix). */
  public static ContentPolicySettings fromEntries(Map<String, String> entries) {
    return build(new LinkedHashMap<>(entries), key -> "", new ArrayList<>());
  }

  /**
   * Builds settings from the entries of a whole properties-style file whose keys start with
   * {@code prefix} (e.g. {@code content.}); other keys are ignored.
   */
  public static ContentPolicySettings fromEntries(Map<String, String> entries, String prefix) {
    Map<String, String> section = new LinkedHashMap<>();
    entries.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        section.put(k.substring(prefix.length()), v);
      }
    });
    return fromEntries(section);
  }

  private static String stripComment(String s) {
    int hash = s.indexOf(" #");
    return hash >= 0 ? s.substring(0, hash) : s;
  }

  private interface Where {
    String at(String key);
  }

  private static ContentPolicySettings build(Map<String, String> entries, Where where,
      List<String> problems) {
    ContentPolicySettings d = ContentPolicySettings.defaults();
    EnumMap<RuleId, Action> actions = new EnumMap<>(RuleId.class);
    EnumMap<Severity, Action> harassment = new EnumMap<>(Severity.class);
    String region = d.phoneRegion();
    List<String> phones = List.of();
    List<String> domains = List.of();
    List<String> handles = List.of();
    String lexicon = d.lexicon();
    Set<String> allow = Set.of();
    Map<String, Severity> add = new HashMap<>();
    Set<String> topics = Set.of();
    int minWords = d.topicMinWords();

    for (Map.Entry<String, String> e : entries.entrySet()) {
      String key = e.getKey().strip();
      String value = e.getValue().strip();
      String at = where.at(e.getKey()) + key;
      if (key.startsWith("action.harassment.")) {
        String sev = key.substring("action.harassment.".length());
        Severity severity = enumValue(Severity.class, sev);
        Action action = enumValue(Action.class, value);
        if (severity == null) {
          problems.add(at + ": unknown severity " + sev + " (low, medium, high, severe)");
        } else if (action == null || action == Action.OFF) {
          problems.add(at + ": expected block, hold or flag, got \"" + value + "\"");
        } else {
          harassment.put(severity, action);
        }
      } else if (key.startsWith("action.")) {
        String id = key.substring("action.".length());
        RuleId rule = RuleId.byId(id).orElse(null);
        Action action = enumValue(Action.class, value);
        if (rule == null) {
          problems.add(at + ": unknown rule " + id + " (" + Arrays.stream(RuleId.values())
              .map(RuleId::id).toList() + ")");
        } else if (action == null) {
          problems.add(at + ": expected block, hold, flag or off, got \"" + value + "\"");
        } else {
          actions.put(rule, action);
        }
      } else {
        switch (key) {
          case "phone.region" -> {
            if (REGION.matcher(value.toUpperCase(Locale.ROOT)).matches()) {
              region = value.toUpperCase(Locale.ROOT);
            } else {
              problems.add(at + ": expected a two-letter region code such as US");
            }
          }
          case "district.phones" -> {
            List<String> ok = new ArrayList<>();
            for (String p : list(value)) {
              String digits = p.replaceAll("[^0-9*]", "");
              boolean wildcard = digits.endsWith("*");
              String body = wildcard ? digits.substring(0, digits.length() - 1) : digits;
              if (body.length() < (wildcard ? 3 : 7) || body.contains("*")) {
                problems.add(at + ": \"" + p + "\" is not a phone number (7+ digits, or a prefix"
                    + " of 3+ digits ending in *)");
              } else {
                ok.add(digits);
              }
            }
            phones = ok;
          }
          case "district.email-domains" -> {
            List<String> ok = new ArrayList<>();
            for (String dom : list(value)) {
              String lower = dom.toLowerCase(Locale.ROOT).replaceFirst("^@", "");
              if (DOMAIN.matcher(lower).matches()) {
                ok.add(lower);
              } else {
                problems.add(at + ": \"" + dom + "\" is not a domain name");
              }
            }
            domains = ok;
          }
          case "district.handles" -> {
            List<String> ok = new ArrayList<>();
            for (String h : list(value)) {
              String lower = h.toLowerCase(Locale.ROOT);
              if (HANDLE.matcher(lower).matches()) {
                ok.add(lower);
              } else {
                problems.add(at + ": \"" + h + "\" is not a handle");
              }
            }
            handles = ok;
          }
          case "lexicon" -> {
            if (ContentPolicySettings.LEXICONS.contains(value)) {
              lexicon = value;
            } else {
              problems.add(at + ": unknown lexicon \"" + value + "\" (" 
                  + ContentPolicySettings.LEXICONS + ")");
            }
          }
          case "lexicon.allow" -> allow = words(value, at, problems, WORD);
          case "topic.vocabulary" -> topics = words(value, at, problems, TOPIC_WORD);
          case "topic.min-words" -> {
            try {
              minWords = Integer.parseInt(value);
              if (minWords < 1 || minWords > 1000) {
                problems.add(at + ": expected a number from 1 to 1000");
              }
            } catch (NumberFormatException ex) {
              problems.add(at + ": expected a number, got \"" + value + "\"");
            }
          }
          default -> {
            if (key.startsWith("lexicon.add.")) {
              String sev = key.substring("lexicon.add.".length());
              Severity severity = enumValue(Severity.class, sev);
              if (severity == null) {
                problems.add(at + ": unknown severity " + sev + " (low, medium, high, severe)");
              } else {
                for (String w : words(value, at, problems, WORD)) {
                  add.put(w, severity);
                }
              }
            } else {
              problems.add(at + ": unknown key");
            }
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ContentPolicySettingsException(problems);
    }
    if (minWords < 1) {
      minWords = d.topicMinWords();
    }
    return new ContentPolicySettings(actions, harassment, region, phones, domains, handles,
        lexicon, allow, add, topics, minWords);
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static Set<String> words(String value, String at, List<String> problems,
      Pattern word) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : list(value)) {
      if (word.matcher(w).matches()) {
        out.add(w.toLowerCase(Locale.ROOT));
      } else {
        problems.add(at + ": \"" + w + "\" is not a word");
      }
    }
    return out;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
