package org.chaperone.policy.content;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A district's content-policy settings: what each rule does, and the data the rules need. The
 * {@code content} section of the district policy file ({@link ContentPolicySettingsParser}).
 *
 * @param actions what a violation of each rule does; {@link RuleId#HARASSMENT} set to
 *     {@link Action#OFF} turns harassment detection off, any other value defers to
 *     {@code harassmentActions}
 * @param harassmentActions what a harassment violation of each severity does
 * @param phoneRegion ISO 3166 region whose national numbering reads numbers without a country code
 * @param districtPhoneNumbers the district's official numbers (as digits, national or with country
 *     code); a number may end with {@code *} to allow a whole block (e.g. {@code 5035550*})
 * @param districtEmailDomains the district's email domains; subdomains are included
 * @param allowedHandles social-media handles the district runs (e.g. {@code @maplevalleyhs})
 * @param lexicon the harassment lexicon: {@code cuss} (the bundled list) or {@code none}
 * @param lexiconAllow words never treated as harassment, on top of the bundled health-class
 *     vocabulary
 * @param lexiconAdd words added to the lexicon, with their severity
 * @param topicVocabulary school-topic words added to the bundled vocabulary
 * @param topicMinWords staff→student messages shorter than this are not judged for topic
 */
public record ContentPolicySettings(
    Map<RuleId, Action> actions,
    Map<Severity, Action> harassmentActions,
    String phoneRegion,
    List<String> districtPhoneNumbers,
    List<String> districtEmailDomains,
    List<String> allowedHandles,
    String lexicon,
    Set<String> lexiconAllow,
    Map<String, Severity> lexiconAdd,
    Set<String> topicVocabulary,
    int topicMinWords) {

  /** The lexicons the gateway ships. */
  public static final Set<String> LEXICONS = Set.of("cuss", "none");

  public ContentPolicySettings {
    EnumMap<RuleId, Action> a = new EnumMap<>(RuleId.class);
    a.putAll(DEFAULT_ACTIONS);
    a.putAll(actions);
    actions = Map.copyOf(a);
    EnumMap<Severity, Action> h = new EnumMap<>(Severity.class);
    h.putAll(DEFAULT_HARASSMENT);
    h.putAll(harassmentActions);
    harassmentActions = Map.copyOf(h);
    phoneRegion = Objects.requireNonNull(phoneRegion, "phoneRegion").toUpperCase(Locale.ROOT);
    // numbers are compared as digits ("(503) 555-0100" → "5035550100"; a trailing * is a prefix)
    districtPhoneNumbers = districtPhoneNumbers.stream()
        .map(n -> n.replaceAll("[^0-9*]", "")).filter(n -> !n.isEmpty()).toList();
    districtEmailDomains = districtEmailDomains.stream()
        .map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
    allowedHandles = allowedHandles.stream()
        .map(d -> d.strip().toLowerCase(Locale.ROOT).replaceFirst("^@", "")).toList();
    if (!LEXICONS.contains(lexicon)) {
      throw new IllegalArgumentException("unknown lexicon " + lexicon + "; known: " + LEXICONS);
    }
    lexiconAllow = Set.copyOf(lexiconAllow.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList());
    lexiconAdd = Map.copyOf(lexiconAdd);
    topicVocabulary = Set.copyOf(
        topicVocabulary.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList());
    if (topicMinWords < 1) {
      throw new IllegalArgumentException("topicMinWords must be at least 1");
    }
  }

  /**
   * By default only high-certainty rules block (contact details, private-channel invitations,
   * missing media releases, severe harassment); uncertain ones hold.
   */
  static final Map<RuleId, Action> DEFAULT_ACTIONS = Map.of(
      RuleId.CONTACT_PHONE, Action.BLOCK,
      RuleId.CONTACT_EMAIL, Action.BLOCK,
      RuleId.PRIVATE_CHANNEL, Action.BLOCK,
      RuleId.SECRECY, Action.HOLD,
      RuleId.GROOMING, Action.HOLD,
      RuleId.HARASSMENT, Action.HOLD,
      RuleId.STUDENT_PII, Action.HOLD,
      RuleId.MEDIA_RELEASE, Action.BLOCK,
      RuleId.TOPIC_SCOPE, Action.HOLD);

  static final Map<Severity, Action> DEFAULT_HARASSMENT = Map.of(
      Severity.SEVERE, Action.BLOCK,
      Severity.HIGH, Action.HOLD,
      Severity.MEDIUM, Action.HOLD,
      Severity.LOW, Action.FLAG);

  /** The defaults: US numbering, no district numbers or domains, the bundled lexicon. */
  public static ContentPolicySettings defaults() {
    return new ContentPolicySettings(Map.of(), Map.of(), "US", List.of(), List.of(), List.of(),
        "cuss", Set.of(), Map.of(), Set.of(), 6);
  }

  public Action action(RuleId rule) {
    return actions.get(rule);
  }

  public Action harassmentAction(Severity severity) {
    return harassmentActions.get(severity);
  }

  /** A copy with the district's numbers and email domains. */
  public ContentPolicySettings withDistrictContacts(List<String> phones, List<String> domains) {
    return new ContentPolicySettings(actions, harassmentActions, phoneRegion, phones, domains,
        allowedHandles, lexicon, lexiconAllow, lexiconAdd, topicVocabulary, topicMinWords);
  }

  /** A copy where {@code rule} does {@code action}. */
  public ContentPolicySettings withAction(RuleId rule, Action action) {
    EnumMap<RuleId, Action> a = new EnumMap<>(actions);
    a.put(rule, action);
    return new ContentPolicySettings(a, harassmentActions, phoneRegion, districtPhoneNumbers,
        districtEmailDomains, allowedHandles, lexicon, lexiconAllow, lexiconAdd, topicVocabulary,
        topicMinWords);
  }
}
