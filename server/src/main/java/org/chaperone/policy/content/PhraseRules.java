package org.chaperone.policy.content;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phrase rules: regular expressions over the word view (lower case, leetspeak undone,
 * apostrophes dropped, one space between words, a line break between sentences). Each row names
 * its rule, clause, severity, who it applies to, and what it means.
 *
 * <p>Thread-safe.
 */
final class PhraseRules {
  /** Whose messages a row applies to. */
  enum Audience {
    /** Every sender. */
    ANYONE,
    /** Anyone but a student, writing to at least one student. */
    ADULT_TO_STUDENT
  }

  /**
   * One rule row. A {@code contactCue} row ("my number is", "my personal email") only introduces
   * contact details: when the contact rules report the details themselves, the cue is dropped.
   */
  record Row(RuleId rule, String clause, Severity severity, Audience audience, Pattern pattern,
      String meaning, boolean contactCue) {}

  /** Words a match can start with, as a bit set of rows; bounded so hostile text cannot grow it. */
  private static final java.util.concurrent.ConcurrentHashMap<String, Long> STARTERS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int STARTER_CACHE_LIMIT = 50_000;

  private static final String YOU = "(?:you|u|ya|yu)";
  private static final String YOUR = "(?:your|ur|yr)";
  private static final String YOURE = "(?:youre|ur|you are|u are|u r|you r)";
  private static final String I_WILL = "(?:i|ill|i will|i can|i could|i wanna|i want to|let me"
      + "|i am going to|im going to|im gonna|i am gonna|i gonna|i shall|i would|id|want me to"
      + "|ill just|i can just|lemme)";
  private static final String PLATFORM = "(?:snap|snapchat|sc|insta|instagram|ig|tiktok|tik tok"
      + "|discord|kik|telegram|whatsapp|whats app|signal|wechat|line|viber|skype|facebook|fb"
      + "|messenger|twitter|x|threads|bereal|reddit|imessage|facetime|google chat|hangouts"
      + "|groupme|my cell|my phone|my personal|my number|my mobile|cell|personal account"
      + "|personal email|private account|text)";
  private static final String PARENTS = "(?:parents?|mom|mum|mommy|dad|daddy|mother|father"
      + "|family|folks|guardians?|grandma|grandpa|step ?mom|step ?dad|other teachers"
      + "|the principal|principal|the office|counselor|friends)";

