package org.chaperone.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The policy file's retention keys, record kinds, and what "at least as long" means for periods. */
class RetentionPolicyTest {
  static DistrictPolicy parse(String text) throws Exception {
    return DistrictPolicyFile.parse(("policy.version = r1\n" + text).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsSchedulesAndLocksPerKindAndKeepsTheRestPermanently() throws Exception {
    RetentionPolicy r = parse("""
        retention.message = P7Y
        retention.message.locked = true
        retention.access = P10Y
        retention.email = P18M
        retention.directory.locked = true
        retention.approval.locked = false
        """).retention();
    assertThat(r.schedule(RecordKind.MESSAGE)).isEqualTo(new RetentionSchedule(Period.ofYears(7), true));
    assertThat(r.schedule(RecordKind.ACCESS)).isEqualTo(new RetentionSchedule(Period.ofYears(10), false));
    assertThat(r.schedule(RecordKind.EMAIL)).isEqualTo(new RetentionSchedule(Period.ofMonths(18), false));
    assertThat(r.schedule(RecordKind.DIRECTORY)).isEqualTo(new RetentionSchedule(null, true));
    assertThat(r.schedule(RecordKind.APPROVAL)).isEqualTo(RetentionSchedule.PERMANENT);
    assertThat(r.schedule(RecordKind.RECORDS).permanent()).isTrue();
    assertThat(parse("").retention()).isEqualTo(RetentionPolicy.KEEP_EVERYTHING);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "retention.messages = P7Y | unknown record kind 'messages'",
      "retention.message = 7 years | retention.message must be an ISO-8601 period",
      "retention.message = P0D | retention.message must be a positive period",
      "retention.message = P-1Y | retention.message must be a positive period",
      "retention.message.locked = yes | retention.message.locked must be true or false",
      "retention.records = P7Y | retention.records: the records program's own records",
      "retention.message.lock = true | unknown record kind 'message.lock'"})
  void badRetentionKeysAreErrorsNamingTheKey(String line, String error) {
    assertThatThrownBy(() -> parse(line + "\n")).isInstanceOf(DistrictPolicyFile.InvalidPolicyException.class)
        .hasMessageContaining(error);
  }

  @ParameterizedTest
  @CsvSource({
      "message.created, MESSAGE", "message.edited, MESSAGE", "message.retracted, MESSAGE",
      "records.searched, ACCESS", "records.produced, ACCESS", "oversight.read, ACCESS",
      "records_request.opened, RECORDS", "legal_hold.created, RECORDS", "record.disposed, RECORDS",
      "retention.schedule_changed, RECORDS", "email.accepted, EMAIL", "notice.channel_purpose, EMAIL",
      "roster.imported, DIRECTORY", "channel.member_added, DIRECTORY", "approval.decided, APPROVAL",
      "integration.revoked, APPROVAL", "something.new, OTHER"})
  void everyEventTypeHasOneKind(String type, RecordKind kind) {
    assertThat(RecordKind.of(type)).isEqualTo(kind);
  }

  @ParameterizedTest
  @CsvSource({
      // longer, shorter, longer keeps at least as long as shorter
      "P7Y, P7Y, true", "P85M, P7Y, true", "P7Y, P84M, true", "P8Y, P2555D, true",
      "P7Y, P2555D, true", "P7Y, P2556D, false", "P2556D, P7Y, false", "P1M, P30D, false", "P1M, P28D, true",
      "P1Y, P365D, true", "P1Y, P366D, false", "P1Y1D, P366D, true", "P6Y, P7Y, false", "P1Y2D, P1Y1D, true"})
  void aPeriodKeepsAtLeastAsLongOnlyWhenItDoesWhateverTheDates(String a, String b, boolean expected) {
    RetentionSchedule longer = new RetentionSchedule(Period.parse(a), true);
    RetentionSchedule shorter = new RetentionSchedule(Period.parse(b), true);
    assertThat(longer.keepsAtLeastAsLongAs(shorter)).isEqualTo(expected);
    assertThat(RetentionSchedule.PERMANENT.keepsAtLeastAsLongAs(shorter)).isTrue();
    assertThat(longer.keepsAtLeastAsLongAs(RetentionSchedule.PERMANENT)).isFalse();
  }

  @Test
  void theCutoffIsTheRecordTimeAPeriodAgoInUtc() {
    assertThat(new RetentionSchedule(Period.ofYears(1), false).cutoff(Instant.parse("2028-02-29T10:00:00Z")))
        .isEqualTo(Instant.parse("2027-02-28T10:00:00Z"));
    assertThat(RetentionSchedule.PERMANENT.cutoff(Instant.now())).isNull();
  }
}
