package org.chaperone.policy.content;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chaperone.domain.Role;

/** Object mother for drafts and a small directory shared by the content-policy tests. */
final class Drafts {
  static final Instant NOW = Instant.parse("2025-03-04T15:00:00Z");

  static final Participant TEACHER = new Participant("t-rivera", Role.TEACHER);
  static final Participant TEACHER_2 = new Participant("t-okafor", Role.TEACHER);
  static final Participant COUNSELOR = new Participant("s-nguyen", Role.STAFF);
  static final Participant STUDENT = new Participant("st-maya", Role.STUDENT);
  static final Participant STUDENT_2 = new Participant("st-leo", Role.STUDENT);
  static final Participant STUDENT_3 = new Participant("st-ava", Role.STUDENT);
  static final Participant GUARDIAN = new Participant("g-lopez", Role.GUARDIAN);

  /** Maya Lopez, Leo Park and Ava Chen are recipients in class drafts; the rest are not. */
  static final StudentDirectory DIRECTORY = StudentDirectory.of(List.of(
      new StudentDirectory.Student("st-maya", "Maya", "Lopez", true),
      new StudentDirectory.Student("st-leo", "Leo", "Park", false),
      new StudentDirectory.Student("st-ava", "Ava", "Chen", true),
      new StudentDirectory.Student("st-jake", "Jake", "Miller", true),
      new StudentDirectory.Student("st-sofia", "Sofía", "Hernández-Ruiz", true),
      new StudentDirectory.Student("st-obrien", "Liam", "O'Brien", false),
      new StudentDirectory.Student("st-grace", "Grace", "Kim", true)));

  private Drafts() {}

  /** A teacher writing to a class: three students and a guardian. */
  static ContentDraft staffToClass(String text) {
    return ContentDraft.of(text, TEACHER, List.of(STUDENT, STUDENT_2, STUDENT_3, GUARDIAN));
  }

  /** A teacher writing to one student, with the guardian copied. */
  static ContentDraft staffToStudent(String text) {
    return ContentDraft.of(text, TEACHER, List.of(STUDENT, GUARDIAN));
  }

  /** A student writing to a teacher, with a second teacher reading. */
  static ContentDraft studentToStaff(String text) {
    return ContentDraft.of(text, STUDENT, List.of(TEACHER, TEACHER_2));
  }

  /** A student writing to a class channel (teacher and classmates). */
  static ContentDraft studentToClass(String text) {
    return ContentDraft.of(text, STUDENT, List.of(TEACHER, STUDENT_2, STUDENT_3));
  }

  /** Staff writing to staff only. */
  static ContentDraft staffToStaff(String text) {
    return ContentDraft.of(text, TEACHER, List.of(TEACHER_2, COUNSELOR));
  }

  static ContentDraft withAttachments(ContentDraft d, AttachmentDeclaration... attachments) {
    return new ContentDraft(d.text(), d.sender(), d.recipients(), new ArrayList<>(List.of(attachments)));
  }

  static ContentPolicySettings districtSettings() {
    return ContentPolicySettingsParser.parse("""
        district.phones = (503) 555-0100, 503-555-0199, 503556*
        district.email-domains = maplevalley.k12.or.us, mvusd.org
        district.handles = @maplevalleyhs
        """);
  }
}
