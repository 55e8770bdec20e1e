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
        clean(r, "We raised $1,234,567 in the fundraiser"),
        clean(r, "Essays are 750-1000 words, 12 pt font"),
        clean(r, Drafts::studentToStaff, "Her student number is 4015522 if that helps"),
        hit(r, "call me at 555-0143 after 6", "555-0143"));
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
        clean(r, "We are at school all day"),
        clean(r, "Marching band will blow the roof off at halftime. Be at the stadium by 6."),
        hit(r, "send it to jrivera77 @ g mail . com", "jrivera77 @ g mail . com"),
        hit(r, "jrivera at hot mail dot com", "jrivera at hot mail dot com"));
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
        hit(r, "I'll text you later", "I'll text you"),
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
        clean(r, "Email jrivera@maplevalley.k12.or.us with questions"),
        // by intent: a messaging verb aimed at "me", a reaching verb with a private channel,
        // offers, requests, moving elsewhere, groups, handles
        hit(r, "ping me on Discord tonight", "ping me on Discord"),
        hit(r, "get at me on snapchat", "get at me on snapchat"),
        hit(r, "Shoot me a text tonight", "Shoot me a text"),
        hit(r, "Hit my line later", "Hit my line"),
        hit(r, "Let me give you a call tonight", "Let me give you a call"),
        hit(r, Drafts::studentToStaff, "Are you on Snapchat?", "Are you on Snapchat"),
        hit(r, Drafts::studentToStaff, "u got discord?", "u got discord"),
        hit(r, Drafts::studentToStaff, "what's ur snap", "what's ur snap"),
        hit(r, Drafts::studentToStaff, "can i get ur number", "can i get ur number"),
        hit(r, "Give me your number and I'll text you", "Give me your number"),
        hit(r, "We can move this to WhatsApp", "We can move this to WhatsApp"),
        hit(r, "Join my Discord server", "Join my Discord server"),
        hit(r, Drafts::studentToClass, "lets make a groupchat without the teacher",
            "groupchat without the teacher"),
        hit(r, "Let's switch apps, this app saves everything", "this app saves everything"),
        hit(r, "We can talk more freely off this app", "talk more freely off this app"),
        hit(r, "Let's chat somewhere that isn't monitored", "chat somewhere that isn't monitored"),
        hit(r, "You can text 971 555 0172 whenever", "text 971 555 0172"),
        hit(r, "S h o o t me a text", "S h o o t me a text"),
        hit(r, "𝐝𝐦 𝐦𝐞 𝐨𝐧 𝐢𝐧𝐬𝐭𝐚", "𝐝𝐦 𝐦𝐞 𝐨𝐧 𝐢𝐧𝐬𝐭𝐚"),
        clean(r, "Text your parents if the bus is late"),
        clean(r, "Call me Ms. R, everybody does"),
        clean(r, "Add me as an editor on your shared doc"),
        clean(r, Drafts::studentToStaff, "Can I add you to the group project doc?"),
        clean(r, Drafts::staffToStudent, "What's your student number? The office needs it"),
        clean(r, "Snap a photo of your lab setup and upload it"),
        clean(r, "Message me here if you have questions"),
        clean(r, "We're discussing what to do if someone harasses you on Snapchat"),
        clean(r, Drafts::staffToStudent, "I'll text your coach so he knows you'll be late"),
        clean(r, "Follow me to the auditorium"),
        clean(r, "Text 988 if you are in crisis"),
        // social-app actions and phone follow-ups
        hit(r, Drafts::staffToStudent, "Accept my follow request on IG", "Accept my follow"),
        hit(r, Drafts::staffToStudent, "Unblock me on Snapchat please", "Unblock me"),
        hit(r, Drafts::staffToStudent, "Did you get my text?", "Did you get my text"),
        hit(r, Drafts::staffToStudent, "Answer your phone", "Answer your phone"),
        hit(r, Drafts::staffToStudent, "Drop your handle and I'll follow you", "Drop your handle"),
        hit(r, Drafts::studentToClass, "follow my finsta guys", "follow my finsta"),
        hit(r, Drafts::staffToStudent, "Let's take this convo to text", "Let's take this convo to text"),
        hit(r, Drafts::staffToStudent, "We can continue this conversation elsewhere",
            "We can continue this conversation elsewhere"),
        hit(r, Drafts::staffToStudent, "I'll shoot you a DM", "I'll shoot you a DM"),
        hit(r, Drafts::staffToStudent, "Give me a call this weekend", "Give me a call"),
        hit(r, Drafts::staffToStudent, "I'll send you my number", "send you my number"),
        clean(r, Drafts::staffToStudent, "Check your phone for the district alert about the snow day"),
        clean(r, Drafts::staffToStudent, "Save the office number, 503-555-0100, in your phone"),
        clean(r, "call me @ 971.555.0172"));
  }

  static Stream<Arguments> secrecy() {
    RuleId r = RuleId.SECRECY;
    return Stream.of(
        hit(r, Drafts::staffToStudent, "Don't tell your parents about this", "Don't tell your parents"),
        hit(r, Drafts::staffToStudent, "let's keep this between us", "let's keep this between us"),
        hit(r, Drafts::staffToStudent, "it's our little secret", "our little secret"),
        hit(r, Drafts::staffToStudent, "delete these messages after you read them", "delete these messages"),
        hit(r, Drafts::staffToStudent, "no one needs to know", "no one needs to know"),
        hit(r, Drafts::staffToStudent, "d0n7 t3ll y0ur m0m", "d0n7 t3ll y0ur m0m"),
        hit(r, Drafts::staffToStudent, "don't tell anyone ok?", "don't tell anyone"),
        clean(r, Drafts::staffToStudent, "Don't forget to tell your parents about the field trip"),
        clean(r, Drafts::staffToStudent, "Don't tell anyone the answers before Friday"),
        clean(r, Drafts::staffToStudent, "Nobody will know the answer to question 4 without reading"),
        clean(r, Drafts::staffToStudent, "Keep it quiet in the library please"),
        clean(r, Drafts::studentToStaff, "please don't tell my parents I failed"),
        clean(r, Drafts::staffToStaff, "let's keep this between us until the meeting"),
        // by intent: hiding from people, telling no one, keeping it secret, deleting, nobody
        // must know, cover stories
        hit(r, Drafts::staffToStudent, "Please don't mention our talk to your mom",
            "don't mention our talk to your mom"),
        hit(r, Drafts::staffToStudent, "Promise me you won't tell anyone.", "you won't tell anyone"),
        hit(r, Drafts::staffToStudent, "Keep our chat from last night between us",
            "Keep our chat from last night between us"),
        hit(r, Drafts::staffToStudent, "Your parents wouldn't understand", "parents wouldn't understand"),
        hit(r, Drafts::staffToStudent, "If anyone asks, we were talking about homework",
            "If anyone asks, we were"),
        hit(r, Drafts::staffToStudent, "This conversation never happened", "conversation never happened"),
        hit(r, Drafts::staffToStudent, "Delete our chat history tonight", "Delete our chat history"),
        hit(r, Drafts::staffToStudent, "no1 needs to know lol", "no1 needs to know"),
        hit(r, Drafts::staffToStudent, "Lie to your parents if they ask", "Lie to your parents"),
        hit(r, Drafts::staffToStudent, "keep it 2 urself", "keep it 2 urself"),
        clean(r, Drafts::staffToStudent, "Keep your answers to yourself until everyone has finished"),
        clean(r, Drafts::staffToStudent, "Don't share your login with anyone"),
        clean(r, Drafts::staffToClass, "The surprise party for Ms. Patel is a secret, so don't tell her"),
        clean(r, Drafts::staffToClass, "Journals stay between you and me unless you are in danger"),
        clean(r, Drafts::staffToStudent, "Delete the old draft before you upload the new one"),
        clean(r, Drafts::staffToStudent, "Your parents can see your grades in the portal"),
        clean(r, Drafts::staffToClass, "Nobody needs to memorize the whole periodic table"),
        clean(r, Drafts::staffToStudent, "Tell your parents that report cards come out Friday"),
        // idioms
        hit(r, Drafts::staffToStudent, "Mum's the word, ok?", "Mum's the word"),
        hit(r, Drafts::staffToStudent, "This doesn't leave this chat.", "doesn't leave this chat"),
        hit(r, Drafts::staffToStudent, "What's said here stays here.", "What's said here stays here"),
        hit(r, Drafts::staffToStudent, "Let's keep your parents out of this.",
            "keep your parents out of this"),
        hit(r, Drafts::staffToStudent, "No need to bring your mom into this.",
            "No need to bring your mom into"),
        hit(r, Drafts::staffToStudent, "Don't breathe a word of this to your mom.",
            "Don't breathe a word of this to your mom"),
        hit(r, Drafts::staffToStudent, "You didn't hear it from me", "didn't hear it from me"),
        hit(r, Drafts::staffToStudent, "Hide this from your dad", "Hide this from"),
        clean(r, Drafts::staffToStudent, "Keep your phone out of sight during the test"),
        clean(r, Drafts::staffToClass, "Please clear your desks before the quiz"),
        clean(r, Drafts::staffToClass, "Delete your old files from the shared folder"));
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
        clean(r, Drafts::staffToStaff, "you look great in the yearbook photo"),
        // by intent: appearance, body and images, affection, gifts, meeting alone, rides
        hit(r, Drafts::staffToStudent, "You have a beautiful smile", "You have a beautiful smile"),
        hit(r, Drafts::staffToStudent, "That top looks really good on you", "top looks really good on you"),
        hit(r, Drafts::staffToStudent, "I can't stop thinking about you", "I can't stop thinking about you"),
        hit(r, Drafts::staffToStudent, "I missed you this weekend", "I missed you this weekend"),
        hit(r, Drafts::staffToStudent, "I'll buy you the shoes you wanted", "buy you the"),
        hit(r, Drafts::staffToStudent, "Stay after practice, I want to spend some time alone with you",
            "spend some time alone"),
        hit(r, Drafts::staffToStudent, "Can you come over when your parents are at work?", "Can you come over"),
        hit(r, Drafts::staffToStudent, "I'll drive you to the mall", "I'll drive you"),
        hit(r, Drafts::staffToStudent, "Have you ever been kissed?", "Have you ever been kissed"),
        hit(r, Drafts::staffToStudent, "Meet me behind the gym", "Meet me behind the gym"),
        clean(r, Drafts::staffToStudent, "Come to my room at lunch if you want to join the study group"),
        clean(r, Drafts::staffToClass, "You all look so sharp in your concert black"),
        clean(r, Drafts::staffToStudent, "Thinking of you and your family this week"),
        clean(r, Drafts::staffToStudent, "Is anyone picking you up today?"),
        clean(r, Drafts::staffToStudent, "I'll give you a pass to the nurse"),
        clean(r, Drafts::staffToStudent, "We missed you in class today"),
        clean(r, Drafts::staffToClass, "Does anyone need a ride? Sign up for the carpool"),
        hit(r, Drafts::staffToStudent, "That outfit really suits you", "really suits you"),
        hit(r, Drafts::staffToStudent, "You're growing into a beautiful young woman",
            "beautiful young woman"),
        hit(r, Drafts::staffToStudent, "I can't get you out of my head", "can't get you out of my head"),
        hit(r, Drafts::staffToStudent, "You mean so much to me", "You mean so much to me"),
        hit(r, Drafts::staffToStudent, "I'll pay for your prom dress", "pay for your prom"),
        hit(r, Drafts::staffToStudent, "I'll swing by and grab you after work", "I'll swing by and grab you after"),
        hit(r, Drafts::staffToStudent, "You can stay at my place this weekend", "stay at my place"),
        hit(r, Drafts::staffToStudent, "Send me a pic of your new haircut", "Send me a pic of your new haircut"),
        clean(r, Drafts::staffToStudent, "Your new role suits your strengths; congratulations"),
        clean(r, Drafts::staffToStudent, "Great game, I love your hustle on defense"),
        clean(r, Drafts::staffToStudent, "Send me a photo of your finished worksheet"));
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
        hit(r, "you are an idiot", "you are an idiot"),
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
        clean(r, "Vomiting and nausea are symptoms of food poisoning"),
        hit(r, Drafts::studentToClass, "stfu", "stfu"),
        hit(r, Drafts::studentToClass, "i hope you die", "i hope you die"),
        hit(r, Drafts::studentToClass, "we're gonna jump you after school", "we're gonna jump you"),
        hit(r, Drafts::studentToClass, "I'm going to come to that school and kill you",
            "I'm going to come to that school and kill you"),
        hit(r, Drafts::studentToClass, "go back to mexico", "go back to mexico"),
        hit(r, Drafts::studentToClass, "loser", "loser"),
        hit(r, Drafts::studentToClass, "You're all a bunch of idiots", "You're all a bunch of idiots"),
        hit(r, Drafts::studentToClass, "screw you", "screw you"),
        clean(r, Drafts::staffToStudent, "I'll shoot you an email with the rubric"),
        clean(r, "We are going to destroy them on Friday"),
        clean(r, "Go back to page 5 and check your work"),
        hit(r, Drafts::studentToClass, "I'll smash your head in", "smash your head in"),
        hit(r, Drafts::studentToClass, "you're a waste of oxygen", "waste of oxygen"),
        hit(r, Drafts::studentToClass, "nobody asked you, clown", "nobody asked you"),
        hit(r, Drafts::studentToClass, "drop dead", "drop dead"),
        hit(r, Drafts::studentToClass, "nobody would miss you", "nobody would miss you"),
        hit(r, Drafts::studentToStaff, "you're the dumbest teacher here", "you're the dumbest"),
        clean(r, "The vacuum pump will suck the air out of the jar"),
        clean(r, "Drop the dead leaves in the compost bin"));
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
        clean(r, Drafts::studentToStaff, "Jake Miller was fighting at lunch"),
        hit(r, "Jake Miller's mom's cell is on the sign-up sheet", "mom's cell"));
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
        clean(r, Drafts::staffToStaff, "want to grab dinner after the staff meeting?"),
        // a class announcement is not a personal conversation
        clean(r, Drafts::staffToClass, "Bring a coat, it's going to be cold at the zoo"),
        clean(r, Drafts::staffToClass, "Did you all watch the new Netflix show?"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource({"phones", "emails", "privateChannels", "secrecy", "grooming", "harassment",
      "studentPii", "topicScope"})
  void rule(RuleId rule, String text, ContentDraft draft, String excerpt) {
    check(rule, draft, excerpt);
  }
}
