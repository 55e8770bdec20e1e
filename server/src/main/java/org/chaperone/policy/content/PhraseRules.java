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
      String meaning, boolean contactCue, Pattern probe) {}

  /** What a word can start, and a number naming it in {@link #PAIRS}. */
  private record Starter(long rows, int id) {}

  /** Words a match can start with; bounded so hostile text cannot grow it. */
  private static final java.util.concurrent.ConcurrentHashMap<String, Starter> STARTERS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int STARTER_CACHE_LIMIT = 50_000;
  private static final java.util.concurrent.atomic.AtomicInteger WORD_IDS =
      new java.util.concurrent.atomic.AtomicInteger();
  /**
   * Rows a match can start in, by pair of words (see {@link #startersOf(String, char, String)}),
   * keyed by the two words' ids and the separator.
   */
  private static final java.util.concurrent.ConcurrentHashMap<Long, Long> PAIRS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int PAIR_CACHE_LIMIT = 100_000;
  /** More words than any row's match spans. */
  private static final int LONGEST_MATCH = 24;
  /** More words than any row's lookbehind reads. */
  private static final int LONGEST_LOOKBEHIND = 6;

  // ---- Word families. The rows below are built from them by intent (what the sender is trying
  // to do), so a new way of saying the same thing needs a word added to a family, not a new
  // sentence. Spelled as the word view spells words: lower case, apostrophes dropped ("dont").
  // Hostile text must not make a row backtrack or recurse without bound: every repeated group
  // has an upper bound, and a gap word is matched possessively ("(?: [a-z]++){0,3}?").

  private static final String YOU = "(?:you|u|ya|yu)";
  /** "you" meaning one person: not "you all", "you guys", "you two". */
  private static final String YOU_ONE = YOU + not("all(?! (?:the time|day|night|week|weekend))",
      "guys", "both", "two", "three", "kids", "everyone", "lot", "people", "girls and", "each");
  private static final String YOUR = "(?:your|ur|yr|yur)";
  /** "you are", and the common "your so ..." misspelling when an intensifier follows. */
  private static final String YOURE = "(?:youre|ur|you are|u are|u r|you r|ure|your(?= (?:so|soo"
      + "|really|very|such|super|too) ))";
  /** The sender offering or announcing something they will do. */
  private static final String I_WILL = "(?:i|ill|i will|i can|i could|i wanna|i want to|let me"
      + "|i am going to|im going to|im gonna|i am gonna|i gonna|ima|imma|i shall|i would|id"
      + "|want me to|ill just|i can just|lemme|i might|i may|i should|shall i|i will just)";
  /** Asking permission: "can I", "could we". */
  private static final String MAY_I = "(?:can|could|may|should|would|might|shall) (?:i|we)";

  // -- private channels
  /** Verbs whose "me" is always a private channel: "text me", "DM me", "snap me". */
  private static final String PRIVATE_VERB = "(?:text|txt|texting|sms|dm|pm|snap|snapchat|sc"
      + "|whatsapp|facetime|ft|imessage|kik|inbox|telegram|d m|p m|ig dm|insta dm|signal)";
  /** Verbs that reach someone, private only on a private channel: "message me on Discord". */
  private static final String REACH_VERB = "(?:add|follow|friend|find|message|msg|messege|dm|pm"
      + "|contact|reach|reach out to|text|txt|call|ring|phone|ping|chat with|talk to|talk with"
      + "|speak to|speak with|hit|get at|holler at|holla at|look|search for|search|catch|facetime"
      + "|snap|write|write to|email|find me|connect with)";
  /** Messaging apps and social networks. */
  private static final String APP = "(?:snap|snapchat|sc|insta|instagram|ig|tiktok|tik tok"
      + "|discord|kik|telegram|whatsapp|whats app|wa|signal|wechat|viber|skype|facebook|fb"
      + "|messenger|fb messenger|twitter|threads|bereal|reddit|imessage|facetime|ft"
      + "|google voice|groupme|group me|wickr|line app|my dms|dms|the dms|text|texts)";
  /** Apps where one talks (not only posts). */
  private static final String CHAT_APP = "(?:snap|snapchat|discord|kik|telegram|whatsapp"
      + "|whats app|signal|wechat|viber|skype|messenger|fb messenger|imessage|facetime|google"
      + " voice|groupme|group me|wickr|insta|instagram|ig|facebook|fb)";
  /** A personal line or account: "my cell", "your personal number". */
  private static final String PERSONAL_LINE = "(?:my|your|ur|yr) (?:personal |private |own "
      + "|home |real |other |regular )?(?:cell|cell phone|cellphone|mobile|phone|number|line"
      + "|cell number|phone number|digits|account|accounts)";
  /** What can be asked for or given out: "your number", "your snap", "your @". */
  private static final String HANDLE = "(?:number|cell|cell number|phone number|cell phone"
      + "|personal number|digits|snap|snapchat|sc|insta|instagram|ig|tiktok|discord|kik"
      + "|telegram|whatsapp|handle|at|personal email|personal phone|fb|facebook|twitter"
      + "|gamertag|gamer tag)" + not("on the", "in the", "for the", "on your jersey", "on khan");
  /** Not here: "off this app", "somewhere that isn't monitored". */
  private static final String ELSEWHERE = "(?:(?:outside|off) (?:of )?(?:this|the|our|the school"
      + "|chaperone)(?: school)? (?:app|channel|chat|platform|site|thing)|(?:outside|off) (?:of )?"
      + "(?:here|chaperone)|somewhere (?:more )?(?:private|else|safer)|elsewhere|in private"
      + "|where (?:no ?one|nobody|the school|they|your parents|ur parents|(?:the )?(?:teachers"
      + "|admins?|principal)) (?:cant|can not|cannot|wont|will not|doesnt|does not|dont|do not)"
      + " (?:see|read|check|monitor|find)|(?:that|which|where it|where its) (?:isnt|is not|aint"
      + "|wont be|is not being|isnt being) (?:monitored|supervised|recorded|saved|logged"
      + "|watched|tracked))";
  /** When, outside school: "tonight", "this weekend". */
  private static final String AFTER_HOURS = "(?:later|later on|tonight|tonite|2nite|tmrw"
      + "|tomorrow night|this weekend|over the weekend|over break|over the break|over the summer"
      + "|this summer|at home|at night|after school|after practice|after dark|when (?:you|u)"
      + " get home|when (?:youre|ur|you are) home|whenever|anytime|any time|l8r|this evening)";

  /** A digit, written or spelled out. */
  private static final String DIGIT = "(?:[0-9]|zero|one|two|three|four|five|six|seven|eight"
      + "|nine|oh)";

  // -- secrecy and grooming
  /**
   * People a student might be asked to hide things from, without a determiner: rows start with
   * the noun, since a row that could start at "the" or "your" would be tried at almost every word.
   */
  private static final String KEEPER = "(?:parents?|mom"
      + "|mum|mommy|momma|mama|dad|daddy|papa|mother|father|family|folks|guardians?|grandma"
      + "|grandpa|grandparents|nana|aunt|uncle|step ?mom|step ?dad|brothers?|sisters?|siblings"
      + "|friends?|best friend|bff|boyfriend|girlfriend|(?:other )?teachers|principal"
      + "|vice principal|assistant principal|office|counselor|coach|police|cops|nurse"
      + "|therapist|social worker|others|other kids|other students)";
  /** The same with a determiner: "your parents", "the principal". */
  private static final String KEEPERS = "(?:(?:your|ur|yr|the|any|my|our) )?" + KEEPER;
  /** Everyone at once: "anyone", "a soul". */
  private static final String ANYONE = "(?:anyone|anybody|any1|anyi|a soul|nobody|no one"
      + "|noone|no1|noi|nobdy|people|everyone|any one)";
  /** A negated telling: "don't", "never", "you can't", "promise not to". */
  private static final String DONT = "(?:dont|do not|never|dont you|dont ever|do not ever"
      + "|you cant|you cannot|you can not|you mustnt|you must not|you shouldnt|better not"
      + "|no need to|lets not|let s not|we wont|you wont|u wont|not to|promise not to|wont"
      + "|will not|i dont want you to|dont want you to|no|dont go|do not go)";
  /** Telling, showing or sharing. */
  private static final String TELL = "(?:tell|telling|show|showing|mention|mentioning|say"
      + " (?:anything|a word|nothing)|saying (?:anything|a word)|breathe a word(?: of (?:this|it"
      + "|that))?|talk|talking"
      + "|speak|bring (?:this|it|that) up|bring up|let on|share|sharing|forward|send|repeat)";
  /** What is told: "this", "our talks", "what we did". */
  private static final String TOLD = "(?: (?:this|it|that|anything|a word|nothing|these|those"
      + "|them|our (?:chat|chats|talk|talks|conversation|conversations|messages|texts|secret"
      + "|friendship|relationship|plans?)|what (?:we|i|happened|you)(?: [a-z]++){0,3}?|about"
      + " (?:this|it|that|us|me|our [a-z]++|what (?:we|i|happened)(?: [a-z]++){0,3}?)))?"
      + "(?: to| with)?";
  /** Things a student may well be told to keep from others: not secrecy. */
  private static final String SCHOOL_OBJECT = not("about (?:the|your) (?:grades?|test|quiz"
      + "|assignment|surprise|party|trip|field trip|fee|form)", "yet", "the answers?", "answers",
      "your (?:answers|work|test|quiz|password|login|grade|score)", "that (?:report cards|the"
      + " (?:test|quiz|trip)|school|class|grades)", "the (?:ending|password|code|combination)");
  /** Learning who knows what is teaching, not secrecy: "nobody knows how the pyramids ...". */
  private static final String NOT_A_FACT = not("the", "how (?:to|many|much)", "what", "which", "where", "why",
      "whether", "until", "unless", "if(?! (?:you|u) (?:dont|do not|never|keep))", "your"
      + " (?:grades?|scores?|password|answers)", "about (?:the|your) (?:test|quiz|grade)");
  /** The conversation itself: "these messages", "our chat". */
  private static final String CONVERSATION = "(?:messages?|texts?|chats?|conversations?|convo"
      + "|thread|history|chat history|dms?|pics?|photos?|pictures?|snaps?|emails?)";
  private static final String ATTRACTIVE = "(?:beautiful|pretty|hot|sexy|cute|gorgeous|stunning"
      + "|handsome|attractive|adorable|lovely|irresistible|fine|hawt|sexi|beautful|beatiful)";
  private static final String VERY = "(?:so |soo |sooo |really |very |super |totally |extra "
      + "|especially |such a |a |the most |way too |too |damn |hella |rlly ){0,4}";
  private static final String CLOTHES = "(?:dress|skirt|top|outfit|jeans|shorts|leggings"
      + "|swimsuit|bikini|bathing suit|uniform|clothes|shirt|pants|tights|heels|makeup|crop top"
      + "|yoga pants)";
  private static final String BODY = "(?:smile|eyes|body|figure|hair|legs|lips|face|skin|curves"
      + "|butt|ass|chest|boobs|abs|arms|feet|thighs)";

  private static final List<Row> ROWS = List.of(
      // --- private channels (P003-no-private-chat)
      // "text me", "DM me", "snap me": the verb itself is the private channel
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?<![0-9] )" + PRIVATE_VERB + " me" + not("too", "and (?:ms|mr|mrs)"),
          "asks to move the conversation to texts or direct messages"),
      // "add me on snap", "ping me on Discord", "reach out to me on Instagram"
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          REACH_VERB + " (?:me|" + YOU + ")(?: up| back| out)? (?:on|at|via|through|over|in"
              + "|using|from) (?:(?:my|ur|your) )?(?:" + APP + "|" + PERSONAL_LINE + ")"
              + not("office", "classroom", "room", "school", "district"),
          "invites the other person to talk on another platform"),
      // "message me privately", "talk with me somewhere more private", "talk off this app"
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:message|msg|dm|pm|text|txt)(?: (?:me|" + YOU + "))? (?:privately|directly|in private"
              + "|off the record|one on one|1 on 1)(?! (?:here|in (?:this|the) (?:app|channel)))"
              + "|(?:talk|chat|text|message|msg|speak|continue|communicate|talking|chatting"
              + "|conversation|move this|take this|take it)(?: (?:to|with) (?:me|" + YOU + "))?"
              + "(?: [a-z]++){0,3}? (?:privately|off the record|one on one|1 on 1|" + ELSEWHERE + ")",
          "moves the conversation outside the supervised channel"),
      // "hmu", "hit my line", "slide into my DMs", "shoot me a text", "send me a dm"
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "hmu|hit me up|hit my (?:line|phone|cell|dms?|inbox|snap|number)|slide (?:in|into)"
              + " my dms?|my dms are open|check (?:your|ur) dms|get at me|holla at me"
              + "|(?:send|shoot|drop|give) me (?:a |an )?(?:dm|pm|text|txt|snap|facetime|ft)s?"
              + not("here", "in (?:this|the) (?:app|channel|chat)", "message")
              + "|(?:send|shoot|drop) me (?:a )?(?:message|msg|line) (?:on|through|via|over) " + APP,
          "invites a private direct-message conversation"),
      // "I'll text you later", "let me give you a call tonight", "I'll message you on WhatsApp"
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          I_WILL + " (?:just )?(?:" + PRIVATE_VERB + " " + YOU_ONE
              + "|(?:call|ring|phone|message|msg|ping|email|write|contact|reach) " + YOU_ONE
              + "(?: [a-z]++){0,3}? (?:" + AFTER_HOURS + "|on " + APP + "|on " + PERSONAL_LINE
              + "|from " + PERSONAL_LINE + "|privately|in private)"
              + "|give " + YOU_ONE + " a (?:call|ring|buzz|text|txt|facetime|snap)"
              + "|(?:send|shoot|drop) " + YOU_ONE + " a (?:dm|pm|text|txt|snap)"
              + "|(?:call|ring) " + YOU_ONE + ")" + not("a (?:pass|copy|minute|second)", "back here",
              "in (?:class|the office|here)"),
          "offers to contact the other person privately"),
      // "can I text you", "could I add you on Facebook", "can I have your cell number"
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          MAY_I + " (?:" + PRIVATE_VERB + "|call|ring|phone|facetime|add|follow|friend|dm|message)"
              + " " + YOU_ONE + not("to (?:the|our|my|a|your)", "in (?:the|our|my|this)", "here",
              "back here", "as")
              + "|(?:can|could|may) (?:i|we) (?:get|have|grab|borrow) " + YOUR + " " + HANDLE
              + "|(?:give|send|text|dm|tell|shoot|drop) me " + YOUR + " " + HANDLE
              + "|(?:whats|wats|whts|wuts|what is|whatre|what are) (?:your|ur|yr|everyones"
              + "|every ones|ya) " + HANDLE + "s?",
          "asks for a private way to talk outside this channel"),
      // "are you on Snapchat?", "do you have insta", "u got discord?"
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:are|r) " + YOU + " on " + CHAT_APP + "|(?:do|did) " + YOU + " (?:have|got) (?:a |an )?"
              + CHAT_APP + "|(?<![^\\n])" + YOU + " (?:have|got|on) (?:a |an )?" + CHAT_APP
              + "(?: account)?(?=$|\\n)",
          "asks whether the other person is on a private messaging app"),
      // "accept my friend request", "unblock me", "did you get my text?", "answer your phone"
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:friend|follow) requests?|(?:accept|accepted|approve|approved|ignore|ignored|see|saw"
              + "|get|got) my (?:request|follow|add)|(?:unblock|unblocked|unmute|unmuted|follow back"
              + "|followed back|add back|added back) (?:me|" + YOU + ")|follow (?:me|" + YOU + ") back"
              + "|(?:follow|add) my (?:finsta|spam|spam account|alt|alt account|private account"
              + "|other account|personal account|story|page|account)"
              + "|(?:my|your|ur) (?:finsta|spam account|alt account|other account|second account)"
              + "|(?:drop|send|post|give me|leave) (?:your|ur|yr) (?:handle|username|user name|at"
              + "|snap|insta|ig|tiktok|discord|number|digits)"
              + "|(?:did|didnt|did not|have|havent) (?:you|u) (?:get|see|read|check|answer|reply to)"
              + " my (?:text|texts|message on " + APP + "|snap|snaps|dm|dms|call|calls|voicemail)"
              + "|(?:text|txt|snap|dm|message|call|ring|facetime) (?:me|" + YOU + ") back"
              + "|(?:answer|pick up) (?:your|ur) (?:phone|cell)"
              + "|(?:send|give|text|dm) " + YOU_ONE + " my (?:number|cell|digits|snap|insta|handle"
              + "|at|discord|personal (?:number|email|cell))"
              + "|give me a (?:call|ring|buzz|text|txt|holler|facetime)"
              + "|call me (?:" + AFTER_HOURS + ")|(?:talk|chat) (?:on|over) the phone"
              + "|i (?:texted|snapped|dmed|dmd|called|facetimed) " + YOU_ONE
              + "|(?:reply|respond|answer) to my (?:text|texts|snap|snaps|dm|dms|call|calls)"
              + "|(?:use|call|text) my (?:number|cell|digits)(?! (?:on|from) the (?:office|school))"
              + "|my (?:number|cell|digits)(?: is|s) (?:already )?in (?:your|ur) (?:phone|contacts)",
          "asks to keep in touch on a personal phone or account"),
      cue(row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "my (?:personal |private |own )?(?:snap|snapchat|sc|insta|instagram|ig|tiktok|discord"
              + "|kik|telegram|whatsapp|facebook|fb|twitter|cell|cell phone|cellphone|mobile"
              + "|cell number|personal number|phone number|number|handle|username|user name"
              + "|gamertag|gamer tag|digits|at) (?:is|name is|handle is|username is|id is)"
              + "(?! (?:broken|dead|off|not|on|in|at|charging|lost|missing|gone|out|low|still"
              + "|being|acting|down|busy|full|the same|different|new|old|working|fixed|cracked"
              + "|one|1|two|2|to|for)\\b)"
              + "|(?:heres|here is|here s) my (?:personal |private |own )?(?:snap|snapchat|insta"
              + "|instagram|ig|tiktok|discord|kik|telegram|whatsapp|cell|cell number|number|handle"
              + "|digits|personal email|email)",
          "hands out a personal account or number")),
      cue(row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:my|a|our) (?:private|personal|secret|separate) (?:chat|account|number|email|phone"
              + "|cell|line|group chat|groupchat|gc|group|snap|insta|instagram|server|channel)",
          "points to a private or personal channel")),
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:snap|snapchat|sc|insta|instagram|ig|tiktok|discord|kik|telegram)(?: is| name is"
              + "| handle is| username is)?\\n?[a-z]*+[0-9_][a-z0-9_]*+",
          "gives a social-media account to talk outside this channel"),
      // "let's talk on WhatsApp", "we can move this to Snapchat", "download Signal"
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:(?<=(?:lets|let us|we can|we could|we should|we will|well|can we|could we|shall we"
              + "|why dont we|wanna|want to|you can|u can|i can|ill|we need to|we gotta|just"
              + "|please|maybe we can|how about we) (?:just )?)|(?<![^\\n]))(?:talk|chat|text"
              + "|message|msg|continue|keep talking|keep chatting|keep in touch|stay in touch"
              + "|move|switch|take|go|hop|jump|talk more|chat more|meet|use)(?: (?:this|it|things"
              + "|the conversation|our conversation|us|our chat))?(?: (?:over|more|instead"
              + "|privately))? (?:on|to|over to|onto|via|through|in|over on) (?:" + CHAT_APP
              + "|text|texts|dms)"
              + "|(?:download|install|get on|hop on|go on|join|switch to|move to|move over to"
              + "|sign up for) " + CHAT_APP + not("filters?", "safety", "terms", "privacy")
              + "|(?:take|move|continue|carry on|keep) (?:this|the|our|it)(?: (?:convo|conversation"
              + "|chat|talk|discussion))? (?:to|on|over to|onto|in) (?:text|texts|dms|dm|private"
              + "|my (?:dms|phone|cell)|" + CHAT_APP + ")"
              + "|(?:continue|carry on|pick up|keep) (?:this|our|the) (?:convo|conversation|chat"
              + "|talk|discussion) (?:elsewhere|somewhere else|offline|off here|privately|in private)"
              + "|(?:voice|video) (?:chat|call) (?:on|over|through|in) " + CHAT_APP
              + "|(?<=(?:lets|let us|we can|we should|we could|wanna|want to) )go private",
          "asks to continue on another messaging app"),
      // "join my Discord", "I made a WhatsApp group", "a group chat without the teacher"
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:join|joined|joining|add (?:you|u) to|added (?:you|u) to|made|make|making|created"
              + "|create|started|start|set up|setting up|invite (?:you|u) to|invited (?:you|u) to"
              + "|get in|come to)(?: (?:a|an|the|my|our|this))?(?: (?:private|secret|class|team"
              + "|new|own|little|separate|side)){0,4} (?:(?:discord|whatsapp|whats app|telegram|snap"
              + "|snapchat|groupme|insta|instagram|signal|kik|facebook|fb|messenger)(?: (?:group"
              + "|chat|server|channel|group chat|gc))?|group chat on " + CHAT_APP + ")"
              + "|join my (?:server|group chat|groupchat|gc|group)"
              + "|(?:group ?chat|gc|chat|server|group|discord) without (?:the |any |our )?"
              + "(?:teachers?|adults?|parents?|staff|mr|ms|mrs|coach|grown ups)",
          "invites to a private group on another app"),
      // "call my cell", "text or call", and reasons to leave the app
      row(RuleId.PRIVATE_CHANNEL, Severity.HIGH, Audience.ANYONE,
          "(?:text|txt|sms|whatsapp|imessage|signal) (?:me )?(?:at |on |to )?" + DIGIT + "(?: ?" + DIGIT + "){6,14}"
              + "|(?:call|text|ring|phone|reach|message|msg|txt) (?:me )?(?:on |at )?my (?:cell|mobile"
              + "|personal|home|own|private|real)"
              + "|(?:text|call) or (?:text|call)(?: me| whenever| anytime| any time)"
              + "|(?<=(?:this|the) )app (?:saves|records|logs|keeps|stores) everything"
              + "|(?:faster|easier|better|quicker|safer) than (?:this|the) app"
              + "|instead of (?:using |messaging )?(?:this|the|the school) app"
              + "|(?:messages|texts|snaps|chats) (?:disappear|vanish|delete themselves)"
              + "|(?:talk|chat|text|message|continue) (?:on|in|through) (?:snap|snapchat) so",
          "moves the conversation outside the supervised channel"),

      // --- secrecy (P001-classroom-extension)
      // "don't tell your parents", "please don't mention our talk to your mom"
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          DONT + " " + TELL + TOLD + " " + KEEPERS + SCHOOL_OBJECT,
          "asks the student to hide the conversation from parents or others"),
      // "don't tell anyone", "promise me you won't tell anyone"
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          DONT + " " + TELL + TOLD + " " + ANYONE + "(?: else)?(?=$|\\n| ok| okay| k| please"
              + "| alright| got it| promise| understand| ever| at all| about (?:this|us|it|what"
              + "|our|me|that|today|last night|yesterday)| what (?:we|i|happened|you)| that"
              + " (?:we|i)| (?:we|i) (?:talked|said|told|did|met|texted)| not even| either| or"
              + "| and| lol| haha| ever| right| yet)",
          "asks the student to tell no one"),
      // "keep this between us", "keep it to yourself", "keep our chat from last night between us"
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:keep|keeping|kept|can (?:you|u) keep|lets keep)(?: (?:this|it|that|these|those"
              + "|everything|things|us|what (?:happened|we (?:talked about|discussed|did|said)|i"
              + " (?:said|told you))|our (?:chat|chats|talk|talks|conversation|conversations"
              + "|messages|texts|friendship|relationship|plans?|time together)|this conversation"
              + "|these messages))(?: today| tonight| yesterday| last night| earlier| for now)?"
              + "(?: just| only| strictly)? (?:a secret|secret|to (?:yourself|urself|your self"
              + "|ourselves)|2 (?:urself|yourself)|private|hush hush|hush|on the (?:down low|dl"
              + "|low)|under wraps|confidential|quiet(?! (?:in|during|while|at|for|please|so"
              + "|down|when)\\b)|from (?:everyone|anyone|anybody|" + KEEPERS + "))"
              + "|(?:keep|keeping|kept|stays?|staying|remains?|remaining|lets keep)(?: [a-z0-9]++)"
              + "{0,5}? (?:just |only |strictly )?between (?:us|you and me|you and i|me and you"
              + "|the two of us|ourselves|us two|u and me|you n me|me n you|u n me)"
              + not("unless", "except", "and (?:your|the) (?:partner|group)", "(?:and|but) if")
              + "|(?:can|could|will) (?:you|u) keep a secret|keep (?:it|this|that) (?:a )?secret"
              + "|(?:keep|stay|be) quiet about (?:it|this|that|us|what|our)"
              + "|(?:trouble|fired|in jail) if (?:anyone|anybody|someone|people|" + KEEPERS + ")"
              + " (?:found|finds|find|knew|knows|saw|sees) (?:out|this|these|us)"
              + "|(?:stays?|remains?) (?:just )?(?:a )?(?:secret|private)(?=$|\\n| ok| okay| got)",
          "asks the student to keep the conversation secret"),
      // "just between you and me", "this is our little secret"
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:just |only |strictly )?between (?:you and me|you and i|me and you|the two of us"
              + "|us two|u and me|you n me|me n you|u n me)" + not("unless", "except", "(?:and|but) if")
              + "|(?:just|only|strictly) between us|(?:this|it|that) is (?:just )?between us"
              + "|(?:our|are) (?:little |lil |special |own |big )?secret" + not("santa", "ballot",
              "code", "word", "ingredient", "recipe", "agent", "garden", "service", "admirer", "of",
              "to", "is", "for", "handshake", "menu")
              + "|(?:this|it|that|thats|its|this is|it is|that is)(?: is| will be| stays| has to"
              + " be| must be| should be| can be)?(?: just)? a (?:little |lil |tiny |special )?"
              + "secret" + not("santa", "ballot", "code", "word", "ingredient", "recipe", "agent",
              "garden", "service", "admirer", "of", "to", "handshake", "menu", "agreement"),
          "frames the conversation as a secret"),
      // "delete these messages after you read them", "erase our chat"
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:delete|erase|clear|remove|unsend|wipe|get rid of|trash)(?: all)?(?: of)? (?:our|my"
              + "|these|those|all|your|ur) " + CONVERSATION + "(?: history)?"
              + not("from (?:the|your) (?:shared|google|drive|folder)", "in (?:the|your) (?:shared"
              + "|google|drive|folder)")
              + "|(?:delete|erase|clear|remove|unsend|wipe|get rid of|trash) (?:this|that|the"
              + "|this whole|the whole) " + CONVERSATION + "(?: history)?(?: (?:after|once|when"
              + "|as soon as|right after|before|now|right away|immediately|tonight|asap|please|ok"
              + "|okay|k)|(?=$|\\n))"
              + "|(?:delete|erase|clear|unsend|wipe) (?:this|it|them|these|that)(?: (?:after|once"
              + "|when|as soon as|right away|now|immediately|before|tonight|asap|and (?:text|dm"
              + "|message|snap|call|msg))| please| ok| okay| k|(?=$|\\n))",
          "asks the student to delete the conversation"),
      // "no one needs to know", "your parents don't need to hear about this", "don't let anyone see"
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:no one|nobody|noone|no1|noi|no body|nobdy|not a soul)(?: else)? (?:needs|has|have"
              + "|should|must|will|would|will ever|ever|has ever|is going|is gonna|gotta|is ever"
              + " going|can|could|is allowed|is ever gonna|needs ever)(?: to)?(?: ever)? (?:know"
              + "|find out|hear|see|learn|figure (?:it |this )?out)" + NOT_A_FACT
              + "|" + KEEPER + " (?:dont|doesnt|do not|does not|wont|will not|never|not|shouldnt"
              + "|should not|cant|cannot|mustnt|wouldnt|would not|dont ever|didnt)(?: ever| even)?"
              + "(?: (?:need|needs|have|has|got|gotta|get|ever|gonna|going))?(?: to)? (?:know"
              + "|find out|hear|see|learn|understand)" + NOT_A_FACT
              + "|(?:dont|do not|never|dont ever) let (?:" + KEEPERS + "|anyone|anybody|nobody"
              + "|people|no one) (?:know|find out|see (?:this|these|it|our|my|that|us)|read"
              + " (?:this|these|it|our|my)|hear (?:about )?(?:this|it|us))"
              + "|make sure (?:" + KEEPERS + "|nobody|no one) (?:dont|do not|never|wont|doesnt"
              + "|does not|cant) (?:find out|know|see|hear|read)"
              + "|make sure (?:nobody|no one|noone) (?:else )?(?:sees|knows|finds out|reads|hears)"
              + "|" + KEEPER + " (?:check|checks|see|sees|read|reads|look at|looks at|go through"
              + "|goes through) (?:your|ur) (?:phone|messages|texts|chats)"
              + "|" + KEEPER + " (?:can|could|will|might|may|would) (?:read|see|check) (?:this"
              + "|these|our|my|your phone|ur phone|this app|the app)(?! (?:grade|report|assignment"
              + "|progress|rubric|post|announcement))",
          "says others must not know about the conversation"),
      // cover stories: "if anyone asks, we were talking about homework", "lie to your parents"
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "if (?:anyone|anybody|someone|somebody|" + KEEPERS + "|they|people) (?:asks?|ask you"
              + "|asks you|finds out|find out|wonders),? (?:just )?(?:say|tell (?:them|her|him)"
              + "|we were|it was|you were|act like|pretend)"
              + "|lie to " + KEEPERS + "|(?:conversation|chat|talk|convo) never happened|(?:we|i) never (?:talked|spoke|met|had this conversation)"
              + "|pretend (?:this|we|it|that) never|forget (?:this|we|i|that) (?:ever )?(?:happened"
              + "|talked|said)|tell " + KEEPERS + " (?:youre|ur|you are|you were|u r|that youre"
              + "|that you are|that you were) (?:at|with|over at|sleeping over|at a friends)",
          "asks the student to cover up the conversation"),
      // idioms: "mum's the word", "this doesn't leave this chat", "keep your parents out of this"
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:mums|mum s|moms) the word|(?:my |our )?lips (?:are |r )?(?:sealed|zipped)|zip (?:it|your"
              + " lips|ur lips)|keep (?:your|ur) (?:lips|mouth) (?:sealed|shut|zipped)|keep mum"
              + "|(?:doesnt|does not|wont|will not|shouldnt|should not|cant|cannot|must not|mustnt"
              + "|never) (?:leave|go beyond|get out of|get past) (?:this|the|our) (?:chat|room"
              + "|conversation|convo|app|thread|classroom|office)"
              + "|(?:what|whats|whatever|anything) (?:is |gets |we )?(?:said|say|talk about|share|happens"
              + "|do) (?:here|in here|in this chat|between us) stays (?:here|in here|in this"
              + " (?:chat|room)|between us)"
              + "|(?:keep|leave|kept) (?:your |ur |the )?" + KEEPER + " out of (?:this|it|our"
              + " [a-z]++)"
              + "|(?:no need|no reason|dont need|do not need|not necessary) to (?:bring|involve|tell"
              + "|loop in|get|let) (?:your |ur |the )?" + KEEPER + "(?: into| in on| involved| in)?"
              + "|" + KEEPER + " (?:doesnt|dont|does not|do not|shouldnt|should not|wont) (?:have|need)"
              + " to be (?:involved|in the loop|told|in on it|informed)"
              + "|(?:nobody|no one|noone|no1|noi) (?:else )?(?:has|needs|have|gets) to be (?:in the"
              + " loop|involved|told|in on (?:it|this))"
              + "|(?:best|better) not to (?:say|mention|tell|bring up) (?:anything|this|it|that)"
              + "(?: at home| to (?:your |ur )?" + KEEPER + ")?"
              + "|(?:dont|do not|never) let (?:this|it|that|any of this) get (?:back|out|around)"
              + "|(?:i would|id|i d) appreciate (?:your|ur) discretion|(?:be|stay) discreet"
              + "|(?:keep|stay) quiet about (?:it|this|that|us|what|our|today|tonight)"
              + "|(?:dont|do not|never) say (?:that )?i (?:told|said)|(?:didnt|did not|never)"
              + " hear (?:it|this|that) from me|hide (?:this|it|these|that|our [a-z]++) from"
              + "|(?:none of|not) (?:their|your (?:parents|moms|dads|familys|friends)|ur (?:parents"
              + "|moms|dads)) business",
          "asks the student to keep the conversation from others"),
      row(RuleId.SECRECY, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:dont|do not|never|please dont) (?:screenshot|screen shot|forward|save|repost|share)"
              + " (?:this|these|it|our|my messages|my texts|what i)"
              + "|(?:dont|do not|never|please dont) (?:share|show|post|send)(?: anyone| anybody)?"
              + " (?:our|my) (?:messages|texts|chats|conversations?|talks?|dms|pics|photos)",
          "asks the student not to keep or share the conversation"),

      // --- grooming (P000-friending)
      // appearance: "you look so beautiful", "you're gorgeous", "that top looks good on you"
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:" + YOU_ONE + "|" + YOU + " (?:girls|boys|ladies))(?: (?:look|looked|looking"
              + "|are looking|r looking|looks))? " + VERY + "(?:" + ATTRACTIVE
              + "|(?:so |really |super )?(?:amazing|good|great|nice|incredible|fire) (?:in (?:that"
              + "|your|those|this|the|ur) " + CLOTHES + "|today|2day|tonight|2nite|lately|these"
              + " days))"
              + "|" + YOURE + " " + VERY + "(?:" + ATTRACTIVE + "|babe|sweetheart|darling"
              + "|sweetie|princess|hottie)(?: girl| boy| thing| young (?:lady|man))?"
              + "|" + CLOTHES + " (?:looks?|looked|is|was) " + VERY
              + "(?:good|great|hot|sexy|cute|amazing|nice|beautiful|gorgeous|perfect) on "
              + YOU + "|wear (?:that|this|the|your|ur|those) " + CLOTHES + " (?:again|more often"
              + "|for me|tomorrow|more)"
              + "|(?:really |totally )?(?:suits|fits|flatters) (?:you|u)(?=$|\\n| well| perfectly"
              + "| nicely| so| really)"
              + "|(?:you|u) clean up (?:nice|nicely|well|good)"
              + "|(?:beautiful|pretty|gorgeous|stunning|handsome|attractive|sexy|hot) (?:young )?"
              + "(?:woman|lady|man|girl)"
              + "|(?:love|like|adore) (?:that|your|ur|the way you|those) (?:smile|eyes|body|hair|legs"
              + "|lips|laugh|outfit|figure|look|curves)"
              + "|(?:look|looked|looking) (?:so |really |very )?(?:grown up|grown|older|all grown up"
              + "|like an adult)",
          "comments on the student's appearance"),
      // body and images: "nice legs", "you have gorgeous eyes", "send me a selfie"
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "mature for " + YOUR + " age|(?:more|so much more|way more|much more|so) mature than"
              + " (?:the |most |other |all the |all ){0,3}(?:kids|students|girls|boys|people your age"
              + "|classmates|others)"
              + "|(?:nice|great|hot|sexy|cute|beautiful|gorgeous|perfect|killer) " + BODY
              + "|(?:you|u) (?:have|got|has) (?:a |such |so "
              + "|really |very |the most |the ){0,4}(?:beautiful|gorgeous|pretty|cute|sexy|hot"
              + "|lovely|perfect|nice|amazing|stunning|killer) " + BODY
              + "|(?<=(?:your|ur) )(?:body|figure|legs|butt|chest|lips|curves|abs) (?:is|are|looks?"
              + "|looked) (?:so |really |very |in )?(?:great|good|amazing|hot|sexy|nice|perfect"
              + "|beautiful|fit|toned|great shape|good shape|amazing shape)"
              + "|" + YOU_ONE + " (?:look|looks|are looking|r looking) like (?:a )?(?:grown |real "
              + "|all grown up )?(?:woman|man|lady)"
              + "|what (?:are|r) " + YOU + " wearing"
              + "|(?:send|show|dm|snap|text|give) me (?:a |some |another |more |a few )?(?:selfies?"
              + "|(?:pics?|pictures?|photos?|snaps?|videos?) of (?:yourself|urself|you|u|your"
              + " (?:new )?(?:self|outfit|body|dress|legs|face|swimsuit|bikini|hair|haircut|look"
              + "|nails|makeup|room|bedroom)|what (?:youre|you are|ur) wearing))"
              + "|(?:can|could|may) i (?:see|get|have) (?:more |some |a |another )?(?:pics?"
              + "|pictures?|photos?|selfies?) of (?:you|u|yourself)",
          "comments on or asks for images of the student's body"),
      // affection: "I can't stop thinking about you", "I missed you this weekend"
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:i|ive|im|i am|i have|i had|i keep|i still|i always|i cant stop|i can not stop"
              + "|i cannot stop)(?: been| keep| always| still| cant stop| can not stop)? (?:think"
              + "|thinking|thought|dream|dreaming|dreamt|dreamed|a dream|dreams|fantasize"
              + "|fantasizing) (?:about|of) " + YOU_ONE + not("and (?:your|the|ur) (?:team|class"
              + "|family|mom|dad|parents)", "during|at (?:the|your)")
              + "|i (?:really |so |just |truly )?(?:miss|missed|love|adore|need|want) " + YOU_ONE
              + "(?: so much| more than|$|\\n| babe| sweetie| xo| xx| too| already| this weekend"
              + "| over the weekend| over break| last night| every day| all the time| like crazy"
              + "| so bad| a lot| lots)"
              + "|(?:miss|missed) (?:you|u) (?:already|so much|like crazy|so bad)"
              + "|" + YOURE + " (?:so )?special to me|" + YOURE + " my (?:favorite|favourite|fav|fave)"
              + "(?=$|\\n| but| you know| ever| of all| student| person| girl| boy)"
              + "|my (?:favorite|favourite|special) (?:student"
              + "|girl|boy)(?! (?:project|work|essay|presentation|question|answer|art|poem|book"
              + "|story|quote|athlete|award)s?)|(?:you|u) and me (?:against|forever)|nobody"
              + " (?:understands|gets|knows) (?:you|u|me) like (?:i|you) do"
              + "|" + YOURE + " (?:the only one|the only person) (?:who|that) (?:really |truly )?"
              + "(?:gets|understands|knows) me"
              + "|" + YOURE + " (?:not like|different from) (?:the |other |most |all the |all ){0,3}"
              + "(?:other )?(?:students|kids|girls|boys|people your age|others)"
              + "|(?:we|us) (?:have|share|got) (?:a |such a |this |something )?(?:special|real"
              + "|deep|unique) (?:connection|bond|relationship|thing)|more than a teacher should"
              + "|(?:cant|can not|cannot) (?:get|keep) (?:you|u) (?:out of|off) my (?:head|mind)"
              + "|(?:you|u) (?:mean|meant) (?:so much|everything|the world|a lot|more) to me"
              + "|wish (?:you|u) (?:were|was|could be) (?:here )?(?:with me|here|mine)"
              + "|(?:mature|wise|older|grown up) beyond (?:your|ur) years"
              + "|(?:obsessed|crazy|infatuated) (?:with|about|over) (?:you|u)\\b"
              + "|" + YOURE + " my (?:girl|boy|baby|babe|love|sweetheart)"
              + "|(?<![a-z] )love (?:you|u|ya)(?=$|\\n| so| xo| babe| lots)|xoxo|hugs and kisses"
              + "|(?:sending|send) (?:you )?kisses|kiss (?:you|u)\\b"
              + "|(?:babe|baby girl|hottie|sexy|cutie|sweet cheeks)(?=$|\\n)",
          "speaks to the student in personal, affectionate terms"),
      // gifts: "I got you a present", "I'll buy you the shoes", "treat yourself"
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:bought|got|get|buy|have|brought|give|giving|gave) " + YOU_ONE + " (?:a |an |a little"
              + " |some |a special |a new )?(?:gift|present|surprise|gift card|something special"
              + "|little something|phone|new phone|jewelry|necklace|bracelet|money|cash)"
              + "(?! (?:quiz|test|assignment|visit|guest|question|for (?:all|the class|everyone)))"
              + "|(?:gift|present|surprise|money|cash) (?:just )?for (?:you|u)(?: only)?\\b"
              + "(?! (?:all|guys|both|everyone|kids|class|two|three))"
              + "|(?:a )?(?:little )?something (?:special )?(?:just )?for (?:you|u)"
              + "(?! (?:all|guys|both|everyone|kids|class|two|three|to (?:read|do|try|practice)))"
              + "|(?:want|like|love|going) to (?:buy|spoil|treat) (?:you|u)"
              + "|(?:buy|bought|buying|purchase|purchased) " + YOU_ONE + " (?:a|an|the|some|that"
              + "|those|whatever|anything|something|new|lunch|dinner|food|clothes|shoes)"
              + "|(?:left|put|hid|slipped) (?:a |an |some |something |a little )?(?:present|gift"
              + "|surprise|note|card|candy|something)?(?: for (?:you|u))? (?:in|on|under|inside)"
              + " (?:your|ur) (?:locker|desk|backpack|bag|car|mailbox|jacket)"
              + "|(?:pay|paying|paid|cover|covering) for (?:your|ur) (?:prom|dress|shoes|phone|nails"
              + "|hair|clothes|outfit|concert|tickets?|dinner|date|birthday)"
              + "|(?:heres|here is|here s|take) (?:some|a little|a bit of) (?:cash|money|spending"
              + " money)|(?:cash|money) for (?:the weekend|yourself|urself|you)"
              + "|treat (?:yourself|urself)|(?:venmo|venmoed|cash app|cashapp|zelle|paypal"
              + "|send|sent|give|gave) " + YOU_ONE + " (?:[0-9]+|some|a little) (?:dollars|bucks"
              + "|money|cash)"
              + "|take " + YOU_ONE + " (?:shopping|out|to dinner|to lunch|to the mall|to a movie"
              + "|to the movies|for (?:ice cream|coffee|dinner|lunch|a drive|food))",
          "offers the student a personal gift or treat"),
      // meeting alone or off campus: "meet me alone", "come over", "after everyone leaves"
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:meet|see|hang out|hangout|chill|get together|meet up|be together|spend (?:some )?"
              + "time|hang|get (?:dinner|lunch|coffee|food|ice cream)|grab (?:dinner|lunch|coffee"
              + "|food|a bite|ice cream)|go (?:out|somewhere|for a drive)|come (?:over|by|to my"
              + " [a-z]++)|stay)(?: [a-z0-9]++){0,5}? (?:alone|(?:just|only) (?:the two of us"
              + "|you and me|you and i|us two|us|me and you|you(?! (?:all|guys|and)))|privately|in private|after hours"
              + "|off campus|outside (?:of )?school|somewhere private|where no one|at my (?:house"
              + "|place|apartment|home|car|room))" + not("with (?:your|a) (?:group|partner|class)")
              + "|come (?:over |by )?(?:to )?my (?:house|place|apartment|home|car|bedroom|hotel)"
              + "|(?<=(?:my|our) )(?:house|place|apartment) (?:is|will be|s) (?:free|empty)"
              + "|come (?:see|visit|check out) my (?:house|place|apartment|home|room)"
              + "|(?:stay|sleep|spend the night|crash|sleep over) (?:at|over at) my (?:house|place"
              + "|apartment|home)"
              + "|(?<=(?:want to|wanna|can you|could you|you should|why dont you|you wanna|u wanna"
              + "|you can|u can) )come over"
              + "|(?:just|only) (?:the two of us|you and me|you and i|us two)\\b"
              + "|(?:when|where|while) (?:no ?one|nobody) (?:is around|can see|will see|will know"
              + "|is watching|is here|else is)"
              + "|(?<=(?:after|once|when) (?:the |all the )?)(?:everyone|everybody|others|other kids"
              + "|other students|kids|students) (?:leaves?|left|has left|have left|is gone|are gone"
              + "|goes home|go home)"
              + "|(?:meet|see|find) me (?:behind (?:the )?[a-z]++|under the bleachers|(?:in|at|by)"
              + " my car)"
              + "|(?<=(?:are|r) )(?:you|u) (?:home )?alone"
              + "|(?<=(?:is|are) (?:your|ur|yr) )(?:parents|mom|dad|mother|father|folks) (?:home"
              + "|around|away|gone|out)"
              + "|(?<=(?:when|while|if) (?:your|ur|yr) )(?:parents|mom|dad|mother|father|folks)"
              + " (?:are|is|r) (?:at work|out|away|gone|asleep|sleeping|not home|out of town|busy)"
              + "|(?<=when (?:are|r|is) (?:your|ur|yr) )(?:parents|mom|dad|mother|father|folks)"
              + " (?:out|away|gone|at work|out of town|leaving|going|not home)"
              + "|(?:anyone|anybody|someone|somebody) (?:home|there|around) with (?:you|u)"
              + "|(?:when|while) (?:you are|youre|ur|u r|you r) alone|alone in (?:your|ur)"
              + " (?:room|bedroom|house)"
              + "|(?<=(?:my|our) )(?:house|place|apartment) (?:this weekend|tonight|after school"
              + "|later)",
          "proposes meeting alone, off campus or in private"),
      // rides: "I can give you a ride", "I'll drive you", "I'll come get you"
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          I_WILL + " (?:drive " + YOU_ONE + "|(?:pick|drop) " + YOU_ONE + " (?:up|off)"
              + "|(?:give|take) " + YOU_ONE + "(?: up| home| a ride| a lift| for a drive"
              + "| for a ride| somewhere| out)|(?:come |swing by and |stop by and |swing by to"
              + " |come by and )?(?:get|grab|pick up|scoop) " + YOU_ONE
              + "(?: up)? (?:at|from|after|tonight|later|on|before))"
              + "|ride (?:home )?with me|(?:get in|get into|hop in|ride in|jump in) my car"
              + "|(?<=(?:you|u) )(?:want|like) a (?:ride|lift)",
          "offers the student a ride"),
      // sexual questions
      row(RuleId.GROOMING, Severity.HIGH, Audience.ADULT_TO_STUDENT,
          "(?:have|had|did) (?:you|u) (?:ever )?(?:been kissed|kissed (?:anyone|a (?:boy|girl|guy))"
              + "|had sex|have sex|done it|slept with)|(?:are|r) (?:you|u) (?:still )?a virgin"
              + "|(?:do|did) (?:you|u) (?:sleep|sleeps|sleeping) (?:naked|in the nude)",
          "asks the student about sexual experience"),

      // --- threats and harassment (P000-harassment)
      row(RuleId.HARASSMENT, Severity.SEVERE, Audience.ANYONE,
          "(?:i|ill|i will|im going to|im gonna|i am going to|i am gonna|gonna|going to|we will"
              + "|well|we are going to|were going to|were gonna|we gonna|i could|i should|i want to"
              + "|i wanna|someone should|somebody should|ima|imma|i swear ill|i swear i will"
              + "|i swear im gonna|i swear imma)(?: [a-z]++){0,5}? (?:kill|hurt|beat up|stab|shoot"
              + "|murder|punch|slap|choke|strangle|jump|smack|beat the (?:crap|shit|hell|life) out"
              + " of) (?:you|u|ya)\\b(?! (?:an? )?(?:email|text|message|note|line|dm|pass)|all"
              + "|guys)|(?:break|smash) (?:your|ur) (?:face|legs|neck|arms?|teeth)|beat the"
              + " (?:crap|shit|hell|life) out of (?:you|u|ya)",
          "threatens violence"),
      row(RuleId.HARASSMENT, Severity.SEVERE, Audience.ANYONE,
          "(?:kill|hang|cut|hurt|shoot) (?:yourself|urself|your self|ur self)|kys|go die|go and"
              + " die|(?:you|u) (?:should|deserve to|need to|better) (?:die|just die|disappear"
              + "|suffer|rot)|(?:i )?hope (?:you|u) (?:die|get hit|get hurt|rot|burn|choke|drown"
              + "|get shot|disappear)|(?:you|u)(?:re| are| r)?"
              + " (?:dead|going to die|gonna die)(?: meat)?\\b|i know where (?:you|u) live"
              + "|watch (?:your|ur) back|(?:you|u)(?:ll| will) (?:regret|pay for) (?:this|it)"
              + "|(?:bring|bringing) a (?:gun|knife|weapon) to school|(?:shoot|bomb|blow) up"
              + " (?:the|this) school",
          "threatens harm"),
      row(RuleId.HARASSMENT, Severity.SEVERE, Audience.ANYONE,
          "(?:smash|bash|break|kick|punch|beat|cave) (?:your|ur) (?:head|face|nose|skull|jaw|teeth"
              + "|ribs)(?: in)?|(?:you|u)(?:re| are| r)? (?:gonna|going to|about to) get (?:hurt|jumped"
              + "|beat|beaten|beat up|stabbed|shot|killed|smacked)|drop dead"
              + "|go back to (?:your|ur|where) (?:own )?(?:country|you came from|people)|go back to"
              + " (?:mexico|china|africa|india|asia|the border|your reservation|the reservation"
              + "|the ghetto|pakistan|iraq|iran|syria|somalia|haiti|honduras|guatemala|el salvador"
              + "|japan|korea|vietnam|russia|the middle east|puerto rico|the jungle)",
          "attacks a group the person belongs to"),
      row(RuleId.HARASSMENT, Severity.MEDIUM, Audience.ANYONE,
          "(?<=(?:you|your) )people (?:are|always|dont|should|cant)",
          "generalises about a group the person belongs to"),
      row(RuleId.HARASSMENT, Severity.MEDIUM, Audience.ANYONE,
          "(?:" + YOURE + "|yall are|you guys are|you all are)(?: all)? (?:so |such |an? |such an? "
              + "|really |just |a total |the most |a bunch of |bunch of |a fucking |fucking |fkn "
              + "|a complete |complete |literally |a lazy |lazy |a stupid |stupid ){0,5}(?:worthless"
              + "|pathetic|useless|ugly|fat|disgusting|trash|garbage|a failure|failure|waste of"
              + " space|a waste of space|nothing|a joke|freak|a freak|hopeless|a disgrace|idiots?"
              + "|morons?|losers?|clowns?|an embarrassment|jerks?|dicks?|pricks?|pigs?|creeps?"
              + "|hoes?|ho|thots?|whores?|sluts?|skanks?|retards?|gay)\\b"
              + "|nobody (?:likes|loves|wants|cares about) " + YOU + "|(?<=(?:i|we|everyone) )"
              + "(?:hate|hates|despise) " + YOU + "|shut (?:up|your mouth|ur mouth|your trap)"
              + "(?: (?:you|u)\\b| and| bitch| loser|(?=$|\\n))"
              + "|(?<=(?:your|ur) )(?:work|essay|writing|face|mom|family|project|drawing|art|voice"
              + "|attitude) (?:is|was|looks|sounds|are) (?:like )?(?:such |total |complete "
              + "|absolute )?(?:garbage|trash|crap|a joke|pathetic|worthless|disgusting|ugly)"
              + "|(?:suck|lick|eat) (?:my|a) (?:dick|cock|balls|ass|nuts)"
              + "|(?:screw|fuck|fk|fck|eff|frick) (?:you|u|off|yourself|urself)\\b"
              + "|nobody (?:asked|cares about|wants to hear from) (?:you|u|your opinion)"
              + "|(?:you|u) (?:suck|stink)|go cry(?: about it)?|cry about it|crybaby"
              + "|shut (?:your|ur) (?:face|mouth|trap|pie hole)|waste of (?:oxygen|air|space|skin)"
              + "|what a (?:bunch of |pack of )?(?:losers|idiots|morons|clowns|loser|idiot|moron"
              + "|clown|joke)|(?<=(?:youre|ur|you are|you r) )the (?:dumbest|stupidest|ugliest|worst"
              + "|laziest|most pathetic|biggest (?:loser|idiot|joke))"
              + "|(?:clown|moron|idiot|loser)(?=$|\\n)"
              + "|nobody would (?:miss|care about|notice) (?:you|u|if you)"
              + "|(?:world|everyone|everybody|we|school) (?:would be|d be) better (?:off )?without"
              + " (?:you|u)|make (?:your|ur) life (?:hell|miserable|a living hell)"
              + "|(?:sleep|sleeping) with one eye open"
              + "|(?<=(?:thats|that is|this is|its) )so gay|(?<=(?:your|ur) )(?:mom|mother|sister)"
              + " is a (?:whore|slut|hoe|ho|bitch)",
          "insults the person"));

  static {
    if (ROWS.size() > Long.SIZE) {
      throw new IllegalStateException("the starter bit sets hold at most 64 rows");
    }
  }

  private PhraseRules() {}

  static List<Row> rows() {
    return ROWS;
  }

  private static Row row(RuleId rule, Severity severity, Audience audience, String regex,
      String meaning) {
    String full = capturingLookbehinds("(?<![a-z0-9*])(?:" + regex + ")(?![a-z0-9*])");
    return new Row(rule, rule.clause(), severity, audience, Pattern.compile(full), meaning, false,
        Pattern.compile(withoutLookbehinds(full)));
  }

  /** A negative lookahead: not followed by a space and any of {@code words} as whole words. */
  private static String not(String... words) {
    return "(?! (?:" + String.join("|", words) + ")(?![a-z0-9]))";
  }

  private static Row cue(Row row) {
    return new Row(row.rule(), row.clause(), row.severity(), row.audience(), row.pattern(),
        row.meaning(), true, row.probe());
  }

  /**
   * {@code regex} with its lookbehinds removed: it matches wherever {@code regex} does, and more.
   * Starters are probed on a word without the text before it, where a lookbehind ("after
   * 'your'") cannot be judged.
   */
  static String withoutLookbehinds(String regex) {
    StringBuilder out = new StringBuilder(regex.length());
    int i = 0;
    while (i < regex.length()) {
      if (regex.startsWith("(?<=", i) || regex.startsWith("(?<!", i)) {
        i = groupEnd(regex, i);
      } else {
        out.append(regex.charAt(i));
        if (regex.charAt(i) == '\\' && i + 1 < regex.length()) {
          out.append(regex.charAt(i + 1));
          i++;
        }
        i++;
      }
    }
    return out.toString();
  }

  /**
   * {@code regex} with the content of each lookbehind in a capturing group: a span then starts
   * where the words the row read before its match start ("are your" in "are your parents home"),
   * so the excerpt reads as the sender wrote it. Rows use no other capturing groups.
   */
  static String capturingLookbehinds(String regex) {
    StringBuilder out = new StringBuilder(regex.length() + 8);
    int i = 0;
    while (i < regex.length()) {
      if (regex.startsWith("(?<=", i)) {
        int end = groupEnd(regex, i);
        out.append("(?<=(").append(capturingLookbehinds(regex.substring(i + 4, end - 1)))
            .append("))");
        i = end;
      } else {
        out.append(regex.charAt(i));
        if (regex.charAt(i) == '\\' && i + 1 < regex.length()) {
          out.append(regex.charAt(i + 1));
          i++;
        }
        i++;
      }
    }
    return out.toString();
  }

  /** Where the group opening at {@code open} ends (just after its closing parenthesis). */
  private static int groupEnd(String regex, int open) {
    int depth = 0;
    int j = open;
    do {
      char c = regex.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '[') {
        while (regex.charAt(j) != ']') {
          j += regex.charAt(j) == '\\' ? 2 : 1;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      j++;
    } while (depth > 0);
    return j;
  }

  /** Where the span of a match starts: at the words its lookbehind read, if any. */
  static int spanStart(Matcher m) {
    int start = m.start();
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.start(g) >= 0 && m.end(g) == m.start()) {
        start = Math.min(start, m.start(g));
      }
    }
    return start;
  }

  /**
   * The rows a match can start with {@code word} in. In a message a word is followed by a space,
   * a line break or nothing; a row can start there when it matches the word alone, or when
   * matching the word and its separator succeeds or needs to read further. A row that fails
   * before reading past the separator fails in every message ("in" cannot start "inbox"). One
   * lookup per word instead of one regex attempt per row.
   */
  static long startersOf(String word) {
    return starter(word).rows();
  }

  private static Starter starter(String word) {
    Starter known = STARTERS.get(word);
    if (known != null) {
      return known;
    }
    long mask = 0;
    for (int i = 0; i < ROWS.size(); i++) {
      Pattern p = ROWS.get(i).probe();
      if (p.matcher(word).lookingAt() || canContinue(p, word + " ")
          || canContinue(p, word + "\n")) {
        mask |= 1L << i;
      }
    }
    long rows = mask;
    if (STARTERS.size() >= STARTER_CACHE_LIMIT) {
      return new Starter(rows, -1);
    }
    return STARTERS.computeIfAbsent(word, w -> new Starter(rows, WORD_IDS.getAndIncrement()));
  }

  /**
   * The rows a match can start with {@code word} in when {@code next} follows it, after
   * {@code separator}: probed like {@link #startersOf(String)}, on the two words. Most attempts
   * fail at the second word ("you" then "should"); the probe, cached per pair, saves them.
   */
  static long startersOf(String word, char separator, String next) {
    return pairRows(starter(word), word, separator, starter(next), next);
  }

  private static long pairRows(Starter first, String word, char separator, Starter following,
      String next) {
    if (first.rows() == 0) {
      return 0;
    }
    int second = following.id();
    Long key = first.id() < 0 || second < 0 ? null
        : (long) first.id() << 33 | (separator == '\n' ? 1L << 32 : 0) | second;
    Long known = key == null ? null : PAIRS.get(key);
    if (known != null) {
      return known;
    }
    String probe = word + separator + next;
    long mask = 0;
    long candidates = first.rows();
    while (candidates != 0) {
      int i = Long.numberOfTrailingZeros(candidates);
      candidates &= candidates - 1;
      if (canContinue(ROWS.get(i).probe(), probe)) {
        mask |= 1L << i;
      }
    }
    if (key != null && PAIRS.size() < PAIR_CACHE_LIMIT) {
      PAIRS.put(key, mask);
    }
    return mask;
  }

  private static boolean canContinue(Pattern p, String probe) {
    Matcher m = p.matcher(probe);
    return m.lookingAt() || m.hitEnd();
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
    WordView words = in.phraseViews.get(0);
    find(in, words, enabled, null);
    for (int v = 1; v < in.phraseViews.size(); v++) {
      WordView view = in.phraseViews.get(v);
      find(in, view, enabled, nearChanges(words, view));
    }
  }

  /**
   * The tokens of {@code view} (a view with stretching or spacing undone) where a match can
   * start that the word view does not already have: those within {@link #LONGEST_MATCH} tokens
   * before a token the word view spells differently, or just after it (a lookbehind may read it).
   * A match that reads only unchanged tokens reads the same in the word view and was found there.
   */
  private static boolean[] nearChanges(WordView words, WordView view) {
    java.util.Map<Integer, String> plain = new java.util.HashMap<>();
    for (WordView.Token t : words.tokens()) {
      plain.put(t.baseStart() * 31 + t.baseEnd(), words.word(t));
    }
    List<WordView.Token> tokens = view.tokens();
    boolean[] near = new boolean[tokens.size()];
    for (int k = 0; k < tokens.size(); k++) {
      WordView.Token t = tokens.get(k);
      if (!view.word(t).equals(plain.get(t.baseStart() * 31 + t.baseEnd()))) {
        for (int j = Math.max(0, k - LONGEST_MATCH); j <= Math.min(tokens.size() - 1,
            k + LONGEST_LOOKBEHIND); j++) {
          near[j] = true;
        }
      }
    }
    return near;
  }

  private static void find(Inspection in, WordView view, long enabled, boolean[] only) {
    String text = view.text();
    List<WordView.Token> tokens = view.tokens();
    List<String> words = view.words();
    Matcher[] matchers = new Matcher[ROWS.size()];
    int[] next = new int[ROWS.size()];
    Starter following = tokens.isEmpty() ? null : starter(words.get(0));
    for (int k = 0; k < tokens.size(); k++) {
      Starter current = following;
      following = k + 1 < tokens.size() ? starter(words.get(k + 1)) : null;
      if (only != null && !only[k]) {
        continue;
      }
      long rows = current.rows() & enabled;
      if (rows != 0 && following != null) {
        rows &= pairRows(current, words.get(k), text.charAt(tokens.get(k).end()), following,
            words.get(k + 1));
      }
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
        Span span = in.span(view.mapped(), spanStart(m), end);
        in.add(row.rule(), row.clause(), row.severity(),
            "\"" + span.excerpt() + "\" " + row.meaning() + " (" + row.clause() + ")", span);
      }
    }
  }
}
