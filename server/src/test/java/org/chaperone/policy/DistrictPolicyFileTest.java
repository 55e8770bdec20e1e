package org.chaperone.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.chaperone.domain.Role;
import org.chaperone.policy.content.Action;
import org.chaperone.policy.content.ContentPolicySettings;
import org.chaperone.policy.content.RuleId;
import org.chaperone.policy.content.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistrictPolicyFileTest {
  static DistrictPolicy parse(String text) throws Exception {
    return DistrictPolicyFile.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  static final String FULL = """
      policy.version = 2026-08-01
      supervision.copy = guardians
      supervision.copy.school.hs-1 = guardians-and-staff
      supervision.copy.grade.12 = staff
      supervision.eligible-students = guardians
      supervision.staff = district-counselor
      supervision.staff.school.hs-1 = counselor-1, principal-1
      supervision.student-to-student = never
      approvals.due-days = 5
      approvals.direct = true
      quiet-hours.zone = America/Chicago
      quiet-hours.window.weeknights = MON-FRI 21:00-07:00
      quiet-hours.window.weekend = SAT,SUN 00:00-24:00
      quiet-hours.holidays = 2026-12-25, 2027-01-01
      quiet-hours.emergency-roles = ADMINISTRATOR, TEACHER
      """;

  @Test
  void readsEverySetting() throws Exception {
    DistrictPolicy p = parse(FULL);
    assertThat(p.version()).isEqualTo("2026-08-01");
    assertThat(p.fingerprint()).hasSize(64);
    assertThat(p.label()).startsWith("2026-08-01@");
    SupervisionPolicy s = p.supervision();
    assertThat(s.copyFor("hs-1", List.of("12"))).isEqualTo(CopyMode.GUARDIANS_AND_STAFF);
    assertThat(s.copyFor("ms-1", List.of("12"))).isEqualTo(CopyMode.STAFF);
    assertThat(s.copyFor("ms-1", List.of("07"))).isEqualTo(CopyMode.GUARDIANS);
    assertThat(s.eligibleStudentsByStaff()).isFalse();
    assertThat(s.supervisingStaff("hs-1")).containsExactly("counselor-1", "principal-1", "district-counselor");
    assertThat(s.supervisingStaff("ms-1")).containsExactly("district-counselor");
    assertThat(s.studentToStudentNeedsStaff()).isFalse();
    assertThat(p.approvalDueDays()).isEqualTo(5);
    assertThat(p.directNeedsApproval()).isTrue();
    assertThat(p.quietHours().holidays()).contains(LocalDate.parse("2026-12-25"));
    assertThat(p.quietHours().emergencyRoles()).containsExactlyInAnyOrder(Role.ADMINISTRATOR, Role.TEACHER);
    assertThat(p.quietHours().windows()).anySatisfy(w -> assertThat(w.days())
        .containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
  }

  @ParameterizedTest(name = "{0} -> held until {1}")
  @CsvSource({
      // Chicago is UTC-6 in winter. Monday 2026-11-23.
      "2026-11-23T16:00:00Z, ''",                      // Mon 10:00: open
      "2026-11-24T02:59:00Z, ''",                      // Mon 20:59: open
      "2026-11-24T03:00:00Z, 2026-11-24T13:00:00Z",    // Mon 21:00 -> Tue 07:00
      "2026-11-24T12:59:00Z, 2026-11-24T13:00:00Z",    // Tue 06:59 -> Tue 07:00
      // A window belongs to the evening it starts: MON-FRI 21:00-07:00 does not cover Monday
      // 00:00-07:00 (that would be Sunday's evening), so the weekend ends at Monday 00:00.
      "2026-11-28T03:30:00Z, 2026-11-30T06:00:00Z",    // Fri 21:30 -> Sat 07:00 -> weekend -> Mon 00:00
      "2026-11-29T18:00:00Z, 2026-11-30T06:00:00Z",    // Sun 12:00 -> Mon 00:00
      "2026-12-25T16:00:00Z, 2026-12-28T06:00:00Z",    // Christmas (Fri) -> weekend -> Mon 00:00
  })
  void quietHoursHoldUntilTheNextOpenMinute(String at, String expected) throws Exception {
    QuietHours q = parse(FULL).quietHours();
    var hold = q.holdUntil(Instant.parse(at));
    if (expected.isEmpty()) {
      assertThat(hold).isEmpty();
    } else {
      assertThat(hold).contains(Instant.parse(expected));
    }
  }

  @Test
  void defaultsNeedOnlyAVersion() throws Exception {
    DistrictPolicy p = parse("policy.version = 1");
    assertThat(p.supervision().defaultCopy()).isEqualTo(CopyMode.GUARDIANS_OR_STAFF);
    assertThat(p.supervision().eligibleStudentsByStaff()).isTrue();
    assertThat(p.quietHours().holdUntil(Instant.now())).isEmpty();
    assertThat(p.approvalDueDays()).isEqualTo(7);
  }

  @Test
  void theContentSectionIsReadFromTheContentKeys() throws Exception {
    DistrictPolicy p = parse("""
        policy.version = 3
        content.action.topic-scope = off
        content.action.harassment.low = hold
        content.district.phones = 503-555-0100, 503556*
        content.district.email-domains = lincoln.example.org
        content.lexicon.add.high = frick
        content.topic.min-words = 8
        """);
    ContentPolicySettings c = p.content();
    assertThat(c.action(RuleId.TOPIC_SCOPE)).isEqualTo(Action.OFF);
    assertThat(c.action(RuleId.CONTACT_PHONE)).isEqualTo(Action.BLOCK);
    assertThat(c.harassmentAction(Severity.LOW)).isEqualTo(Action.HOLD);
    assertThat(c.districtPhoneNumbers()).containsExactly("5035550100", "503556*");
    assertThat(c.districtEmailDomains()).containsExactly("lincoln.example.org");
    assertThat(c.lexiconAdd()).containsEntry("frick", Severity.HIGH);
    assertThat(c.topicMinWords()).isEqualTo(8);
    // Without a content section, the engine's defaults apply.
    assertThat(parse("policy.version = 1").content()).isEqualTo(ContentPolicySettings.defaults());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "supervision.copy = guardians                      | policy.version is required",
      "policy.version = 1\\nsupervision.copy = parents   | supervision.copy must be",
      "policy.version = 1\\nsupervision.cpy = staff      | unknown policy key(s): supervision.cpy",
      "policy.version = 1\\nquiet-hours.zone = Mars/Base | not a time zone",
      "policy.version = 1\\nquiet-hours.window.x = MON 9-10 | not a time",
      "policy.version = 1\\nquiet-hours.window.x = XYZ 09:00-10:00 | not a day of the week",
      "policy.version = 1\\nquiet-hours.emergency-roles = JANITOR | unknown role JANITOR",
      "policy.version = 1\\napprovals.due-days = 0       | at least 1",
      "policy.version = 1\\napprovals.direct = maybe     | must be true or false",
      "policy.version = 1\\ncontent.action.topic = hold  | content.action.topic: unknown rule topic",
      "policy.version = 1\\ncontent.action.secrecy = ban | content.action.secrecy: expected block, hold, flag or off",
      "policy.version = 1\\ncontent.district.phones = 12 | content.district.phones: \"12\" is not a phone number",
      "policy.version = 1\\ncontent.lexicon = big        | content.lexicon: unknown lexicon",
  })
  void everyMistakeIsNamed(String text, String message) {
    assertThatThrownBy(() -> parse(text.replace("\\n", "\n")))
        .hasMessageContaining(message.strip());
  }
}