  private static final List<Row> ROWS = List.of(
      // --- private channels (P003-no-private-chat)
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?<![0-9] )(?:text|txt|texting|sms|dm|pm|snap|snapchat|whatsapp|facetime|imessage"
              + "|kik|inbox|telegram|d m|p m) me",
          "asks to move the conversation to texts or direct messages"),
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:add|follow|friend|find|message|msg|dm|pm|contact|reach|text|call|chat with|talk to"
              + "|talk with|hit) (?:me|" + YOU + ") (?:up )?(?:on|at|via|through|over|in) "
              + PLATFORM + "(?! (?:office|classroom|room|school|district) )",
          "invites the other person to talk on another platform"),
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:hmu|hit me up|slide (?:in|into) my dms?|my dms are open|check (?:your|ur) dms)",
          "invites a private direct-message conversation"),
      cue(row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "my (?:personal |private |own )?(?:snap|snapchat|sc|insta|instagram|ig|tiktok|discord"
              + "|kik|telegram|whatsapp|facebook|fb|twitter|cell|cell phone|cellphone|mobile"
              + "|cell number|personal number|phone number|number|handle|username|user name"
              + "|gamertag|gamer tag) (?:is|name is|handle is|username is|id is)(?! (?:broken|dead|off|not"
              + "|on|in|at|charging|lost|missing|gone|out|low|still|being|acting|down|busy|full"
              + "|the same|different|new|old|working|fixed|cracked)\\b)",
          "hands out a personal account or number")),
      cue(row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:my|a|our) (?:private|personal|secret|separate) (?:chat|account|number|email|phone"
              + "|cell|line|group chat|gc|group|snap|insta|instagram|server|channel)",
          "points to a private or personal channel")),
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "whats (?:your|ur) (?:snap|snapchat|sc|insta|instagram|ig|tiktok|discord|kik|telegram"
              + "|whatsapp|number|cell|cell number|phone number|personal email|gamertag|handle)"
              + "|join my (?:discord|server|group chat|gc|snap|snapchat|telegram|whatsapp|group)"
              + "|ill add (?:you|u)\\b",
          "asks for a private way to talk or invites to a private group"),
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:snap|snapchat|sc|insta|instagram|ig|tiktok|discord|kik|telegram)(?: is| name is"
              + "| handle is| username is)?\\n?[a-z0-9_]*[0-9_][a-z0-9_]*",
          "gives a social-media account to talk outside this channel"),
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:download|get|use|join|install|switch to|move (?:this|it|us) to|go on|talk on"
              + "|chat on|lets talk on|lets chat on|continue (?:this )?on|take this to)"
              + " (?:whatsapp|whats app|telegram|signal|snapchat|snap|kik|discord|wickr|wechat"
              + "|viber|imessage|instagram|insta)",
          "asks to continue on another messaging app"),
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          I_WILL + " (?:text|txt|dm|pm|snap|snapchat|facetime|whatsapp|call|ring) " + YOU
              + "(?: [a-z]+){0,3}? (?:later|tonight|on|at|from|privately|in private|after|when"
              + "|this weekend)",
          "offers to contact the other person privately"),
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:can|could|may|should) (?:i|we) (?:text|txt|dm|pm|snap|snapchat|facetime|call|add"
              + "|follow) " + YOU,
          "asks to contact the other person outside this channel"),
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:call|text|ring) (?:me )?(?:on |at )?my (?:cell|mobile|personal|home|own)"
              + "|(?:text|call) or (?:text|call)(?: me| whenever| anytime| any time)|(?:outside|off) (?:of )?(?:this app|this"
              + " channel|chaperone|the app|here)|(?:chat|talk|text|message) somewhere (?:more )?private"
              + "|(?:talk|chat|message)"
              + " (?:to |with )?(?:me )?(?:privately|in private|off the record|one on one)",
          "moves the conversation outside the supervised channel"),

      // --- secrecy (P001-classroom-extension)
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:dont|do not|never|dont you|dont ever|you cant|you cannot|you mustnt|better not)"
              + " (?:tell|show|mention|say (?:anything |a word )?to) (?:this |it |that"
              + " |anything )?(?:to )?(?:" + YOUR + " |the |any )?" + PARENTS
              + "(?! (?:about (?:the|your) (?:grade|test|quiz|assignment)|yet|the answers?|answers"
              + "|your (?:answers|work|test|quiz))\\b)",
          "asks the student to hide the conversation from parents or others"),
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:dont|do not|never) (?:tell|show|mention this to) (?:anyone|anybody|a soul|nobody"
              + "|no one)(?: about (?:this|us|it|what|our|me))?(?=$|\\n| ok| okay| please| alright"
              + "| k| got it| promise| understand| ever| at all| else)",
          "asks the student to tell no one"),
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:keep|keeping|kept|stay|stays) (?:this|it|that|what happened|our (?:chat|talk|talks"
              + "|conversation|conversations|messages|friendship|relationship)|this conversation"
              + "|these messages|us)(?: just| only)? (?:between (?:us|you and me|you and i|the two"
              + " of us|ourselves)|a secret|secret|to yourself|to urself|private|hush hush"
              + "|on the down low|on the dl|on the dl)",
          "asks the student to keep the conversation secret"),
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:just |only )?between (?:you and me|you and i|me and you|the two of us|us two)"
              + "|just between us|(?:(?:this|it)s |(?:this|it) (?:is|will be|stays) )?(?:our|a)"
              + " (?:little )?secret(?! (?:ballot|santa|code|word|ingredient|recipe|agent|garden"
              + "|service|admirer|of|to|is|for))",
          "frames the conversation as a secret"),
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:delete|erase|clear|remove|unsend) (?:this|these|the|our|my|all|all of|all the"
              + "|that|those) ?(?:messages?|texts?|chats?|conversations?|convo|thread|history|dms?"
              + "|pics?|photos?)?(?: (?:after|once|when|as soon as|right after|now|right away"
              + "|immediately)| after you read| when youre done)"
              + "|(?:delete|erase) (?:this|it|them|these)(?: (?:after|once|when|as soon as"
              + "|right away|now|immediately)| please| ok| okay|$|\\n)",
          "asks the student to delete the conversation"),
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:no one|nobody|noone|no body) (?:else )?(?:needs|has|have|ever|will ever|should|will"
              + "|would|has ever|is going) (?:to )?(?:know|find out)(?! (?:the|how|what|which|where"
              + "|why|if|whether|until|unless|about (?:the|your) (?:test|quiz|grade)))"
              + "|" + YOUR + " " + PARENTS + " (?:dont|do not|wont|will not|never|doesnt|does not)"
              + " (?:need|have|has) to (?:know|find out|see)"
              + "(?! (?:the|how|what|which|where|why|if|whether|until|unless|about (?:the|your)"
              + " (?:test|quiz|grade)))"
              + "|(?:dont|do not) (?:let|make) (?:" + YOUR + " )?" + PARENTS
              + " (?:know|find out|see (?:this|these|it|our))"
              + "|make sure (?:" + YOUR + " )?" + PARENTS + " (?:dont|do not|never|wont) (?:find out"
              + "|know|see)",
          "says others must not know about the conversation"),
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:dont|do not|never) (?:screenshot|forward|share|show anyone) (?:this|these|it|our"
              + "|my messages|my texts|what i)",
          "asks the student not to keep or share the conversation"),

      // --- grooming (P000-friending)
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          YOU + " (?:look|looked|looking|are looking|r looking) (?:so |really |very |super |totally"
              + " |extra |especially )?(?:beautiful|pretty|hot|sexy|cute|gorgeous|stunning"
              + "|handsome|attractive|adorable)",
          "comments on the student's appearance"),
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          YOURE + " (?:so |really |very |super |such a |a |the most )?(?:beautiful|pretty|hot"
              + "|sexy|cute|gorgeous|stunning|handsome|attractive|babe|sweetheart|darling"
              + "|sweetie|princess)(?: girl| boy| thing| young (?:lady|man))?",
          "comments on the student's appearance"),
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "mature for " + YOUR + " age|(?:nice|great|hot|sexy|cute|beautiful) (?:body|legs|figure"
              + "|butt|lips|curves|outfit on you)|what (?:are|r) " + YOU
              + " wearing|(?:send|show) me (?:a |some |another |more )?(?:selfies?|pics? of "
              + "(?:yourself|urself|you|u)|photos? of (?:yourself|urself|you|u)|pictures? of"
              + " (?:yourself|urself|you|u))",
          "comments on or asks for images of the student's body"),
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:i|ive) (?:been )?(?:keep )?(?:think|thinking|dream|dreaming|dreamt|dreamed) (?:about"
              + "|of) " + YOU + "(?! (?:all|guys|both|and (?:the|your) (?:team|class)))"
              + "|i (?:really |so )?(?:miss|love|adore|need) " + YOU + "(?! (?:all|guys|both"
              + "|kids|two|three|everyone|too all))(?: so much| more than|$|\\n| babe| sweetie"
              + "| xo| xx| too)"
              + "|" + YOURE + " (?:so )?special to me|my (?:favorite|favourite|special) (?:student"
              + "|girl|boy)(?! (?:project|work|essay|presentation|question|answer|art|poem|book|story"
              + "|quote|athlete|award)s?)|(?:you|u) and me (?:against|forever)|nobody understands " + YOU
              + " like i do",
          "speaks to the student in personal, affectionate terms"),
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:bought|got|get|buy|have|brought|give|giving|gave) (?:you|u) (?:a |an |a little |some"
              + " |a special |a new )?(?:gift|present|surprise|gift card|something special"
              + "|little something|phone|new phone|jewelry|necklace|bracelet|money|cash)"
              + "(?! (?:quiz|test|assignment|visit|guest|question|for (?:all|the class|everyone)))"
              + "|(?:gift|present|surprise|money|cash) (?:just )?for (?:you|u)(?: only)?\\b"
              + "(?! (?:all|guys|both|everyone|kids|class|two|three))"
              + "|(?:a )?(?:little )?something (?:special )?(?:just )?for (?:you|u)"
              + "(?! (?:all|guys|both|everyone|kids|class|two|three|to (?:read|do|try|practice)))"
              + "|(?:want|like) to (?:buy|spoil|treat) (?:you|u)",
          "offers the student a personal gift"),
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:meet|see|hang out|hangout|chill|get together|meet up|be together)(?: up)?(?: with"
              + " me)? (?:alone|privately|in private|after hours|off campus|outside (?:of )?school"
              + "|somewhere private|where no one|at my (?:house|place|apartment|home|car|room))"
              + "|come (?:over )?(?:to )?my (?:house|place|apartment|home|car|room|hotel)"
              + "|(?:just|only) (?:the two of us|you and me|you and i|us two)\\b"
              + "|(?:when|where) (?:no ?one|nobody) (?:is around|can see|will see|will know|is"
              + " watching)|(?:are|r) (?:you|u) (?:home )?alone|(?:is|are) " + YOUR + " (?:parents"
              + "|mom|dad|mother|father) (?:home|around|away|gone|out)|(?:my|our) (?:house|place"
              + "|apartment) (?:this weekend|tonight|after school|later)",
          "proposes meeting alone, off campus or in private"),
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          I_WILL + " (?:drive|pick|drop|give|take) (?:you|u)(?: up| home| off| a ride| a lift"
              + "| for a drive| for a ride| somewhere| out)|ride (?:home )?with me|(?:get in"
              + "|get into|hop in|ride in) my car",
          "offers the student a ride"),

      // --- threats and harassment (P000-harassment)
      row(RuleId.HARASSMENT, Severity.SEVERE, Audience.ANYONE,
          "(?:i|ill|i will|im going to|im gonna|i am going to|i am gonna|gonna|going to|we will"
              + "|well|we are going to|were going to|were gonna|i could|i should|i want to"
              + "|i wanna|someone should|somebody should|ima|imma) (?:kill|hurt|beat up|stab"
              + "|shoot|murder|punch|slap|choke|strangle) (?:you|u|ya)\\b|(?:break|smash) (?:your"
              + "|ur) (?:face|legs|neck|arms?|teeth)|beat the (?:crap|shit|hell|life) out of"
              + " (?:you|u|ya)",
          "threatens violence"),
      row(RuleId.HARASSMENT, Severity.SEVERE, Audience.ANYONE,
          "(?:kill|hang|cut|hurt|shoot) (?:yourself|urself|your self|ur self)|kys|go die|go and"
              + " die|(?:you|u) should (?:die|just die|disappear)|(?:you|u)(?:re| are| r)?"
              + " (?:dead|going to die|gonna die)(?: meat)?\\b|i know where (?:you|u) live"
              + "|watch (?:your|ur) back|(?:you|u)(?:ll| will) (?:regret|pay for) (?:this|it)"
              + "|(?:bring|bringing) a (?:gun|knife|weapon) to school|(?:shoot|bomb|blow) up"
              + " (?:the|this) school",
          "threatens harm"),
      row(RuleId.HARASSMENT, Severity.SEVERE, Audience.ANYONE,
          "go back to (?:your|ur|where) (?:own )?(?:country|you came from|people)",
          "attacks a group the person belongs to"),
      row(RuleId.HARASSMENT, Severity.MEDIUM, Audience.ANYONE,
          "(?:you|your) people (?:are|always|dont|should|cant)",
          "generalises about a group the person belongs to"),
      row(RuleId.HARASSMENT, Severity.MEDIUM, Audience.ANYONE,
          YOURE + " (?:so |such |an? |such an? |really |just |a total |the most )?(?:worthless"
              + "|pathetic|useless|ugly|fat|disgusting|trash|garbage|a failure|failure|waste of"
              + " space|a waste of space|nothing|a joke|freak|a freak|hopeless|a disgrace)"
              + "|nobody (?:likes|loves|wants|cares about) " + YOU + "|(?:i|we|everyone)"
              + " (?:hate|hates|despise) " + YOU + "|shut (?:up|your mouth|ur mouth) (?:you|u)\\b",
          "insults the person"));

  private PhraseRules() {}

  static List<Row> rows() {
    return ROWS;
  }

  private static Row row(RuleId rule, Severity severity, Audience audience, String regex,
      String meaning) {
    return new Row(rule, rule.clause(), severity, audience,
        Pattern.compile("(?<![a-z0-9*])(?:" + regex + ")(?![a-z0-9*])"), meaning, false);
  }

  private static Row cue(Row row) {
    return new Row(row.rule(), row.clause(), row.severity(), row.audience(), row.pattern(),
        row.meaning(), true);
  }

  /**
   * The rows a match can start with {@code word} in: those where matching the word alone
   * succeeds or runs off its end. One lookup per word instead of one regex attempt per row.
   */
  static long startersOf(String word) {
    Long known = STARTERS.get(word);
    if (known != null) {
      return known;
    }
    long mask = 0;
    for (int i = 0; i < ROWS.size(); i++) {
      Matcher m = ROWS.get(i).pattern().matcher(word);
      if (m.lookingAt() || m.hitEnd()) {
        mask |= 1L << i;
      }
    }
    if (STARTERS.size() < STARTER_CACHE_LIMIT) {
      STARTERS.put(word, mask);
    }
    return mask;
  }

  static void detect(Inspection in) {
    boolean adultToStudent = in.draft.adultToStudent();
    boolean family = in.draft.involvesStudentOrFamily();
    boolean contactFound = in.findings.stream().anyMatch(f -> f.rule() == RuleId.CONTACT_PHONE
        || f.rule() == RuleId.CONTACT_EMAIL);
    long enabled = 0;
    for (int i = 0; i < ROWS.size(); i++) {
      Row row = ROWS.get(i);
      boolean on = (row.audience() != Audience.ADULT_TO_STUDENT || adultToStudent)
          && (row.rule() != RuleId.PRIVATE_CHANNEL || family)
          && !(row.contactCue() && contactFound);
      if (on) {
        enabled |= 1L << i;
      }
    }
    if (enabled == 0) {
      return;
    }
    for (WordView view : in.phraseViews) {
      find(in, view, enabled);
    }
  }

  private static void find(Inspection in, WordView view, long enabled) {
    String text = view.text();
    List<WordView.Token> tokens = view.tokens();
    List<String> words = view.words();
    Matcher[] matchers = new Matcher[ROWS.size()];
    int[] next = new int[ROWS.size()];
    for (int k = 0; k < tokens.size(); k++) {
      long rows = startersOf(words.get(k)) & enabled;
      while (rows != 0) {
        int i = Long.numberOfTrailingZeros(rows);
        rows &= rows - 1;
        WordView.Token t = tokens.get(k);
        if (t.start() < next[i]) {
          continue;
        }
        Row row = ROWS.get(i);
        Matcher m = matchers[i];
        if (m == null) {
          m = row.pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
          matchers[i] = m;
        }
        m.region(t.start(), text.length());
        if (!m.lookingAt()) {
          continue;
        }
        next[i] = m.end();
        int end = m.end();
        while (end > m.start() && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\n')) {
          end--;
        }
        if (end == m.start()) {
          continue;
        }
        Span span = in.span(view.mapped(), m.start(), end);
        in.add(row.rule(), row.clause(), row.severity(),
            "\"" + span.excerpt() + "\" " + row.meaning() + " (" + row.clause() + ")", span);
      }
    }
  }
}
