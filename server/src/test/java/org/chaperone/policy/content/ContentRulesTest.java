package org.chaperone.policy.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven tests of every rule: each row is a draft, the rule under test, and either the
 * excerpt of the original text the violation must point at, or null when the rule must stay
 * silent.
 */
class ContentRulesTest {
  private static final ContentPolicy POLICY = new ContentPolicy(Drafts.districtSettings());

  private static Arguments hit(RuleId rule, Function<String, ContentDraft> ctx, String text,
      String excerpt) {
    return Arguments.of(rule, text, ctx.apply(text), excerpt);
  }

  private static Arguments hit(RuleId rule, String text, String excerpt) {
    return hit(rule, Drafts::staffToClass, text, excerpt);
  }

  private static Arguments clean(RuleId rule, Function<String, ContentDraft> ctx, String text) {
    return Arguments.of(rule, text, ctx.apply(text), null);
  }

  private static Arguments clean(RuleId rule, String text) {
    return clean(rule, Drafts::staffToClass, text);
  }

  static void check(RuleId rule, ContentDraft draft, String excerpt) {
    ContentDecision d = POLICY.evaluate(draft, Drafts.DIRECTORY, Drafts.NOW);
    List<Violation> found = d.violations().stream().filter(v -> v.rule() == rule).toList();
    if (excerpt == null) {
      assertThat(found).as("no %s violation in %s", rule, draft.text()).isEmpty();
      return;
    }
    assertThat(found).as("%s violation in %s (decision %s)", rule, draft.text(), d).isNotEmpty();
    assertThat(found).as("spans of %s", found)
        .anySatisfy(v -> assertThat(v.spans()).anySatisfy(s -> {
          assertThat(s.excerpt()).isEqualTo(excerpt);
          assertThat(draft.text().substring(s.start(), s.end())).isEqualTo(excerpt);
        }));
    for (Violation v : found) {
      assertThat(v.clause()).matches("P00[0-4]-[a-z-]+");
      assertThat(v.explanation()).contains(v.clause());
    }
  }

  static Stream<Arguments> phones() {
    RuleId r = RuleId.CONTACT_PHONE;
    return Stream.of(
        hit(r, "Call me at 555-123-4567 tonight", "555-123-4567"),
        hit(r, "my cell is (971) 555-0143", "(971) 555-0143"),
        hit(r, "text 971.555.0143", "971.555.0143"),
        hit(r, "reach me on +1 971 555 0143", "+1 971 555 0143"),
        hit(r, "9715550143 is my number", "9715550143"),
        hit(r, "number: 555 0143", "555 0143"),
        hit(r, "call 555-0143 after 6", "555-0143"),
        hit(r, "UK mobile +44 7911 123456", "+44 7911 123456"),
        hit(r, "5 5 5 1 2 3 4 5 6 7", "5 5 5 1 2 3 4 5 6 7"),
        hit(r, "five five five one two three four five six seven",
            "five five five one two three four five six seven"),
        hit(r, "555 one two three 4567", "555 one two three 4567"),
        hit(r, "971-555-O143", "971-555-O143"),
        hit(r, "９７１－５５５－０１４３", "９７１－５５５－０１４３"),
        hit(r, "97\u200B1-555-01\u200B43", "97\u200B1-555-01\u200B43"),
        hit(r, Drafts::studentToStaff, "my number is 971 555 0143", "971 555 0143"),
        clean(r, "The front office is (503) 555-0100 if you are running late"),
        clean(r, "Call the attendance line 503-555-0199"),
        clean(r, "Athletics office: 503-556-2000"),
        clean(r, "Read pages 112-118 and answer questions 1-7"),
        clean(r, "Quiz scores: 95 87 92 88 79"),
        clean(r, "Due 10/12/2025 at 11:59 pm in room 204"),
        clean(r, "The 2024-2025 school year ends June 12"),
        clean(r, "Do problems 1, 2, 3, 4, 5, 6, 7 on page 88"),
        clean(r, "Student ID 1234567 goes on the form"),
        clean(r, "Zoom meeting ID 812 3456 7890"),
        clean(r, "ISBN 978-0-13-468599-1"),
        clean(r, "We raised $1,234,567 in the fundraiser"));
  }

