package org.chaperone.policy.content;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The students the content policy knows by name: the directory view the student-PII and
 * media-release rules need. Names are indexed once, normalised like message text, so a lookup
 * costs one map probe per word of the message whatever the size of the district. Build one per
 * directory version and share it; immutable and thread-safe.
 */
public final class StudentDirectory {
  /**
   * A student.
   *
   * @param id directory id (roster sourcedId)
   * @param givenName given name
   * @param familyName family name
   * @param mediaRelease whether a media release (written parental authorisation to publish the
   *     student's image) is on file
   */
  public record Student(String id, String givenName, String familyName, boolean mediaRelease) {
    public Student {
      Objects.requireNonNull(id, "id");
      givenName = Objects.requireNonNullElse(givenName, "");
      familyName = Objects.requireNonNullElse(familyName, "");
    }

    public String displayName() {
      return (givenName + " " + familyName).strip();
    }
  }

  /** A name as a sequence of normalised words, and whose it is. */
  record NamePattern(List<String> words, Student student) {}

  private static final StudentDirectory EMPTY = new StudentDirectory(List.of());

  private final Map<String, Student> byId = new HashMap<>();
  /** Patterns keyed by their first word. */
  private final Map<String, List<NamePattern>> byFirstWord = new HashMap<>();

  private StudentDirectory(Collection<Student> students) {
    for (Student s : students) {
      byId.put(s.id(), s);
      List<String> given = words(s.givenName());
      List<String> family = words(s.familyName());
      if (given.isEmpty() || family.isEmpty()) {
        continue; // a single name alone is too ambiguous to count as identifying a student
      }
      List<String> givenFirst = new ArrayList<>();
      givenFirst.add(given.get(0));
      givenFirst.addAll(family);
      add(new NamePattern(List.copyOf(givenFirst), s));
      List<String> familyFirst = new ArrayList<>(family);
      familyFirst.add(given.get(0));
      add(new NamePattern(List.copyOf(familyFirst), s));
      if (given.size() > 1) {
        List<String> full = new ArrayList<>(given);
        full.addAll(family);
        add(new NamePattern(List.copyOf(full), s));
      }
    }
  }

  private void add(NamePattern p) {
    byFirstWord.computeIfAbsent(p.words().get(0), k -> new ArrayList<>()).add(p);
  }

  public static StudentDirectory of(Collection<Student> students) {
    return new StudentDirectory(students);
  }

  public static StudentDirectory empty() {
    return EMPTY;
  }

  public Optional<Student> student(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public int size() {
    return byId.size();
  }

  List<NamePattern> patternsStartingWith(String word) {
    return byFirstWord.getOrDefault(word, List.of());
  }

  private static List<String> words(String name) {
    WordView view = WordView.of(TextNormalizer.base(name));
    return view.tokens().stream().map(view::word).toList();
  }
}
