package org.chaperone.policy.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chaperone.domain.Role;

/**
 * Another student's personal information (P000-student-pii, P000-confidential; P001-student-posting
 * when a student writes): a student of the directory named in full ("Maya Lopez", "Lopez, Maya")
 * within a few words of grades, discipline, health or contact details, in a message that reaches
 * a student other than the one named. Staff writing only to staff, and a student's own
 * information sent to that student alone, are not violations.
 *
 * <p>Thread-safe.
 */
final class StudentPiiRule {
  private static final int WINDOW = 12;

  enum Category {
    GRADES("grades", "P000-confidential"),
    DISCIPLINE("discipline", "P000-confidential"),
    HEALTH("health", "P000-confidential"),
    CONTACT("contact details", "P000-student-pii");

    final String label;
    final String clause;

    Category(String label, String clause) {
      this.label = label;
      this.clause = clause;
    }
  }

  private record Cue(Category category, Pattern pattern) {}

  private static final List<Cue> CUES = List.of(
      cue(Category.GRADES, "grades?|graded|gpa|failing|failed|fails?|flunk(?:ed|ing|s)?"
          + "|transcript|report card|test scores?|quiz scores?|scores? (?:on|of|was|is)"
          + "|(?:got|earned|received|getting|gets|has) (?:an? )?(?:[a-f]|[0-9]{1,3})(?: plus| minus)?"
          + "(?= |$|\\n)|percent|academic probation|held back|repeat(?:ing)? the grade"
          + "|[0-9]{1,3} (?:on|in) (?:the|a|his|her|their) (?:[a-z]+ )?(?:test|quiz|exam|midterm|final"
          + "|essay|project)|lowest|highest score"),
      cue(Category.DISCIPLINE, "suspended|suspension|detentions?|expelled|expulsion|referrals?"
          + "|disciplin(?:e|ed|ary)|probation|arrested|vap(?:e|ing)|cheat(?:ed|ing)"
          + "|plagiari(?:sm|zed|sed)|in trouble|got caught|written up|write up"
          + "|sent to the office|got in a fight|fighting|jail|prison|locked up|deported|on parole"
          + "|juvie|police record"),
      cue(Category.HEALTH, "iep|504(?: plan)?|adhd|autism|autistic|diagnos(?:ed|is)"
          + "|medications?|meds|therapy|therapist|counseling|depress(?:ion|ed)|anxiety|allerg(?:y|ies|ic)"
          + "|asthma|diabet(?:es|ic)|seizures?|epilep(?:sy|tic)|pregnan(?:t|cy)|illness|hospital"
          + "|hospitali[sz]ed|disabilit(?:y|ies)|disabled|special ed(?:ucation)?|eating disorder"
          + "|self harm|suicidal|rehab|lice|concussion|dyslexi(?:a|c)|sick|cancer|surgery"
          + "|mental health|inhaler|epipen"),
      cue(Category.CONTACT, "address|lives (?:on|at|in)|(?:phone|cell|home|mobile) number"
          + "|(?:his|her|their|moms|dads|parents|mothers|fathers) (?:number|cell|phone|email"
          + "|snap|insta|address)|email|street|avenue"
          + "|apartment|apt"));

  private static Cue cue(Category category, String regex) {
    return new Cue(category, Pattern.compile("(?<![a-z0-9])(?:" + regex + ")(?![a-z0-9])"));
  }

  void detect(Inspection in) {
    if (in.directory.size() == 0) {
      return;
    }
    Set<String> done = new java.util.HashSet<>();
    for (WordView view : in.phraseViews) {
      detect(in, view, done);
    }
  }

  private void detect(Inspection in, WordView view, Set<String> done) {
    List<WordView.Token> tokens = view.tokens();
    List<String> words = view.words();
    for (int i = 0; i < tokens.size(); i++) {
      for (StudentDirectory.NamePattern p : in.directory.patternsStartingWith(words.get(i))) {
        int len = p.words().size();
        if (i + len > tokens.size() || !matches(view, tokens, i, p.words())) {
          continue;
        }
        StudentDirectory.Student named = p.student();
        String key = named.id() + "@" + view.mapped().originStart(tokens.get(i).start());
        if (named.id().equals(in.draft.sender().id()) || !exposed(in.draft, named.id())
            || done.contains(key)) {
          continue;
        }
        int from = tokens.get(Math.max(0, i - WINDOW)).start();
        int to = tokens.get(Math.min(tokens.size() - 1, i + len - 1 + WINDOW)).end();
        String window = view.text().substring(from, to);
        for (Cue c : CUES) {
          Matcher m = c.pattern().matcher(window);
          if (!m.find()) {
            continue;
          }
          boolean studentSender = in.draft.sender().role() == Role.STUDENT;
          String clause = studentSender ? "P001-student-posting" : c.category().clause;
          List<Span> spans = new ArrayList<>();
          Span name = in.span(view.mapped(), tokens.get(i).start(), tokens.get(i + len - 1).end());
          Span detail = in.span(view.mapped(), from + m.start(), from + m.end());
          if (detail.start() < name.start()) {
            spans.add(detail);
            spans.add(name);
          } else {
            spans.add(name);
            if (detail.start() >= name.end()) {
              spans.add(detail);
            }
          }
          done.add(key);
          in.findings.add(new Finding(RuleId.STUDENT_PII, clause, Severity.HIGH,
              "names another student, " + name.excerpt() + ", together with " + c.category().label
                  + " (\"" + detail.excerpt() + "\") in a message other students or families"
                  + " receive (" + clause + ")", spans, ""));
          break;
        }
      }
    }
  }

  private static boolean matches(WordView view, List<WordView.Token> tokens, int i,
      List<String> words) {
    for (int k = 0; k < words.size(); k++) {
      String w = view.word(tokens.get(i + k));
      boolean possessive = k == words.size() - 1 && w.equals(words.get(k) + "s")
          && view.raw(tokens.get(i + k)).contains("'");
      if (!w.equals(words.get(k)) && !possessive) {
        return false;
      }
      if (k > 0) {
        String between = view.text().substring(tokens.get(i + k - 1).end(), tokens.get(i + k).start());
        if (between.indexOf('\n') >= 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** True when the message reaches a student other than {@code studentId}. */
  private static boolean exposed(ContentDraft draft, String studentId) {
    return draft.recipients().stream()
        .anyMatch(r -> r.role() == Role.STUDENT && !r.id().equals(studentId));
  }
}