  static Stream<Arguments> emails() {
    RuleId r = RuleId.CONTACT_EMAIL;
    return Stream.of(
        hit(r, "email me at jrivera77@gmail.com", "jrivera77@gmail.com"),
        hit(r, "my email: coach.jay@yahoo.com", "coach.jay@yahoo.com"),
        hit(r, "jrivera at gmail dot com", "jrivera at gmail dot com"),
        hit(r, "jrivera (at) gmail (dot) com", "jrivera (at) gmail (dot) com"),
        hit(r, "jrivera [at] outlook [dot] com", "jrivera [at] outlook [dot] com"),
        hit(r, "jrivera @ gmail . com", "jrivera @ gmail . com"),
        hit(r, "write to jrivera@gmail", "jrivera@gmail"),
        hit(r, "ｊｒｉｖｅｒａ＠ｇｍａｉｌ．ｃｏｍ", "ｊｒｉｖｅｒａ＠ｇｍａｉｌ．ｃｏｍ"),
        hit(r, "jr\u200Bivera@gm\u0430il.com", "jr\u200Bivera@gm\u0430il.com"),
        hit(r, "jrivera@protonmail.com and then", "jrivera@protonmail.com"),
        hit(r, Drafts::studentToStaff, "my email is maya.l@icloud.com", "maya.l@icloud.com"),
        clean(r, "email me at jrivera@maplevalley.k12.or.us"),
        clean(r, "Send it to office@hs.mvusd.org"),
        clean(r, "Look at page 5. Then answer"),
        clean(r, "Meet at the gym at 3. Com bring shoes"),
        clean(r, "We are at school all day"));
  }

  static Stream<Arguments> privateChannels() {
    RuleId r = RuleId.PRIVATE_CHANNEL;
    return Stream.of(
        hit(r, "text me if you need anything", "text me"),
        hit(r, "DM me", "DM me"),
        hit(r, "add me on snap", "add me on snap"),
        hit(r, "follow me on insta", "follow me on insta"),
        hit(r, "hmu later", "hmu"),
        hit(r, "my snap is coachj22", "my snap is coachj22"),
        hit(r, "snap: coachj22", "snap: coachj22"),
        hit(r, "find me @coachj22", "@coachj22"),
        hit(r, "lets talk on whatsapp", "lets talk on whatsapp"),
        hit(r, "I'll text you later", "I'll text you later"),
        hit(r, Drafts::studentToStaff, "can I dm you on instagram?", "can I dm you on instagram"),
        hit(r, "message me privately", "message me privately"),
        hit(r, "t e x t me", "t e x t me"),
        hit(r, "d.m. me", "d.m. me"),
        hit(r, "p m me", "p m me"),
        hit(r, "𝐭𝐞𝐱𝐭 𝐦𝐞", "𝐭𝐞𝐱𝐭 𝐦𝐞"),
        clean(r, "Follow @maplevalleyhs for game updates"),
        clean(r, "Read the text. Me and Ms. Okafor will grade it"),
        clean(r, "Class ends at 3 pm me and Mr. Lee will be in room 5"),
        clean(r, "Reply here in the class channel with questions"),
        clean(r, "Analyze the text you read for homework"),
        clean(r, "My cell phone is broken so reply here please"),
        clean(r, "Email jrivera@maplevalley.k12.or.us with questions"));
  }

  static Stream<Arguments> secrecy() {
    RuleId r = RuleId.SECRECY;
    return Stream.of(
        hit(r, Drafts::staffToStudent, "Don't tell your parents about this", "Don't tell your parents"),
        hit(r, Drafts::staffToStudent, "let's keep this between us", "keep this between us"),
        hit(r, Drafts::staffToStudent, "it's our little secret", "it's our little secret"),
        hit(r, Drafts::staffToStudent, "delete these messages after you read them", "delete these messages after"),
        hit(r, Drafts::staffToStudent, "no one needs to know", "no one needs to know"),
        hit(r, Drafts::staffToStudent, "d0n7 t3ll y0ur m0m", "d0n7 t3ll y0ur m0m"),
        hit(r, Drafts::staffToStudent, "don't tell anyone ok?", "don't tell anyone"),
        clean(r, Drafts::staffToStudent, "Don't forget to tell your parents about the field trip"),
        clean(r, Drafts::staffToStudent, "Don't tell anyone the answers before Friday"),
        clean(r, Drafts::staffToStudent, "Nobody will know the answer to question 4 without reading"),
        clean(r, Drafts::staffToStudent, "Keep it quiet in the library please"),
        clean(r, Drafts::studentToStaff, "please don't tell my parents I failed"),
        clean(r, Drafts::staffToStaff, "let's keep this between us until the meeting"));
  }

  static Stream<Arguments> grooming() {
    RuleId r = RuleId.GROOMING;
    return Stream.of(
        hit(r, Drafts::staffToStudent, "you looked so beautiful today", "you looked so beautiful"),
        hit(r, Drafts::staffToStudent, "you're very mature for your age", "mature for your age"),
        hit(r, Drafts::staffToStudent, "I bought you a little gift", "bought you a little gift"),
        hit(r, Drafts::staffToStudent, "come over to my house Saturday", "come over to my house"),
        hit(r, Drafts::staffToStudent, "I can give you a ride home after practice", "I can give you a ride"),
        hit(r, Drafts::staffToStudent, "send me a selfie", "send me a selfie"),
        hit(r, Drafts::staffToStudent, "are your parents home tonight?", "are your parents home"),
        hit(r, Drafts::staffToStudent, "u r s0 h0t", "u r s0 h0t"),
        clean(r, Drafts::staffToStudent, "Your parents can pick you up at the bus loop at 5"),
        clean(r, Drafts::staffToStudent, "I have a surprise for you all: no homework tonight"),
        clean(r, Drafts::staffToStudent, "Send me a photo of your worksheet"),
        clean(r, Drafts::staffToStudent, "Great work! I love your essay"),
        clean(r, Drafts::staffToStudent, "I left the permission slips in my car, will bring them tomorrow"),
        clean(r, Drafts::staffToStaff, "you look great in the yearbook photo"));
  }

