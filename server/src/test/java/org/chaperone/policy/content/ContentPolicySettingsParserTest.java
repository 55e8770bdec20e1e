package org.chaperone.policy.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentPolicySettingsParserTest {

  @Test
  void emptySectionGivesTheDefaults() {
    assertThat(ContentPolicySettingsParser.parse("# nothing\n\n")).isEqualTo(ContentPolicySettings.defaults());
    ContentPolicySettings d = ContentPolicySettings.defaults();
    assertThat(d.action(RuleId.CONTACT_PHONE)).isEqualTo(Action.BLOCK);
    assertThat(d.action(RuleId.SECRECY)).isEqualTo(Action.HOLD);
    assertThat(d.action(RuleId.TOPIC_SCOPE)).isEqualTo(Action.HOLD);
    assertThat(d.harassmentAction(Severity.SEVERE)).isEqualTo(Action.BLOCK);
    assertThat(d.harassmentAction(Severity.LOW)).isEqualTo(Action.FLAG);
  }

  @Test
  void readsEveryKey() {
    ContentPolicySettings s = ContentPolicySettingsParser.parse("""
        # district content policy
        action.contact.phone = hold
        action.topic-scope   = off      # no topic checks
        action.harassment.medium = flag
        phone.region = ca
        district.phones = (503) 555-0100, \\
                          503556*
        district.email-domains = MapleValley.k12.or.us, @mvusd.org
        district.handles = @MapleValleyHS
        lexicon = cuss
        lexicon.allow = drat
        lexicon.add.severe = zorp
        topic.vocabulary = esports, robot*
        topic.min-words = 8
        """);
    assertThat(s.action(RuleId.CONTACT_PHONE)).isEqualTo(Action.HOLD);
    assertThat(s.action(RuleId.TOPIC_SCOPE)).isEqualTo(Action.OFF);
    assertThat(s.harassmentAction(Severity.MEDIUM)).isEqualTo(Action.FLAG);
    assertThat(s.phoneRegion()).isEqualTo("CA");
    assertThat(s.districtPhoneNumbers()).containsExactly("5035550100", "503556*");
    assertThat(s.districtEmailDomains()).containsExactly("maplevalley.k12.or.us", "mvusd.org");
    assertThat(s.allowedHandles()).containsExactly("maplevalleyhs");
    assertThat(s.lexiconAllow()).containsExactly("drat");
    assertThat(s.lexiconAdd()).containsEntry("zorp", Severity.SEVERE);
    assertThat(s.topicVocabulary()).containsExactlyInAnyOrder("esports", "robot*");
    assertThat(s.topicMinWords()).isEqualTo(8);
  }

  @Test
  void reportsEveryProblemWithItsLine() {
    assertThatThrownBy(() -> ContentPolicySettingsParser.parse("""
        action.contact.fax = block
        action.secrecy = maybe
        action.harassment.extreme = block
        phone.region = USA
        district.phones = 12
        district.email-domains = not a domain
        lexicon = badwords
        topic.min-words = many
        colour = blue
        action.secrecy = hold
        just text
        """))
        .isInstanceOfSatisfying(ContentPolicySettingsException.class, e ->
            assertThat(e.problems()).containsExactly(
                "line 10: action.secrecy is set twice (also on line 2)",
                "line 11: expected key = value",
                "line 1: action.contact.fax: unknown rule contact.fax ([contact.phone, contact.email,"
                    + " private-channel, secrecy, grooming, harassment, student-pii, media-release,"
                    + " topic-scope])",
                "line 2: action.secrecy: expected block, hold, flag or off, got \"maybe\"",
                "line 3: action.harassment.extreme: unknown severity extreme (low, medium, high, severe)",
                "line 4: phone.region: expected a two-letter region code such as US",
                "line 5: district.phones: \"12\" is not a phone number (7+ digits, or a prefix of 3+"
                    + " digits ending in *)",
                "line 6: district.email-domains: \"not a domain\" is not a domain name",
                "line 7: lexicon: unknown lexicon \"badwords\" ([cuss, none])".replace("[cuss, none]",
                    ContentPolicySettings.LEXICONS.toString()),
                "line 8: topic.min-words: expected a number, got \"many\"",
                "line 9: colour: unknown key"));
  }

  @Test
  void entriesOfALargerFileAreReadByPrefix() {
    ContentPolicySettings s = ContentPolicySettingsParser.fromEntries(Map.of(
        "content.action.grooming", "block",
        "supervision.copy", "guardians",
        "content.district.email-domains", "mvusd.org"), "content.");
    assertThat(s.action(RuleId.GROOMING)).isEqualTo(Action.BLOCK);
    assertThat(s.districtEmailDomains()).containsExactly("mvusd.org");
    assertThatThrownBy(() -> ContentPolicySettingsParser.fromEntries(Map.of("action.grooming", "never")))
        .isInstanceOf(ContentPolicySettingsException.class)
        .hasMessageContaining("action.grooming: expected block, hold, flag or off");
  }

  @Test
  void harassmentSeveritiesCannotBeTurnedOffOneByOne() {
    assertThatThrownBy(() -> ContentPolicySettingsParser.parse("action.harassment.low = off"))
        .isInstanceOf(ContentPolicySettingsException.class);
  }
}
