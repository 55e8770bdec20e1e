package org.chaperone.policy.content;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Social-media handles offered as a way to talk elsewhere (P003-no-private-chat): {@code @name}
 * that is not part of an email address, and {@code snap: name}, {@code ig - name},
 * {@code discord = name#1234}. The district's own handles are allowed.
 *
 * <p>Thread-safe.
 */
final class HandleDetector {
  private static final Pattern AT_HANDLE =
      Pattern.compile("(?<![a-z0-9._%+\\-@])@[ ]?([a-z0-9_](?:[a-z0-9_.]{1,29}))(?![a-z0-9_@])");
  private static final Pattern LABELLED = Pattern.compile(
      "(?<![a-z0-9])(snap|snapchat|sc|insta|instagram|ig|tiktok|discord|kik|telegram|twitter"
          + "|threads|bereal|whatsapp|wechat|line id|skype)[ ]{0,2}(?:[:=\\-]|is)[ ]{0,2}@?"
          + "([a-z0-9_](?:[a-z0-9_.#]{2,31}))");

  /** The words {@link #LABELLED} starts with. */
  private static final java.util.Set<String> PLATFORMS = java.util.Set.of("snap", "snapchat", "sc",
      "insta", "instagram", "ig", "tiktok", "discord", "kik", "telegram", "twitter", "threads",
      "bereal", "whatsapp", "wechat", "line", "skype");

  private final List<String> allowed;

  HandleDetector(ContentPolicySettings settings) {
    this.allowed = settings.allowedHandles();
  }

  void detect(Inspection in) {
    String text = in.base.text();
    Matcher m = AT_HANDLE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    for (int p = text.indexOf('@'); p >= 0; p = text.indexOf('@', p + 1)) {
      m.region(p, text.length());
      if (!m.lookingAt()) {
        continue;
      }
      String handle = stripDots(m.group(1));
      if (allowed.contains(handle) || emailDomain(text, m.end()) || insideEmail(in, m.start(1))
          || !namelike(handle)) {
        continue;
      }
      report(in, m.start(), m.start(1) + handle.length(), "the handle");
    }
    Matcher l = LABELLED.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    List<WordView.Token> tokens = in.words.tokens();
    List<String> words = in.words.words();
    int done = 0;
    for (int k = 0; k < tokens.size(); k++) {
      if (!PLATFORMS.contains(words.get(k)) || tokens.get(k).baseStart() < done) {
        continue;
      }
      l.region(tokens.get(k).baseStart(), text.length());
      if (!l.lookingAt()) {
        continue;
      }
      done = l.end();
      String handle = stripDots(l.group(2));
      if (allowed.contains(handle) || handle.matches("(is|me|my|the|and|or|for|to|at|on)")) {
        continue;
      }
      report(in, l.start(), l.start(2) + handle.length(), "the " + l.group(1) + " account");
    }
  }

  /** True when an address the email rule reported covers this base position. */
  private static boolean insideEmail(Inspection in, int basePosition) {
    int at = in.base.originStart(basePosition);
    return in.findings.stream().anyMatch(f -> f.rule() == RuleId.CONTACT_EMAIL
        && f.start() <= at && at < f.end());
  }

  /** A handle has a letter or an underscore: "@ 971.555.0172" is a phone number, not a name. */
  private static boolean namelike(String handle) {
    for (int i = 0; i < handle.length(); i++) {
      char c = handle.charAt(i);
      if ((c >= 'a' && c <= 'z') || c == '_') {
        return true;
      }
    }
    return false;
  }

  private static String stripDots(String h) {
    int e = h.length();
    while (e > 0 && h.charAt(e - 1) == '.') {
      e--;
    }
    return h.substring(0, e);
  }

  /** "@gmail.com" with the user name missing is an address, not a handle. */
  private static boolean emailDomain(String text, int end) {
    return text.substring(Math.max(0, end - 64), end).matches("(?s).*@[ ]?[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(com|net|org|edu|us)");
  }

  private static void report(Inspection in, int start, int end, String what) {
    Span span = in.span(in.base, start, end);
    in.add(RuleId.PRIVATE_CHANNEL, Severity.HIGH,
        "\"" + span.excerpt().strip() + "\" gives " + what + " to talk outside this supervised"
            + " channel; one-to-one private chats and direct messages are not allowed"
            + " (P003-no-private-chat)", span);
  }
}