  static Stream<Arguments> harassment() {
    RuleId r = RuleId.HARASSMENT;
    return Stream.of(
        hit(r, "this is bullshit", "bullshit"),
        hit(r, "what the fuck", "fuck"),
        hit(r, "what the f*ck", "f*ck"),
        hit(r, "sh1t", "sh1t"),
        hit(r, "f u c k this", "f u c k"),
        hit(r, "fuuuuck", "fuuuuck"),
        hit(r, "you are an idiot", "idiot"),
        hit(r, Drafts::studentToClass, "I'm going to kill you", "I'm going to kill you"),
        hit(r, Drafts::studentToClass, "kys", "kys"),
        hit(r, Drafts::studentToClass, "a s s", "a s s"),
        hit(r, Drafts::studentToClass, "\u0455hit", "\u0455hit"),
        hit(r, Drafts::studentToClass, "go back to your country", "go back to your country"),
        clean(r, "Health class: puberty, menstruation, erection and the penis and vagina"),
        clean(r, "Sex education unit: condoms, STIs and consent"),
        clean(r, "Homo sapiens and Homo erectus; read chapter 4"),
        clean(r, "Please assess the class's passing rate"),
        clean(r, "We're going to beat them on Friday!"),
        clean(r, "Kill the bacteria by boiling the water"),
        clean(r, "Scunthorpe and Essex are in England"),
        clean(r, "The Negro Leagues unit starts Monday"),
        clean(r, "Vomiting and nausea are symptoms of food poisoning"));
  }

  static Stream<Arguments> studentPii() {
    RuleId r = RuleId.STUDENT_PII;
    return Stream.of(
        hit(r, "Jake Miller failed the test again", "Jake Miller"),
        hit(r, "Jake Miller failed the test again", "failed"),
        hit(r, "Miller, Jake was suspended", "Miller, Jake"),
        hit(r, "jake miller has an IEP", "jake miller"),
        hit(r, "Sofia Hernandez-Ruiz lives on Oak Street", "Sofia Hernandez-Ruiz"),
        hit(r, "Liam O'Brien got a D", "Liam O'Brien"),
        hit(r, Drafts::studentToClass, "Grace Kim got detention lol", "Grace Kim"),
        hit(r, "Maya Lopez is failing math", "Maya Lopez"),
        clean(r, Drafts::staffToStaff, "Jake Miller failed the test; can we meet?"),
        clean(r, Drafts::staffToStudent, "Maya Lopez: your grade is a B+"),
        clean(r, "Jake Miller scored the winning goal!"),
        clean(r, "Congratulations to Grace Kim on the science fair award"),
        clean(r, Drafts::studentToStaff, "Jake Miller was fighting at lunch"));
  }

  static Stream<Arguments> topicScope() {
    RuleId r = RuleId.TOPIC_SCOPE;
    return Stream.of(
        hit(r, Drafts::staffToStudent, "Want to hang out and see a movie sometime?",
            "Want to hang out and see a movie sometime?"),
        hit(r, Drafts::staffToStudent, "How was your date with your boyfriend last night?",
            "How was your date with your boyfriend last night?"),
        hit(r, Drafts::staffToStudent, "I have been feeling lonely since my divorce",
            "I have been feeling lonely since my divorce"),
        hit(r, Drafts::staffToStudent, "I was thinking about what you said about your home life",
            "I was thinking about what you said about your home life"),
        clean(r, Drafts::staffToStudent, "Thanks!"),
        clean(r, Drafts::staffToStudent, "See you tomorrow"),
        clean(r, Drafts::staffToStudent, "Your essay draft is due Friday"),
        clean(r, Drafts::staffToStudent, "The movie we watch in class covers chapter 3"),
        clean(r, Drafts::staffToStudent, "Bus 14 leaves at 3:15 from the north lot"),
        clean(r, Drafts::studentToStaff, "want to hang out and see a movie?"),
        clean(r, Drafts::staffToStaff, "want to grab dinner after the staff meeting?"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource({"phones", "emails", "privateChannels", "secrecy", "grooming", "harassment",
      "studentPii", "topicScope"})
  void rule(RuleId rule, String text, ContentDraft draft, String excerpt) {
    check(rule, draft, excerpt);
  }
}
