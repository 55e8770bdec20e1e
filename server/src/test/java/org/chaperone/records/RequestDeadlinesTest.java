package org.chaperone.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RequestDeadlinesTest {
  private static final LocalDate FRIDAY = LocalDate.of(2026, 3, 6);
  private static final LocalDate WEDNESDAY = LocalDate.of(2026, 3, 4);

  @Test
  void defaultsCountBusinessDaysForPublicRecordsAndCalendarDaysOtherwise() {
    RequestDeadlines d = RequestDeadlines.defaults();
    assertThat(d.due(RecordsRequestKind.PUBLIC_RECORDS, FRIDAY)).isEqualTo(LocalDate.of(2026, 3, 13));
    assertThat(d.due(RecordsRequestKind.PUBLIC_RECORDS, WEDNESDAY)).isEqualTo(LocalDate.of(2026, 3, 11));
    assertThat(d.due(RecordsRequestKind.PUBLIC_RECORDS, LocalDate.of(2026, 3, 7)))
        .as("received on a Saturday").isEqualTo(LocalDate.of(2026, 3, 13));
    assertThat(d.due(RecordsRequestKind.FERPA_INSPECTION, FRIDAY)).isEqualTo(LocalDate.of(2026, 4, 20));
    assertThat(d.due(RecordsRequestKind.LITIGATION, FRIDAY)).isEqualTo(LocalDate.of(2026, 4, 5));
    assertThat(d.due(RecordsRequestKind.INTERNAL, FRIDAY)).isEqualTo(LocalDate.of(2026, 4, 5));
  }

  @Test
  void aStateSetsItsOwnRulesAndTheRestKeepTheDefaults() {
    RequestDeadlines d = RequestDeadlines.parse(" public_records=10bd , LITIGATION=14d");
    assertThat(d.due(RecordsRequestKind.PUBLIC_RECORDS, FRIDAY)).isEqualTo(LocalDate.of(2026, 3, 20));
    assertThat(d.due(RecordsRequestKind.LITIGATION, FRIDAY)).isEqualTo(LocalDate.of(2026, 3, 20));
    assertThat(d.due(RecordsRequestKind.FERPA_INSPECTION, FRIDAY)).isEqualTo(LocalDate.of(2026, 4, 20));
    assertThat(RequestDeadlines.parse(d.toString()).toString()).isEqualTo(d.toString())
        .isEqualTo("public_records=10bd,ferpa_inspection=45d,litigation=14d,internal=30d");
    assertThat(RequestDeadlines.parse("").toString()).isEqualTo(RequestDeadlines.defaults().toString());
  }

  @Test
  void rulesThatAreNotRulesAreRefused() {
    for (String bad : new String[] {"public_records", "public_records=5", "subpoena=5d", "ferpa_inspection=-1d",
        "internal=5w", "internal=99999d"}) {
      assertThatThrownBy(() -> RequestDeadlines.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
